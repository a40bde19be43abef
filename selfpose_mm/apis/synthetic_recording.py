"""Write a recording of the synthetic world in user-facing file formats
(calibration + per-camera 2D detections), with its 3D ground truth.

Used to run ``tools/infer.py`` end to end without real data and in the
tests: people from :class:`~selfpose_mm.datasets.SyntheticMultiViewDataset`
are projected into the procedural rig (Panoptic-15 joints), optionally
with Gaussian pixel noise, and saved as OpenPose JSON folders or mmpose
prediction files (``layout='panoptic15'``).
"""
import json
from pathlib import Path
from typing import Dict, Tuple, Union

import numpy as np

from selfpose_mm.datasets.synthetic import SyntheticMultiViewDataset
from selfpose_mm.datasets.transforms import ProjectPoses
from selfpose_mm.geometry import save_simple_json

__all__ = ['write_synthetic_recording']


def write_synthetic_recording(out_dir: Union[str, Path],
                              num_frames: int = 16,
                              num_people: Tuple[int, int] = (2, 2),
                              noise_px: float = 1.0,
                              fmt: str = 'openpose',
                              seed: int = 0) -> Dict[str, np.ndarray]:
    """Save ``calibration.json`` and ``detections/<camera>`` files.

    Args:
        out_dir: Output folder.
        num_frames: Frames of one synthetic clip.
        num_people: Inclusive range of people.
        noise_px: Std of the Gaussian noise on the 2D joints.
        fmt: ``'openpose'`` (a folder of ``<cam>.<frame>.json`` per
            camera) or ``'mmpose'`` (one ``<cam>.json`` per camera).
        seed: World and noise seed.

    Returns:
        dict: Ground truth ``keypoints_3d (F, M, K, 3)`` mm and
        ``instance_ids (F, M)``.
    """
    if fmt not in ('openpose', 'mmpose'):
        raise ValueError(f'fmt must be openpose or mmpose, got {fmt!r}')
    out = Path(out_dir)
    ds = SyntheticMultiViewDataset(
        num_samples=num_frames, clip_length=num_frames, seed=seed,
        num_people=num_people, pipeline=[ProjectPoses()], test_mode=True)
    cams = ds.rigs[0]
    save_simple_json(cams, out / 'calibration.json')
    rng = np.random.default_rng(seed)
    gt3d, gt_ids = [], []
    per_cam = [[] for _ in cams]
    for f in range(num_frames):
        res = ds[f]
        xy = np.asarray(res['keypoints_2d'], np.float64)  # (V, M, K, 2)
        sc = np.asarray(res['keypoints_2d_scores'], np.float64)
        xy = xy + rng.normal(0, noise_px, xy.shape)
        gt3d.append(np.asarray(res['keypoints_3d']))
        gt_ids.append(np.asarray(res['instance_ids']))
        for v in range(len(cams)):
            people = [np.concatenate([xy[v, m], sc[v, m, :, None]], 1)
                      for m in range(xy.shape[1]) if sc[v, m].sum() > 0]
            per_cam[v].append(people)
    det_dir = out / 'detections'
    for v, cam in enumerate(cams):
        if fmt == 'openpose':
            d = det_dir / f'{cam.name}_json'
            d.mkdir(parents=True, exist_ok=True)
            for f, people in enumerate(per_cam[v]):
                data = dict(version=1.3, people=[
                    dict(person_id=[-1],
                         pose_keypoints_2d=np.round(p, 3).ravel().tolist())
                    for p in people])
                with open(d / f'{cam.name}.{f:04d}.json', 'w') as fh:
                    json.dump(data, fh)
        else:
            det_dir.mkdir(parents=True, exist_ok=True)
            info = [dict(frame_id=f, instances=[
                dict(keypoints=np.round(p[:, :2], 3).tolist(),
                     keypoint_scores=p[:, 2].tolist()) for p in people])
                    for f, people in enumerate(per_cam[v])]
            with open(det_dir / f'{cam.name}.json', 'w') as fh:
                json.dump(dict(meta_info=dict(dataset_name='panoptic15'),
                               instance_info=info), fh)
    gt = dict(keypoints_3d=np.stack(gt3d), instance_ids=np.stack(gt_ids))
    np.savez(out / 'ground_truth.npz', **gt)
    return gt
