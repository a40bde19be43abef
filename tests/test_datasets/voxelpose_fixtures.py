"""A tiny VoxelPose-layout tree (Shelf / Campus file formats) written from
procedural data, shared by the core and the project tests."""
import json
import pickle
from collections import defaultdict
from pathlib import Path
from typing import Dict

import numpy as np
import scipy.io

from selfpose_mm.geometry import ring_rig

__all__ = [
    'write_voxelpose_tree', 'cv2_project', 'NUM_CAMS', 'NUM_FRAMES',
    'NUM_ACTORS', 'DIST', 'IMAGE_SIZE', 'PRESENT', 'NUM_DETS'
]

NUM_CAMS, NUM_FRAMES, NUM_ACTORS = 3, 4, 3
IMAGE_SIZE = (640, 480)
#: OpenCV (k1, k2, p1, p2, k3) of every fixture camera.
DIST = (-0.05, 0.01, 0.001, -0.002, 0.002)
#: Actor a is present in frame f when PRESENT[a, f].
PRESENT = np.array([[1, 1, 1, 1], [1, 0, 1, 0], [0, 0, 0, 1]], bool)
#: Detections per (camera, frame); frame 2 has none at all.
NUM_DETS = np.array([[2, 1, 0, 3], [1, 0, 0, 2], [0, 2, 0, 1]])


def _calibration(path: Path) -> list:
    cams = ring_rig(NUM_CAMS, radius=5000., image_size=IMAGE_SIZE,
                    focal=700., dist=DIST)
    calib = {}
    for v, c in enumerate(cams):
        K = c['K']
        k1, k2, p1, p2, k3 = DIST
        calib[str(v)] = dict(
            R=c['R'].tolist(),
            T=(-c['R'].T @ c['t']).reshape(3, 1).tolist(),
            fx=float(K[0, 0]), fy=float(K[1, 1]) * 1.01,
            cx=float(K[0, 2]) + v, cy=float(K[1, 2]) - v,
            k=[[k1], [k2], [k3]], p=[[p1], [p2]])
    path.write_text(json.dumps(calib))
    return calib


def write_voxelpose_tree(root: Path, seed: int = 0) -> Dict:
    """Write ``calibration.json``, ``actorsGT.mat``, ``pred.pkl`` and
    ``pool.pkl`` under ``root``.

    Returns:
        dict: ``calib`` (the json dict), ``gt_m`` (A, F, 14, 3) metres
        (NaN where absent), ``preds`` ``{(cam, frame): (P, 17, 3)}``,
        ``pool_pose`` (N, 17, 3) mm and ``pool_vis`` (N, 17) bool.
    """
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    calib = _calibration(root / 'calibration.json')
    gt_m = rng.uniform(-1., 1., (NUM_ACTORS, NUM_FRAMES, 14, 3))
    gt_m[..., 2] += 1.
    gt_m[~PRESENT] = np.nan
    actor3d = np.empty((1, NUM_ACTORS), object)
    for a in range(NUM_ACTORS):
        cell = np.empty((NUM_FRAMES, 1), object)
        for f in range(NUM_FRAMES):
            cell[f, 0] = gt_m[a, f] if PRESENT[a, f] else np.zeros((1, 0))
        actor3d[0, a] = cell
    scipy.io.savemat(str(root / 'actorsGT.mat'), dict(actor3D=actor3d))
    preds = {}
    raw = defaultdict(list)
    for v in range(NUM_CAMS):
        for f in range(NUM_FRAMES):
            det = rng.uniform(0., 400., (NUM_DETS[v, f], 17, 3))
            det[..., 2] = rng.uniform(0., 1., det.shape[:2])
            preds[(str(v), f)] = det
            raw[f'{v}_{f}'] = [dict(pred=d) for d in det]
    with open(root / 'pred.pkl', 'wb') as fh:
        pickle.dump(raw, fh)
    pool_pose = rng.uniform(-300., 300., (4, 17, 3))
    pool_pose[..., 2] += 900.
    pool_vis = np.ones((4, 17), bool)
    pool_vis[3, 9] = False  # left wrist unseen
    with open(root / 'pool.pkl', 'wb') as fh:
        pickle.dump([
            dict(pose=p, vis=np.repeat(v[:, None], 3, 1))
            for p, v in zip(pool_pose, pool_vis)
        ], fh)
    return dict(calib=calib, gt_m=gt_m, preds=preds, pool_pose=pool_pose,
                pool_vis=pool_vis)


def cv2_project(points: np.ndarray, entry: Dict) -> np.ndarray:
    """Project world points (N, 3) mm with ``cv2.projectPoints`` from one
    VoxelPose calibration entry (``R``, camera centre ``T``, ``fx, fy, cx,
    cy``, ``k``, ``p``): rvec = Rodrigues(R), tvec = -R T."""
    import cv2
    R = np.asarray(entry['R'], np.float64)
    T = np.asarray(entry['T'], np.float64).reshape(3)
    K = np.array([[entry['fx'], 0., entry['cx']],
                  [0., entry['fy'], entry['cy']], [0., 0., 1.]])
    k = np.asarray(entry.get('k', np.zeros(3)), np.float64).ravel()
    p = np.asarray(entry.get('p', np.zeros(2)), np.float64).ravel()
    dist = np.array([k[0], k[1], p[0], p[1], k[2]])
    rvec = cv2.Rodrigues(R)[0]
    uv, _ = cv2.projectPoints(
        np.asarray(points, np.float64).reshape(-1, 1, 3), rvec, -R @ T, K,
        dist)
    return uv.reshape(-1, 2)
