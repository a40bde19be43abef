"""Randomised camera rigs around a capture space (mm, z up)."""
from typing import List, Sequence, Tuple, Union

import numpy as np

from selfpose_mm.geometry import Camera, look_at

__all__ = ['procedural_rig', 'PANOPTIC_LIKE_RIG']

Range = Union[float, Tuple[float, float]]

#: Defaults measured on the five CMU Panoptic HD cameras VoxelPose uses
#: (00_03/06/12/13/23 of session 160906, in VoxelPose's z-up frame): they
#: stand 1.8-2.8 m from the vertical axis through the capture centre at
#: heights 1.5 m and 3.4 m (about 3 m from a person), 1920x1080, fx 1395 or
#: 1590 px, principal point within 20 px of the centre, distortion
#: k1 = -0.24..-0.29, k2 = 0.17..0.23, k3 = -0.06..0.
PANOPTIC_LIKE_RIG = dict(
    num_cameras=5,
    radius=(1800., 2800.),
    height=(1400., 3500.),
    target=(0., 0., 900.),
    target_jitter=300.,
    azimuth_jitter=20.,
    image_size=(1920, 1080),
    focal=(1390., 1600.),
    principal_jitter=20.,
    dist=(-0.26, 0.19, 0., 0., -0.03),
    dist_jitter=(0.03, 0.03, 0.0005, 0.0005, 0.02))


def _draw(rng: np.random.Generator, r: Range, n: int) -> np.ndarray:
    if np.ndim(r) == 0:
        return np.full(n, float(r))
    return rng.uniform(float(r[0]), float(r[1]), size=n)


def procedural_rig(rng: np.random.Generator,
                   num_cameras: int = 5,
                   radius: Range = (1800., 2800.),
                   height: Range = (1400., 3500.),
                   target: Sequence[float] = (0., 0., 900.),
                   target_jitter: float = 300.,
                   azimuth_jitter: float = 20.,
                   image_size: Tuple[int, int] = (1920, 1080),
                   focal: Range = (1390., 1600.),
                   principal_jitter: float = 20.,
                   dist: Sequence[float] = (-0.26, 0.19, 0., 0., -0.03),
                   dist_jitter: Sequence[float] = (0.03, 0.03, 0.0005,
                                                   0.0005, 0.02),
                   name_prefix: str = 'cam') -> List[Camera]:
    """Cameras spread around a space, each looking near its centre.

    Azimuths are evenly spaced (random start) plus ``azimuth_jitter``
    degrees; radius, height and focal length are drawn per camera from
    their ranges (a number means fixed); the look-at point is ``target``
    plus a uniform xy jitter; distortion is ``dist`` plus a uniform
    ``+-dist_jitter``. Defaults mirror the Panoptic 5-camera rig
    (:data:`PANOPTIC_LIKE_RIG`).

    Args:
        rng (np.random.Generator): Random source.
        num_cameras (int): V.
        radius, height, focal: Ranges (or fixed values) in mm / pixels.
        target (Sequence[float]): Look-at centre in mm.
        target_jitter (float): Look-at xy jitter in mm.
        azimuth_jitter (float): Azimuth jitter in degrees.
        image_size (tuple): (W, H) in pixels.
        principal_jitter (float): Principal point jitter in pixels.
        dist (Sequence[float]): Mean (k1, k2, p1, p2, k3).
        dist_jitter (Sequence[float]): Uniform jitter of each coefficient.
        name_prefix (str): Camera names are ``f'{prefix}{v:02d}'``.

    Returns:
        list[Camera]: V validated cameras with ``image_size``.
    """
    if num_cameras < 1:
        raise ValueError(f'procedural_rig: num_cameras must be >= 1, got '
                         f'{num_cameras}')
    V = num_cameras
    az = np.deg2rad(
        rng.uniform(0., 360.) + 360. * np.arange(V) / V +
        rng.uniform(-azimuth_jitter, azimuth_jitter, size=V))
    rad = _draw(rng, radius, V)
    hgt = _draw(rng, height, V)
    f = _draw(rng, focal, V)
    pp = rng.uniform(-principal_jitter, principal_jitter, size=(V, 2))
    dj = rng.uniform(-1., 1., size=(V, 5)) * np.asarray(dist_jitter)
    tgt = np.asarray(target, np.float64)
    w, h = image_size
    cams = []
    for v in range(V):
        aim = tgt + np.r_[rng.uniform(-target_jitter, target_jitter, 2), 0.]
        pos = (tgt[0] + rad[v] * np.cos(az[v]),
               tgt[1] + rad[v] * np.sin(az[v]), hgt[v])
        R, t = look_at(pos, aim)
        K = np.array([[f[v], 0., w / 2. + pp[v, 0]],
                      [0., f[v] * 0.9975, h / 2. + pp[v, 1]], [0., 0., 1.]])
        cams.append(
            Camera(
                name=f'{name_prefix}{v:02d}',
                K=K,
                R=R,
                t=t,
                dist=np.asarray(dist, np.float64) + dj[v],
                image_size=(int(w), int(h))))
    return cams
