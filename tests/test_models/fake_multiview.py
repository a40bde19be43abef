"""Fake packed multi-view samples for the model tests (no data branch).

Builds samples in the packed format of ``PackMultiViewInputs``: heatmap
mode inputs ``(V, K, H, W)`` rendered from projected GT joints, and a
``MultiViewPoseDataSample`` with its ``cameras`` (a ``MultiViewCameras``
``(V,)`` with the input affine), input/heatmap sizes in the metainfo and
``gt_instances``.
"""
from typing import List, Sequence, Tuple

import numpy as np
import torch
from mmengine.structures import InstanceData

from selfpose_mm.geometry import get_affine_matrix, project_points, ring_rig
from selfpose_mm.structures import MultiViewCameras, MultiViewPoseDataSample

__all__ = ['fake_rig', 'fake_people', 'render_heatmaps', 'make_sample',
           'make_batch', 'camera_arrays']

IMAGE_SIZE = (320, 240)


def fake_rig(num_views: int = 3,
             dist: Sequence[float] = (-0.12, 0.03, 1e-3, -2e-3, 0.),
             heatmap_size: Tuple[int, int] = (40, 32),
             rot_deg: float = 8.,
             focal: float = 260.) -> dict:
    """Ring cameras with distortion and a rotated letterbox affine.

    Returns:
        dict: ``cameras`` (``MultiViewCameras`` ``(V,)``, float32, with the
        affine and input size), ``input_size``, ``heatmap_size`` and
        ``camera_names``.
    """
    cams = ring_rig(num_views, radius=4500., height=1800.,
                    target=(0., 0., 900.), image_size=IMAGE_SIZE,
                    focal=focal, azimuth_offset=20., dist=dist)
    w0, h0 = IMAGE_SIZE
    aff = np.stack([
        get_affine_matrix(
            np.array([w0 / 2. + 7 * v, h0 / 2. - 5.]),
            np.array([w0 * 1.05, h0 * 1.05]), heatmap_size,
            rot_deg=rot_deg * (v - 1), fix_aspect_ratio=False)
        for v in range(num_views)
    ]).astype(np.float32)
    return dict(
        cameras=MultiViewCameras(
            K=np.stack([c['K'] for c in cams]).astype(np.float32),
            R=np.stack([c['R'] for c in cams]).astype(np.float32),
            t=np.stack([c['t'] for c in cams]).astype(np.float32),
            dist=np.stack([c['dist'] for c in cams]).astype(np.float32),
            dist_model='opencv',
            image_size=np.stack([c['image_size']
                                 for c in cams]).astype(np.int32),
            affine=aff,
            input_size=tuple(heatmap_size)),
        input_size=tuple(heatmap_size),
        heatmap_size=tuple(heatmap_size),
        camera_names=[c['name'] for c in cams])


_TEMPLATE = np.array([
    [0, 0, 550], [0, 0, 750], [0, 0, 0], [-180, 0, 480], [-200, 0, 230],
    [-210, 0, -20], [-110, 0, -10], [-110, 0, -450], [-110, 0, -880],
    [180, 0, 480], [200, 0, 230], [210, 0, -20], [110, 0, -10],
    [110, 0, -450], [110, 0, -880]
], dtype=np.float32)


def fake_people(rng: np.random.Generator, num_people: int,
                num_joints: int = 15) -> np.ndarray:
    """``(M, K, 3)`` standing skeletons at random places, roots ~900 mm."""
    out = np.zeros((num_people, num_joints, 3), np.float32)
    for m in range(num_people):
        yaw = rng.uniform(-np.pi, np.pi)
        rot = np.array([[np.cos(yaw), -np.sin(yaw), 0],
                        [np.sin(yaw), np.cos(yaw), 0], [0, 0, 1]])
        root = np.array([rng.uniform(-1200, 1200), rng.uniform(-1200, 1200),
                         rng.uniform(850, 950)])
        tmpl = np.resize(_TEMPLATE, (num_joints, 3))
        out[m] = tmpl @ rot.T + root
    return out


def camera_arrays(cameras: MultiViewCameras) -> dict:
    """NumPy copies of a structure's fields (for independent references):
    ``K``, ``R``, ``t``, ``dist``, ``affine`` in its dtype and
    ``image_size`` as int32."""
    out = {n: getattr(cameras, n).detach().cpu().numpy()
           for n in ('K', 'R', 't', 'dist', 'affine')}
    out['image_size'] = np.round(
        cameras.image_size.detach().cpu().numpy()).astype(np.int32)
    return out


def render_heatmaps(joints: np.ndarray, meta: dict,
                    sigma: float = 1.5) -> Tuple[np.ndarray, np.ndarray]:
    """Gaussian heatmaps ``(V, K, H, W)`` and 2D joints in heatmap px."""
    cp = camera_arrays(meta['cameras'])
    w, h = meta['heatmap_size']
    v_count = cp['K'].shape[0]
    m, k = joints.shape[:2]
    f64 = {n: cp[n].astype(np.float64) for n in ('K', 'R', 't', 'dist')}
    uv = project_points(joints.reshape(1, -1, 3).astype(np.float64),
                        f64['K'], f64['R'], f64['t'], f64['dist'])
    uv = uv.reshape(v_count, m, k, 2)
    aff = cp['affine'].astype(np.float64)
    uv = uv @ np.swapaxes(aff[:, None, :, :2], -1, -2) + \
        aff[:, None, None, :, 2]
    xs, ys = np.arange(w), np.arange(h)
    hm = np.zeros((v_count, k, h, w), np.float32)
    for mi in range(m):
        gx = np.exp(-(xs[None, None] - uv[:, mi, :, :1])**2 / (2 * sigma**2))
        gy = np.exp(-(ys[None, None] - uv[:, mi, :, 1:])**2 / (2 * sigma**2))
        hm = np.maximum(hm, gy[..., :, None] * gx[..., None, :])
    return hm, uv.transpose(1, 0, 2, 3).astype(np.float32)


def make_sample(rng: np.random.Generator, num_people: int,
                num_views: int = 3, num_joints: int = 15,
                heatmap_size: Tuple[int, int] = (40, 32),
                idx: int = 0
                ) -> Tuple[torch.Tensor, MultiViewPoseDataSample]:
    """One packed sample (heatmap mode)."""
    meta = fake_rig(num_views, heatmap_size=heatmap_size)
    joints = fake_people(rng, num_people, num_joints)
    hm, uv = render_heatmaps(joints, meta)
    sample = MultiViewPoseDataSample()
    sample.cameras = meta['cameras']
    sample.set_metainfo(
        dict({k: v for k, v in meta.items() if k != 'cameras'},
             sample_idx=idx, sequence='fake', frame_id=idx, subject='s',
             action='a'))
    gt = InstanceData()
    gt.keypoints_3d = joints
    gt.keypoints_3d_visible = np.ones((num_people, num_joints), np.float32)
    gt.instance_ids = np.arange(num_people, dtype=np.int64)
    gt.keypoints_2d = uv
    gt.keypoints_2d_visible = np.ones(uv.shape[:3], np.float32)
    sample.gt_instances = gt
    return torch.from_numpy(hm), sample


def make_batch(people: Sequence[int], seed: int = 0,
               **kwargs
               ) -> Tuple[List[torch.Tensor], List[MultiViewPoseDataSample]]:
    """A list of packed inputs and samples with the given people counts."""
    rng = np.random.default_rng(seed)
    inputs, samples = [], []
    for i, n in enumerate(people):
        x, s = make_sample(rng, n, idx=i, **kwargs)
        inputs.append(x)
        samples.append(s)
    return inputs, samples
