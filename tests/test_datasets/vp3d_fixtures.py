"""Tiny Human3.6M data in VideoPose3D's exact npz formats, for tests.

``write_tiny_h36m(folder)`` writes ``data_3d_h36m.npz`` (``positions_3d``:
subject -> action -> (T, 32, 3) world metres), ``data_2d_h36m_gt.npz``
(``positions_2d``: subject -> action -> 4 cameras x (T, 17, 2) pixels, and
``metadata``) and a ``cameras.pkl`` in mmpose's layout, all synthetic.
"""
import os
import pickle
from pathlib import Path

import numpy as np

from selfpose_mm.geometry import load_h36m_cameras

__all__ = ['write_tiny_h36m', 'shared_data', 'H36M_CAMERA_IDS', 'LENGTHS']

H36M_CAMERA_IDS = ('54138969', '55011271', '58860488', '60457274')
SUBJECTS = ('S1', 'S5', 'S6', 'S7', 'S8', 'S9', 'S11')
#: action -> frames; 'Walking 1' has 3 extra 2D frames (as some H36M videos)
LENGTHS = {'Directions 1': 40, 'Walking 1': 31, 'Eating': 9}
KEPT = (0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 15, 17, 18, 19, 25, 26, 27)


def shared_data():
    """``<repo>/../shared/data`` or ``$SELFPOSE_SHARED_DATA`` (or None)."""
    env = os.environ.get('SELFPOSE_SHARED_DATA')
    cands = [Path(env)] if env else []
    cands.append(Path(__file__).resolve().parents[2] / '..' / 'shared' /
                 'data')
    for c in cands:
        if c.is_dir():
            return c
    return None


def _look_at_camera(azimuth: float, rng) -> dict:
    centre = np.array([5. * np.cos(azimuth), 5. * np.sin(azimuth), 1.6])
    fwd = -centre.copy()
    fwd[2] = 0.9 - centre[2]
    fwd /= np.linalg.norm(fwd)
    right = np.cross(fwd, [0., 0., 1.])
    right /= np.linalg.norm(right)
    down = np.cross(fwd, right)
    R_c2w = np.stack([right, down, fwd], axis=1)  # columns: cam axes
    return dict(
        R=R_c2w,
        T=centre[:, None],
        f=np.array([[1145.], [1144.]]) + rng.normal(0, 2, (2, 1)),
        c=np.array([[512.], [515.]]) + rng.normal(0, 3, (2, 1)),
        k=np.array([[-0.2], [0.24], [-0.003]]),
        p=np.array([[-0.0015], [-0.001]]),
        w=1000,
        h=1002)


def write_tiny_h36m(folder) -> Path:
    """Write the three files into ``folder``; return it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    cams = {}
    for s in SUBJECTS:
        for i, cid in enumerate(H36M_CAMERA_IDS):
            cam = _look_at_camera(np.pi / 4 + i * np.pi / 2, rng)
            cam.update(name=cid, id=cid)
            cams[(s, cid)] = cam
    with open(folder / 'cameras.pkl', 'wb') as f:
        pickle.dump(cams, f)
    loaded = load_h36m_cameras(folder / 'cameras.pkl')
    template = rng.uniform(-0.4, 0.4, (32, 3)) + [0, 0, 0.9]
    template[0] = [0, 0, 0.9]
    pos3d, pos2d = {}, {}
    for s in SUBJECTS:
        pos3d[s], pos2d[s] = {}, {}
        for a, n in LENGTHS.items():
            t = np.arange(n)[:, None, None]
            phase = rng.uniform(0, 6.28, (1, 32, 3))
            motion = 0.05 * np.sin(0.3 * t + phase)
            drift = np.concatenate(
                [0.01 * t, 0.005 * t, 0 * t], axis=-1)
            poses = (template[None] + motion + drift).astype(np.float32)
            pos3d[s][a] = poses
            extra = 3 if a.startswith('Walking') else 0
            views = []
            for cid in H36M_CAMERA_IDS:
                full = np.concatenate([poses, poses[-1:].repeat(extra, 0)])
                uv = loaded[f'{s}_{cid}'].project(full[:, KEPT] * 1000.)
                views.append(uv.astype(np.float32))
            pos2d[s][a] = views
    np.savez_compressed(folder / 'data_3d_h36m.npz', positions_3d=pos3d)
    meta = dict(
        layout_name='h36m',
        num_joints=17,
        keypoints_symmetry=[[4, 5, 6, 11, 12, 13], [1, 2, 3, 14, 15, 16]])
    np.savez_compressed(
        folder / 'data_2d_h36m_gt.npz', positions_2d=pos2d, metadata=meta)
    return folder
