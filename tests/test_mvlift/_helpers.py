"""Synthetic multi-view lifting fixtures (HumanEva-format files)."""
import json
import os
from pathlib import Path
from typing import Dict, Optional

import numpy as np
import torch
from scipy.spatial.transform import Rotation

from selfpose_mm.datasets.synthetic import ProceduralBody
from selfpose_mm.geometry import (HUMANEVA_INTRINSICS, look_at,
                                  project_points)

__all__ = [
    'shared_data', 'synthetic_rig', 'synthetic_batch', 'write_humaneva_like'
]

HUMANEVA_SYMMETRY = [[2, 3, 4, 8, 9, 10], [5, 6, 7, 11, 12, 13]]


def shared_data(rel: str = '') -> Optional[Path]:
    """Path under the shared data dir, or None when absent."""
    root = os.environ.get('SELFPOSE_SHARED_DATA')
    base = Path(root) if root else \
        Path(__file__).resolve().parents[2].parent / 'shared' / 'data'
    path = base / rel
    return path if path.exists() else None


def synthetic_rig() -> Dict[str, np.ndarray]:
    """3 cameras around the origin with HumanEva C1-C3 intrinsics (incl.
    distortion), 640x480, about 4 m away."""
    Ks, Rs, ts, dists = [], [], [], []
    for v, cid in enumerate(('C1', 'C2', 'C3')):
        az = np.deg2rad(20. + 110. * v)
        pos = (4000. * np.cos(az), 4000. * np.sin(az), 1500.)
        R, t = look_at(pos, (0., 0., 900.))
        intr = HUMANEVA_INTRINSICS[cid]
        Ks.append([[intr['f'][0], 0, intr['c'][0]],
                   [0, intr['f'][1], intr['c'][1]], [0, 0, 1]])
        Rs.append(R)
        ts.append(t)
        dists.append(intr['dist'])
    return dict(
        K=np.array(Ks), R=np.array(Rs), t=np.array(ts), dist=np.array(dists))


def synthetic_batch(num: int, seed: int = 0) -> Dict[str, torch.Tensor]:
    """``num`` random poses seen by :func:`synthetic_rig` (float64).

    Returns world poses (B, K, 3), camera-frame poses (B, V, K, 3), exact
    distorted pixels (B, V, K, 2) and the camera stack (B, V, ...).
    """
    rng = np.random.default_rng(seed)
    world = ProceduralBody().sample(
        num, rng, root_xy=rng.uniform(-300, 300, (num, 2)))
    rig = {k: torch.as_tensor(v) for k, v in synthetic_rig().items()}
    w = torch.as_tensor(world)
    cam = w[:, None] @ rig['R'].transpose(-1, -2) + rig['t'][:, None]
    px = project_points(w[:, None], rig['K'], rig['R'], rig['t'],
                        rig['dist'])
    out = {k: v.expand(num, *v.shape).clone() for k, v in rig.items()}
    out.update(world=w, cam=cam, px=px)
    return out


def write_humaneva_like(folder: Path,
                        frames: int = 64,
                        seed: int = 0,
                        subjects=('Train/S1', 'Validate/S1')) -> None:
    """VideoPose3D-format HumanEva files of synthetic poses + a camera
    JSON (HumanEva intrinsics are built into the loader)."""
    rig = synthetic_rig()
    rng = np.random.default_rng(seed)
    pos3d, pos2d = {}, {}
    for si, subject in enumerate(subjects):
        world = ProceduralBody().sample(
            frames, rng, root_xy=rng.uniform(-300, 300, (frames, 2)))
        # skeleton as 15 joints with the root first (any fixed order works)
        world = world[:, [2] + [j for j in range(15) if j != 2]]
        px = project_points(world[:, None], rig['K'], rig['R'], rig['t'],
                            rig['dist'])
        pos3d[subject] = {'Walking 1 chunk0': (world / 1000.).astype(
            np.float32)}
        pos2d[subject] = {
            'Walking 1 chunk0':
            [px[:, v].astype(np.float32) for v in range(3)]
        }
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(folder / 'data_3d_humaneva15.npz', positions_3d=pos3d)
    meta = dict(
        layout_name='humaneva15',
        num_joints=15,
        keypoints_symmetry=HUMANEVA_SYMMETRY)
    np.savez(
        folder / 'data_2d_humaneva15_gt.npz',
        positions_2d=pos2d,
        metadata=meta)
    ext = []
    for v in range(3):
        R = rig['R'][v]
        q = Rotation.from_matrix(R.T).as_quat()  # camera→world (x,y,z,w)
        ext.append(
            dict(
                orientation=[q[3], q[0], q[1], q[2]],
                translation=(-R.T @ rig['t'][v]).tolist()))
    cams = dict(
        humaneva_cameras_intrinsic_params=[
            dict(id=c, res_w=640, res_h=480) for c in ('C1', 'C2', 'C3')
        ],
        humaneva_cameras_extrinsic_params={
            s.split('/')[-1]: ext
            for s in subjects
        })
    (folder / 'cameras.json').write_text(json.dumps(cams))
