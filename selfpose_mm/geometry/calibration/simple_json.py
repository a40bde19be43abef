"""Our own ``simple`` JSON calibration format: writer and reader."""
import json
from collections import OrderedDict
from pathlib import Path
from typing import Sequence, Union

from .common import (_UNIT_TO_MM, CalibrationError, Camera, CameraDict,
                     PathLike, _array, _field, _read_json)

__all__ = ['save_simple_json', 'load_simple_json']


def save_simple_json(cameras: Union[CameraDict, Sequence[Camera]],
                     path: PathLike) -> None:
    """Write cameras in the ``simple`` format (always in mm)::

        {"unit": "mm",
         "cameras": {"<name>": {"K": 3x3, "R": 3x3 (world->camera),
                                "t": [3] (mm), "dist": [k1, k2, p1, p2, k3],
                                "image_size": [w, h],
                                "dist_model": "h36m"  (only if not opencv)}}}
    """
    if not isinstance(cameras, dict):
        cameras = OrderedDict((c.name, c) for c in cameras)
    out = {
        'unit': 'mm',
        'cameras': {
            name: cam.to_dict()
            for name, cam in cameras.items()
        }
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, 'w') as f:
        json.dump(out, f, indent=1)


def load_simple_json(path: PathLike) -> CameraDict:
    """Read the ``simple`` format written by :func:`save_simple_json`.

    ``unit`` may be ``'mm'`` (default), ``'cm'`` or ``'m'``; ``t`` is
    converted to mm. Unknown top-level or camera fields are rejected.
    """
    data = _read_json(path)
    if not isinstance(data, dict):
        raise CalibrationError(f'{path}: expected an object with "cameras"')
    unknown = sorted(set(data) - {'cameras', 'unit'})
    if unknown:
        raise CalibrationError(f'{path}: unknown top-level field(s) '
                               f'{unknown}; allowed: cameras, unit')
    unit = data.get('unit', 'mm')
    if unit not in _UNIT_TO_MM:
        raise CalibrationError(f'{path}: field \'unit\' is {unit!r}; use '
                               f'one of {list(_UNIT_TO_MM)}')
    entries = _field(data, 'cameras', f'{path}')
    if not isinstance(entries, dict):
        raise CalibrationError(f'{path}: "cameras" must be an object keyed '
                               f'by camera name, got '
                               f'{type(entries).__name__}')
    cams: 'OrderedDict[str, Camera]' = OrderedDict()
    for name, entry in entries.items():
        if not isinstance(entry, dict):
            raise CalibrationError(f'{path}: camera {name!r} must be an '
                                   'object')
        entry = dict(entry)
        if 't' in entry and unit != 'mm':
            entry['t'] = _array(entry['t'], (3, ), 't',
                                f'{path}: camera {name!r}') * \
                _UNIT_TO_MM[unit]
        cams[name] = Camera.from_dict(entry, name=name, where=str(path))
    return cams
