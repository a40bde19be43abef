"""VoxelPose / mmpose Shelf and Campus ``calibration_*.json`` reader."""
from collections import OrderedDict
from typing import Optional, Sequence

import numpy as np

from .common import (CalibrationError, Camera, CameraDict, PathLike, _array,
                     _camera, _field, _intrinsics, _key_order, _read_json)

__all__ = ['load_shelf_campus_calibration']


def load_shelf_campus_calibration(
        path: PathLike,
        image_size: Optional[Sequence[int]] = None) -> CameraDict:
    """Load VoxelPose's ``calibration_shelf.json`` / ``..._campus.json``.

    Entries keyed by camera id hold ``R`` (world->camera), ``T`` (3x1
    camera centre in world mm; projection is ``R (X - T)``), ``fx, fy,
    cx, cy``, ``k`` (3 radial) and ``p`` (2 tangential, OpenCV order).

    Args:
        path: JSON file.
        image_size: ``(width, height)`` to attach (not stored in the file;
            Shelf is 1032x776, Campus 360x288).

    Returns:
        Ordered ``{id: Camera}`` with ``t = -R @ T``.
    """
    data = _read_json(path)
    if not isinstance(data, dict) or not data:
        raise CalibrationError(f'{path}: expected an object keyed by camera '
                               'id (Shelf/Campus format)')
    cams: 'OrderedDict[str, Camera]' = OrderedDict()
    for name in _key_order(data):
        entry = data[name]
        where = f'{path}: camera {name!r}'
        R = _array(_field(entry, 'R', where), (3, 3), 'R', where)
        T = _array(
            _field(entry, 'T', where, 'T is the camera centre in mm'), (3, ),
            'T', where)
        fx, fy, cx, cy = (
            float(_array(_field(entry, k, where), (1, ), k, where)[0])
            for k in ('fx', 'fy', 'cx', 'cy'))
        k = _array(entry.get('k', np.zeros(3)), (3, ), 'k', where)
        p = _array(entry.get('p', np.zeros(2)), (2, ), 'p', where)
        cams[name] = _camera(
            where,
            _k_field='fx/fy',
            name=name,
            K=_intrinsics(fx, fy, cx, cy),
            R=R,
            t=-R @ T,
            dist=np.array([k[0], k[1], p[0], p[1], k[2]]),
            image_size=None if image_size is None else tuple(image_size))
    return cams
