"""Procedural camera rigs (pinhole intrinsics, look-at extrinsics, mm).

World frame: z up, millimetres. A camera's extrinsics map world points to
its frame with ``x_cam = R @ X + t`` (OpenCV axes: x right, y down,
z forward).
"""
from typing import Dict, List, Sequence, Tuple

import numpy as np

__all__ = ['look_at', 'ring_rig']


def look_at(position: Sequence[float],
            target: Sequence[float],
            up: Sequence[float] = (0., 0., 1.)) -> Tuple[np.ndarray,
                                                         np.ndarray]:
    """World→camera rotation and translation of a camera looking at a point.

    Args:
        position (Sequence[float]): Camera centre in world mm, shape (3,).
        target (Sequence[float]): Point the optical axis passes through.
        up (Sequence[float]): World up direction. Defaults to +z.

    Returns:
        tuple: ``R`` (3, 3) and ``t`` (3,) with ``x_cam = R @ X + t``.
    """
    position = np.asarray(position, dtype=np.float64)
    forward = np.asarray(target, dtype=np.float64) - position
    norm = np.linalg.norm(forward)
    if norm < 1e-9:
        raise ValueError('look_at: camera position equals its target.')
    forward /= norm
    right = np.cross(forward, np.asarray(up, dtype=np.float64))
    if np.linalg.norm(right) < 1e-9:
        raise ValueError('look_at: viewing direction is parallel to up.')
    right /= np.linalg.norm(right)
    down = np.cross(forward, right)
    R = np.stack([right, down, forward])  # rows: camera axes in world
    t = -R @ position
    return R, t


def ring_rig(num_cameras: int,
             radius: float = 4500.,
             height: float = 2000.,
             target: Sequence[float] = (0., 0., 900.),
             image_size: Tuple[int, int] = (1920, 1080),
             focal: float = 1400.,
             azimuth_offset: float = 0.,
             dist: Sequence[float] = (0., 0., 0., 0., 0.)
             ) -> List[Dict[str, np.ndarray]]:
    """Cameras evenly spaced on a circle, all looking at ``target``.

    Args:
        num_cameras (int): Number of cameras V.
        radius (float): Circle radius in mm. Defaults to 4500.
        height (float): Camera height in mm. Defaults to 2000.
        target (Sequence[float]): Look-at point in mm.
        image_size (tuple): ``(width, height)`` in pixels.
        focal (float): Focal length in pixels.
        azimuth_offset (float): Azimuth of the first camera in degrees.
        dist (Sequence[float]): OpenCV distortion (k1, k2, p1, p2, k3).

    Returns:
        list[dict]: V dicts with ``K`` (3, 3), ``R`` (3, 3), ``t`` (3,),
        ``dist`` (5,), ``image_size`` (2,) and ``name``.
    """
    if num_cameras < 1:
        raise ValueError(f'ring_rig: num_cameras must be >= 1, '
                         f'got {num_cameras}')
    w, h = image_size
    K = np.array([[focal, 0., w / 2.], [0., focal, h / 2.], [0., 0., 1.]])
    cams = []
    for v in range(num_cameras):
        az = np.deg2rad(azimuth_offset + 360. * v / num_cameras)
        pos = (target[0] + radius * np.cos(az),
               target[1] + radius * np.sin(az), height)
        R, t = look_at(pos, target)
        cams.append(
            dict(
                name=f'cam{v:02d}',
                K=K.copy(),
                R=R,
                t=t,
                dist=np.asarray(dist, dtype=np.float64),
                image_size=np.array([w, h])))
    return cams
