"""4D Association ``calibration.json`` reader (``RT`` in metres)."""
from collections import OrderedDict

from .common import (CalibrationError, Camera, CameraDict, PathLike, _array,
                     _camera, _field, _key_order, _read_json)

__all__ = ['load_4d_association_calibration']


def load_4d_association_calibration(path: PathLike) -> CameraDict:
    """Load a 4D Association ``calibration.json``.

    Entries keyed by camera id hold ``K`` (9 values, row-major), ``RT``
    (12 values, 3x4 world->camera with translation in **metres**) and
    ``imgSize`` ``[w, h]``. There is no distortion.

    Returns:
        Ordered ``{id: Camera}`` with ``t`` converted to mm.
    """
    data = _read_json(path)
    if not isinstance(data, dict) or not data:
        raise CalibrationError(f'{path}: expected an object keyed by camera '
                               'id (4D Association format)')
    cams: 'OrderedDict[str, Camera]' = OrderedDict()
    for name in _key_order(data):
        entry = data[name]
        where = f'{path}: camera {name!r}'
        K = _array(_field(entry, 'K', where), (3, 3), 'K', where)
        RT = _array(_field(entry, 'RT', where), (3, 4), 'RT', where)
        size = entry.get('imgSize')
        cams[name] = _camera(
            where,
            name=name,
            K=K,
            R=RT[:, :3],
            t=RT[:, 3] * 1000.0,
            image_size=None if size is None else tuple(size))
    return cams
