"""Shared helpers for the geometry tests."""
import os
from pathlib import Path
from typing import List, Optional

import numpy as np

from selfpose_mm.geometry import Camera

__all__ = ['shared_data', 'look_at_camera', 'random_rig']


def shared_data(rel: str = '') -> Optional[Path]:
    """Path under the shared data dir, or None when it does not exist."""
    root = os.environ.get('SELFPOSE_SHARED_DATA')
    base = Path(root) if root else \
        Path(__file__).resolve().parents[2].parent / 'shared' / 'data'
    path = base / rel
    return path if path.exists() else None


def look_at_camera(name: str,
                   center: np.ndarray,
                   target: np.ndarray,
                   f: float = 1000.0,
                   size=(1000, 800),
                   dist=None) -> Camera:
    """Camera at ``center`` (mm) looking at ``target`` with z up."""
    z = target - center
    z = z / np.linalg.norm(z)
    x = np.cross(z, [0.0, 0.0, 1.0])
    x = x / np.linalg.norm(x)
    y = np.cross(z, x)
    R = np.stack([x, y, z])
    K = np.array([[f, 0, size[0] / 2], [0, f * 1.01, size[1] / 2], [0, 0,
                                                                    1.0]])
    return Camera(name, K, R, -R @ center, dist, size)


def random_rig(num_views: int,
               rng: np.random.Generator,
               distortion: bool = False,
               radius: float = 4000.0) -> List[Camera]:
    """Cameras on a ring ~4 m around the origin looking at it."""
    cams = []
    for v in range(num_views):
        ang = 2 * np.pi * v / num_views + rng.uniform(-0.3, 0.3)
        center = np.array([
            radius * np.cos(ang), radius * np.sin(ang),
            rng.uniform(500.0, 2500.0)
        ])
        target = rng.uniform(-300, 300, 3) + [0, 0, 900.0]
        dist = None
        if distortion:
            dist = np.array([-0.3, 0.12, 1.5e-3, -2e-3, 0.02]) * \
                rng.uniform(0.3, 1.0, 5)
        cams.append(
            look_at_camera(
                str(v), center, target, f=rng.uniform(900, 1500), dist=dist))
    return cams
