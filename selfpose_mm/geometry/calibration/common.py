"""Shared pieces of the calibration readers: the error, types and helpers.

Every reader returns an ordered ``dict[str, Camera]`` in millimetres with
``x_cam = R @ X + t``. The helpers here turn malformed input into a
:class:`CalibrationError` that names the file, the camera and the field.
"""
import json
from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import numpy as np

from ..camera import CalibrationError, Camera

__all__ = ['CalibrationError', 'PathLike', 'CameraDict', 'quaternion_to_matrix']

PathLike = Union[str, Path]
CameraDict = Dict[str, Camera]

#: Length units accepted in calibration files, as a factor to millimetres.
_UNIT_TO_MM = {'mm': 1.0, 'cm': 10.0, 'm': 1000.0}


def _read_json(path: PathLike) -> Any:
    path = Path(path)
    if not path.is_file():
        raise CalibrationError(f'{path}: calibration file not found')
    try:
        with open(path, 'r') as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise CalibrationError(f'{path}: invalid JSON at line {e.lineno} '
                               f'column {e.colno}: {e.msg}') from None


def _field(entry: Any, key: str, where: str, hint: str = '') -> Any:
    if not isinstance(entry, dict):
        raise CalibrationError(f'{where}: expected an object with field '
                               f'{key!r}, got {type(entry).__name__}')
    if key not in entry:
        raise CalibrationError(f'{where}: missing key {key!r}'
                               f'{"; " + hint if hint else ""} (present: '
                               f'{sorted(map(str, entry))})')
    return entry[key]


def _array(value: Any, shape: Sequence[int], key: str,
           where: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise CalibrationError(f'{where}: field {key!r} is not numeric, '
                               f'expected shape {tuple(shape)}') from None
    if arr.size != int(np.prod(shape)):
        raise CalibrationError(f'{where}: field {key!r} has {arr.size} '
                               f'values (shape {arr.shape}), expected '
                               f'shape {tuple(shape)}')
    arr = arr.reshape(shape)
    if not np.all(np.isfinite(arr)):
        raise CalibrationError(f'{where}: field {key!r} contains NaN or '
                               'inf')
    return arr


def _camera(where: str, **kwargs: Any) -> Camera:
    """Build a camera, prefixing validation errors with ``where``."""
    K = kwargs['K']
    if K[0, 0] <= 0 or K[1, 1] <= 0:
        raise CalibrationError(f'{where}: non-positive focal length '
                               f'fx={K[0, 0]}, fy={K[1, 1]} in field '
                               f'{kwargs.pop("_k_field", "K")!r}; '
                               'expected pixels > 0')
    kwargs.pop('_k_field', None)
    try:
        return Camera(**kwargs)
    except CalibrationError as e:
        raise CalibrationError(f'{where}: {e}') from None


def _intrinsics(fx: float, fy: float, cx: float, cy: float) -> np.ndarray:
    return np.array([[fx, 0.0, cx], [0.0, fy, cy], [0.0, 0.0, 1.0]])


def _key_order(keys: Iterable[str]) -> List[str]:
    keys = list(keys)
    if all(str(k).isdigit() for k in keys):
        return sorted(keys, key=int)
    return keys


def _select(cams: 'OrderedDict[str, Camera]', names: Optional[Sequence[str]],
            path: PathLike) -> CameraDict:
    if names is None:
        return cams
    missing = [n for n in names if n not in cams]
    if missing:
        avail = list(cams)
        shown = avail[:40] + (['...'] if len(avail) > 40 else [])
        raise CalibrationError(f'{path}: camera(s) {missing} not found; '
                               f'available: {shown}')
    return OrderedDict((n, cams[n]) for n in names)


def quaternion_to_matrix(q: Sequence[float]) -> np.ndarray:
    """Rotation matrix ``(3, 3)`` of a quaternion ``(w, x, y, z)``."""
    w, x, y, z = np.asarray(q, dtype=np.float64) / np.linalg.norm(q)
    return np.array([
        [1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
        [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
        [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)],
    ])
