"""Tiny fixed lifting cases whose outputs were frozen before the
``BaseLifter`` / ``BaseKeypointCodec`` refactor (issue 17).

:func:`run_cases` builds each lifting estimator from a config dict, fills
every parameter and buffer with fixed values (by state-dict name, so the
check does not depend on construction order but does fail if a key is
renamed), runs ``loss`` in train mode and ``predict``/``tensor`` in eval
mode on hand-made batches, and returns every number as numpy arrays.
``data/lifting_golden.npz`` holds the values that revision d7b7801 (before
the refactor) gave. ``python -m tests.test_models.lifting_golden_cases``
rewrites it: do that only for a deliberate change of numerics, and say so
in the commit.
"""
from pathlib import Path
from typing import Dict, List

import numpy as np
import torch
from mmengine.structures import InstanceData
from mmpose.structures import PoseDataSample

GOLDEN = Path(__file__).parent / 'data' / 'lifting_golden.npz'

K = 5  # joints
FLIP = [0, 2, 1, 4, 3]
PARENTS = [-1, 0, 0, 1, 2]


def _fill(model: torch.nn.Module, seed: int) -> None:
    """Every float tensor of the state dict from one seeded stream."""
    rng = np.random.default_rng(seed)
    with torch.no_grad():
        for name, t in sorted(model.state_dict().items()):
            if not t.is_floating_point():
                continue
            v = rng.uniform(-.5, .5, t.shape)
            if name.endswith('running_var'):
                v = 1. + np.abs(v)
            elif name.endswith('.weight') and t.dim() == 1:  # norm scale
                v = 1. + v
            t.copy_(torch.as_tensor(v, dtype=t.dtype))


def _keys(model: torch.nn.Module) -> str:
    return '\n'.join(model.state_dict().keys())


def _single_frame(out: Dict[str, np.ndarray]) -> None:
    from selfpose_mm.registry import MODELS
    codec = dict(type='PinholeLiftingLabel', num_keypoints=K, root_index=0,
                 target_scale=1000.)
    model = MODELS.build(
        dict(
            type='SingleFrameLifter',
            backbone=dict(type='MLPLifterBackbone', in_channels=2 * K,
                          channels=8, num_blocks=1, dropout=0.),
            head=dict(type='LiftingRegressionHead', in_channels=8,
                      num_joints=K, decoder=codec)))
    out['sf_keys'] = np.array(_keys(model))
    _fill(model, 1)
    rng = np.random.default_rng(11)
    x = torch.as_tensor(rng.normal(0, .3, (4, K, 2)), dtype=torch.float32)
    samples: List[PoseDataSample] = []
    for b in range(4):
        s = PoseDataSample()
        lab = InstanceData()
        lab.lifting_target = torch.as_tensor(
            rng.normal(0, .4, (1, K, 3)), dtype=torch.float32)
        lab.lifting_target_weight = torch.as_tensor(
            (rng.uniform(size=(1, K)) > .2).astype(np.float32))
        s.gt_instance_labels = lab
        samples.append(s)
    model.train()
    losses = model(list(x), samples, mode='loss')
    for k, v in losses.items():
        out[f'sf_loss_{k}'] = v.detach().numpy()
    model.eval()
    out['sf_tensor'] = model(x, None, mode='tensor').detach().numpy()
    res = model(x, [PoseDataSample() for _ in range(4)], mode='predict')
    out['sf_pred'] = np.stack([r.pred_instances.keypoints_3d for r in res])
    out['sf_scores'] = np.stack([r.pred_instances.scores for r in res])


def _video(out: Dict[str, np.ndarray]) -> None:
    from selfpose_mm.registry import MODELS
    from selfpose_mm.structures import (MultiViewCameras,
                                        MultiViewPoseDataSample)
    codec = dict(type='VideoLiftingLabel', num_keypoints=K)
    bb = dict(type='TemporalConvLifter', in_channels=2 * K, channels=8,
              kernel_sizes=(3, 3), dropout=0.)
    model = MODELS.build(
        dict(
            type='VideoPoseLifter',
            backbone=bb,
            head=dict(type='TemporalLiftingHead', in_channels=8,
                      num_joints=K, decoder=codec),
            traj_backbone=bb,
            traj_head=dict(type='TemporalTrajectoryHead', in_channels=8,
                           decoder=codec),
            reprojection_loss=dict(type='ReprojectionLoss'),
            bone_loss=dict(type='BoneLengthLoss', parents=PARENTS)))
    out['vp_keys'] = np.array(_keys(model))
    _fill(model, 2)
    rng = np.random.default_rng(12)
    rf, b = 9, 3

    def f32(a):
        return torch.as_tensor(a, dtype=torch.float32)

    x = f32(rng.normal(0, .3, (b, rf, K, 2)))
    samples = []
    for _ in range(b):
        s = PoseDataSample()
        lab = InstanceData()
        lab.lifting_target = f32(rng.normal(0, .3, (1, K, 3)))
        lab.trajectory_target = f32(
            np.array([[[.1, -.1, 4.]]]) + rng.normal(0, .1, (1, 1, 3)))
        lab.trajectory_weight = 1. / lab.trajectory_target[..., 2]
        s.gt_instance_labels = lab
        u = MultiViewPoseDataSample(metainfo=dict(
            image_size=np.array([1000., 1000.])))
        u.cameras = MultiViewCameras(
            K=np.array([[[1100., 0, 500], [0, 1100., 480], [0, 0, 1]]]),
            R=np.eye(3)[None], t=np.zeros((1, 3)),
            dist=np.array([[-.2, .1, .001, -.001, 0.]]),
            image_size=np.array([[1000., 1000.]]), dist_model='opencv')
        ul = InstanceData()
        ul.keypoints_2d_target = f32(rng.normal(0, .3, (1, K, 2)))
        u.gt_instance_labels = ul
        s.unlabeled = u
        s.unlabeled_inputs = f32(rng.normal(0, .3, (rf, K, 2)))
        samples.append(s)
    model.train()
    for semi in (True, False):
        ss = samples if semi else [
            PoseDataSample(gt_instance_labels=s.gt_instance_labels)
            for s in samples
        ]
        losses = model(list(x), ss, mode='loss')
        for k, v in losses.items():
            out[f'vp_semi{int(semi)}_loss_{k}'] = v.detach().numpy()
    model.eval()
    out['vp_tensor'] = model(list(x), None, mode='tensor').detach().numpy()
    vids = [f32(rng.normal(0, .3, (n, K, 2))) for n in (9, 14)]
    for flip in (True, False):
        model.test_cfg['flip_test'] = flip
        res = model(vids, [
            PoseDataSample(metainfo=dict(flip_indices=FLIP,
                                         flip_indices_2d=FLIP))
            for _ in vids
        ], mode='predict')
        for i, r in enumerate(res):
            for key in ('keypoints_3d', 'trajectory', 'scores'):
                out[f'vp_flip{int(flip)}_{i}_{key}'] = \
                    r.pred_instances.get(key)


def _multiview(out: Dict[str, np.ndarray]) -> None:
    from selfpose_mm.registry import MODELS
    from selfpose_mm.structures import (MultiViewCameras,
                                        MultiViewPoseDataSample)
    from tests.test_mvlift._helpers import synthetic_rig
    model = MODELS.build(
        dict(
            type='MultiViewSelfSupervisedLifter',
            backbone=dict(type='MLPLifterBackbone', in_channels=2 * K,
                          channels=8, num_blocks=1, dropout=0.),
            head=dict(type='LiftingRegressionHead', in_channels=8,
                      num_joints=K),
            mv_loss=dict(type='MultiViewConsistencyLoss')))
    out['mv_keys'] = np.array(_keys(model))
    _fill(model, 3)
    rig = synthetic_rig()
    rng = np.random.default_rng(13)
    b, v = 2, 3
    x = torch.as_tensor(rng.normal(0, .2, (b, v, K, 2)), dtype=torch.float32)
    samples = []
    for _ in range(b):
        s = MultiViewPoseDataSample()
        s.cameras = MultiViewCameras(
            K=rig['K'], R=rig['R'], t=rig['t'], dist=rig['dist'],
            dist_model='opencv')
        lab = InstanceData()
        lab.keypoints_2d = torch.as_tensor(
            rng.uniform(200, 500, (v, K, 2)), dtype=torch.float32)
        lab.keypoints_2d_visible = torch.as_tensor(
            (rng.uniform(size=(v, K)) > .1).astype(np.float32))
        s.gt_instance_labels = lab
        samples.append(s)
    model.train()
    losses = model(list(x), samples, mode='loss')
    for k, val in losses.items():
        out[f'mv_loss_{k}'] = val.detach().numpy()
    model.eval()
    out['mv_tensor'] = model(x, None, mode='tensor').detach().numpy()
    for shape in ((b, v, K, 2), (b, K, 2)):
        res = model(x.reshape(shape) if len(shape) == 4 else x[:, 0],
                    [PoseDataSample() for _ in range(b)], mode='predict')
        out[f'mv_pred_{len(shape)}'] = np.stack(
            [r.pred_instances.keypoints_3d for r in res])


def _codecs(out: Dict[str, np.ndarray]) -> None:
    from selfpose_mm.registry import KEYPOINT_CODECS
    rng = np.random.default_rng(14)
    pin = KEYPOINT_CODECS.build(
        dict(type='PinholeLiftingLabel', num_keypoints=K, root_index=1))
    intr = np.array([[1000., 0, 500], [0, 990., 400], [0, 0, 1]])
    enc = pin.encode(
        keypoints=rng.uniform(0, 900, (K, 2)), intrinsics=intr,
        keypoints_3d=rng.normal(0, 400, (K, 3)) + [0, 0, 4000])
    for k, val in enc.items():
        out[f'pin_{k}'] = val
    vid = KEYPOINT_CODECS.build(
        dict(type='VideoLiftingLabel', num_keypoints=K, root_index=2))
    args = (rng.uniform(0, 900, (4, K, 2)), (1000, 800),
            rng.normal(0, 400, (2, K, 3)) + [0, 0, 4000],
            rng.uniform(0, 900, (2, K, 2)))
    enc = vid.encode(
        keypoints=args[0], image_size=args[1], keypoints_3d=args[2],
        keypoints_2d_target=args[3])
    for k, val in enc.items():
        out[f'vid_{k}'] = val


def run_cases() -> Dict[str, np.ndarray]:
    """All cases, one flat dict of numpy arrays."""
    from selfpose_mm.setup_env import register_all_modules
    register_all_modules()
    torch.set_num_threads(1)
    out: Dict[str, np.ndarray] = {}
    _codecs(out)
    _single_frame(out)
    _video(out)
    _multiview(out)
    return {k: np.asarray(v) for k, v in out.items()}


if __name__ == '__main__':
    GOLDEN.parent.mkdir(exist_ok=True)
    np.savez_compressed(GOLDEN, **run_cases())
    print(f'wrote {GOLDEN}')
