"""CMU Panoptic ``calibration_<seq>.json`` reader (cm; optional z-up frame)."""
from collections import OrderedDict
from typing import Optional, Sequence, Union

import numpy as np
import torch
from torch import Tensor

from .common import (CalibrationError, Camera, CameraDict, PathLike, _array,
                     _camera, _field, _read_json, _select)

__all__ = ['PANOPTIC_TO_VOXELPOSE', 'convert_panoptic_points', 'load_panoptic_calibration']


#: Rotation taking Panoptic world axes (x, y down, z) to the z-up frame of
#: VoxelPose / SelfPose3d: ``X_new = PANOPTIC_TO_VOXELPOSE @ X_old`` i.e.
#: ``(x, y, z) -> (x, z, -y)``. VoxelPose writes it for row vectors as
#: ``p @ M`` with ``M = PANOPTIC_TO_VOXELPOSE.T``; cameras become
#: ``R_new = R @ M``.
PANOPTIC_TO_VOXELPOSE = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0],
                                  [0.0, -1.0, 0.0]])


def convert_panoptic_points(points: Union[np.ndarray, Tensor],
                            world_transform: bool = True,
                            unit: str = 'cm') -> Union[np.ndarray, Tensor]:
    """Panoptic 3D points to mm, optionally in VoxelPose's z-up frame.

    Use it on ``hdPose3d_stage1_coco19`` joints so that poses and cameras
    from :func:`load_panoptic_calibration` (same ``world_transform``)
    agree.

    Args:
        points: Points ``(..., 3)`` in Panoptic world axes.
        world_transform: Apply :data:`PANOPTIC_TO_VOXELPOSE`.
        unit: Unit of ``points``: ``'cm'`` (Panoptic files) or ``'mm'``.

    Returns:
        Points ``(..., 3)`` in mm, NumPy or torch like the input.
    """
    scales = {'cm': 10.0, 'mm': 1.0}
    if unit not in scales:
        raise ValueError(f'unit must be one of {list(scales)}, got {unit!r}')
    A = PANOPTIC_TO_VOXELPOSE if world_transform else np.eye(3)
    A = A * scales[unit]
    if isinstance(points, Tensor):
        A = torch.as_tensor(A, dtype=points.dtype, device=points.device)
        return points @ A.T
    return np.asarray(points, dtype=np.float64) @ A.T


def load_panoptic_calibration(
        path: PathLike,
        camera_names: Optional[Sequence[str]] = None,
        world_transform: bool = True,
        camera_types: Optional[Sequence[str]] = None) -> CameraDict:
    """Load a CMU Panoptic ``calibration_<seq>.json``.

    The file holds ``cameras``: a list of ``{name, type, resolution, K,
    distCoef (k1, k2, p1, p2, k3), R, t}`` with ``t`` in cm (world to
    camera). ``t`` is converted to mm.

    Args:
        path: JSON file.
        camera_names: Names to keep, in this order (e.g. VoxelPose's
            ``['00_03', '00_06', '00_12', '00_13', '00_23']``); None keeps
            all, in file order.
        world_transform: Express the cameras in VoxelPose's z-up world
            (``R_new = R @ PANOPTIC_TO_VOXELPOSE.T``). Transform poses with
            :func:`convert_panoptic_points` using the same flag.
        camera_types: Keep only these ``type`` values (``'hd'``,
            ``'vga'``, ``'kinect-color'``); None keeps all.

    Returns:
        Ordered ``{name: Camera}``.
    """
    data = _read_json(path)
    cam_list = _field(
        data, 'cameras', f'{path}',
        'expected a Panoptic calibration with a "cameras" '
        'list')
    if not isinstance(cam_list, list):
        raise CalibrationError(f'{path}: "cameras" must be a list, got '
                               f'{type(cam_list).__name__}')
    A = PANOPTIC_TO_VOXELPOSE if world_transform else np.eye(3)
    wanted = None if camera_names is None else set(camera_names)
    cams: 'OrderedDict[str, Camera]' = OrderedDict()
    for i, entry in enumerate(cam_list):
        name = str(_field(entry, 'name', f'{path}: cameras[{i}]'))
        if wanted is not None and name not in wanted:
            continue
        if camera_types is not None and entry.get('type') not in \
                camera_types:
            continue
        where = f'{path}: camera {name!r}'
        K = _array(_field(entry, 'K', where), (3, 3), 'K', where)
        dist = _array(
            _field(entry, 'distCoef', where), (5, ), 'distCoef', where)
        R = _array(_field(entry, 'R', where), (3, 3), 'R', where)
        t = _array(_field(entry, 't', where), (3, ), 't', where) * 10.0
        size = entry.get('resolution')
        cams[name] = _camera(
            where,
            name=name,
            K=K,
            R=R @ A.T,
            t=t,
            dist=dist,
            image_size=None if size is None else tuple(size))
    if camera_names is not None:
        return _select(cams, camera_names, path)
    if not cams:
        raise CalibrationError(f'{path}: no cameras of types '
                               f'{list(camera_types or [])} found')
    return cams
