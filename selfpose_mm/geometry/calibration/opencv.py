"""OpenCV ``cv2.FileStorage`` YAML/XML/JSON calibration reader.

The mapping-of-cameras logic (:func:`_cameras_from_mapping`) is shared with
the Pose2Sim / anipose TOML reader.
"""
from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, Sequence

import numpy as np

from .common import (_UNIT_TO_MM, CalibrationError, Camera, CameraDict,
                     PathLike, _array, _camera, _read_json)

__all__ = ['load_opencv_calibration']


def _rotation_from(value: np.ndarray, key: str, where: str) -> np.ndarray:
    """A 3x3 matrix, or a Rodrigues vector (3 values)."""
    if value.size == 3:
        import cv2
        return cv2.Rodrigues(value.reshape(3, 1))[0]
    return _array(value, (3, 3), key, where)


def _pick(entry: Dict[str, Any], keys: Sequence[str], where: str,
          required: bool = True) -> Any:
    for k in keys:
        if k in entry:
            return k, entry[k]
    if required:
        raise CalibrationError(f'{where}: missing field, expected one of '
                               f'{list(keys)} (present: {sorted(entry)})')
    return None, None


_OPENCV_FIELDS = {
    'K': ('camera_matrix', 'K', 'intrinsic_matrix', 'cameraMatrix',
          'matrix'),
    'dist': ('dist_coeffs', 'distortion_coefficients', 'dist', 'D',
             'distCoeffs', 'distortions'),
    'R': ('R', 'rvec', 'rotation', 'rotation_matrix', 'Rot'),
    't': ('T', 'tvec', 't', 'translation'),
    'size': ('image_size', 'size', 'imgSize'),
    'width': ('image_width', 'width'),
    'height': ('image_height', 'height'),
}


_OPENCV_KNOWN = {k for v in _OPENCV_FIELDS.values() for k in v} | {
    'name', 'fisheye', 'unit', 'calibration_time', 'avg_reprojection_error',
    'nframes', 'flags', 'board_width', 'board_height', 'square_size'
}


def _opencv_camera(name: str, entry: Dict[str, Any], scale: float,
                   where: str) -> Camera:
    unknown = sorted(set(entry) - _OPENCV_KNOWN)
    if unknown:
        raise CalibrationError(
            f'{where}: unknown field(s) {unknown}; known: '
            f'{sorted(_OPENCV_KNOWN)} (K as camera_matrix, distortion as '
            'dist_coeffs, rotation as R (3x3) or rvec, translation as T '
            'or tvec)')
    if entry.get('fisheye') in (True, 1, 'true'):
        raise CalibrationError(f'{where}: fisheye cameras are not supported'
                               ' (OpenCV pinhole model only)')
    kk, K = _pick(entry, _OPENCV_FIELDS['K'], where)
    K = _array(K, (3, 3), kk, where)
    dk, d = _pick(entry, _OPENCV_FIELDS['dist'], where, required=False)
    d = np.zeros(5) if d is None else np.asarray(d, np.float64).ravel()
    if d.size not in (4, 5, 8, 12, 14) and d.size:
        raise CalibrationError(f'{where}: field {dk!r} has {d.size} values;'
                               ' expected 4, 5 (k1 k2 p1 p2 [k3]) or more')
    if d.size > 5:
        if np.any(d[5:] != 0):
            raise CalibrationError(f'{where}: field {dk!r}: only the '
                                   'k1 k2 p1 p2 k3 model is supported; '
                                   'rational/thin-prism terms are non-zero')
        d = d[:5]
    d = _array(d if d.size else np.zeros(5), (d.size or 5, ), dk or 'dist',
               where)
    rk, R = _pick(entry, _OPENCV_FIELDS['R'], where)
    R = _rotation_from(_array(R, (np.asarray(R).size, ), rk, where), rk,
                       where)
    tk, t = _pick(entry, _OPENCV_FIELDS['t'], where)
    t = _array(t, (3, ), tk, where) * scale
    _, size = _pick(entry, _OPENCV_FIELDS['size'], where, required=False)
    if size is None:
        _, w = _pick(entry, _OPENCV_FIELDS['width'], where, required=False)
        _, h = _pick(entry, _OPENCV_FIELDS['height'], where, required=False)
        size = None if w is None or h is None else (w, h)
    if size is not None:
        size = tuple(int(round(float(v))) for v in np.ravel(size))
    return _camera(where, _k_field=kk, name=name, K=K, R=R, t=t, dist=d,
                   image_size=size)


def _filenode_to_py(node: Any) -> Any:
    """Recursively convert a ``cv2.FileNode`` to Python objects."""
    if node.isMap():
        keys = node.keys()
        if {'rows', 'cols', 'data'} <= set(keys):  # !!opencv-matrix
            return np.asarray(node.mat(), dtype=np.float64)
        return {k: _filenode_to_py(node.getNode(k)) for k in keys}
    if node.isSeq():
        return [_filenode_to_py(node.at(i)) for i in range(node.size())]
    if node.isString():
        return node.string()
    if node.isInt() or node.isReal():
        return node.real()
    mat = node.mat()
    if mat is not None:
        return np.asarray(mat, dtype=np.float64)
    return None


def _read_opencv_storage(path: Path) -> Dict[str, Any]:
    import cv2
    try:
        fs = cv2.FileStorage(str(path), cv2.FILE_STORAGE_READ)
    except cv2.error as e:
        raise CalibrationError(f'{path}: cv2.FileStorage cannot read it '
                               f'({str(e).strip().splitlines()[-1]})') \
            from None
    try:
        if not fs.isOpened():
            raise CalibrationError(f'{path}: cv2.FileStorage cannot open it')
        data = _filenode_to_py(fs.root())
    finally:
        fs.release()
    if not isinstance(data, dict) or not data:
        raise CalibrationError(f'{path}: expected a map at the top level')
    return data


def _cameras_from_mapping(data: Dict[str, Any], path: Path,
                          unit: str) -> CameraDict:
    """One camera at the top level, or a map of cameras."""
    unit = str(data.pop('unit', unit))
    if unit not in _UNIT_TO_MM:
        raise CalibrationError(f'{path}: unit {unit!r} unknown; use one of '
                               f'{list(_UNIT_TO_MM)}')
    scale = _UNIT_TO_MM[unit]
    data.pop('metadata', None)
    if any(k in data for k in _OPENCV_FIELDS['K']):
        entries = {path.name.split('.')[0]: data}
    else:
        entries = data
    cams: 'OrderedDict[str, Camera]' = OrderedDict()
    for key, entry in entries.items():
        where = f'{path}: camera {key!r}'
        if not isinstance(entry, dict):
            raise CalibrationError(f'{where}: expected a map with '
                                   'camera_matrix, dist_coeffs, R/rvec, '
                                   f'T/tvec; got {type(entry).__name__}')
        name = str(entry.get('name', key))
        cams[name] = _opencv_camera(name, entry, scale, where)
    if not cams:
        raise CalibrationError(f'{path}: no camera found')
    return cams


def load_opencv_calibration(path: PathLike,
                            unit: str = 'mm') -> CameraDict:
    """Load OpenCV ``cv2.FileStorage`` YAML/XML/JSON calibrations.

    Either one camera at the top level (named after the file) or one map
    per camera name. Per camera: ``camera_matrix`` (3x3; also ``K``),
    ``dist_coeffs`` (4/5 values; also ``distortion_coefficients``),
    rotation ``R`` (3x3 world-to-camera) or ``rvec`` (Rodrigues),
    translation ``T`` / ``tvec`` (world-to-camera, in ``unit``), optional
    ``image_width``/``image_height`` or ``image_size``. An optional
    top-level ``unit`` ('mm', 'cm', 'm') overrides the argument. Unknown
    fields are rejected. Plain JSON (``json.dump`` of lists) works too.

    Args:
        path: ``.yml``/``.yaml``/``.xml``/``.json`` file.
        unit: Unit of the translations when the file does not say.
            Defaults to 'mm'.

    Returns:
        Ordered ``{name: Camera}`` in mm.
    """
    path = Path(path)
    if not path.is_file():
        raise CalibrationError(f'{path}: calibration file not found')
    if path.suffix.lower() == '.json':
        data = _read_json(path)
        if not isinstance(data, dict):
            raise CalibrationError(f'{path}: expected a JSON object')
    else:
        data = _read_opencv_storage(path)
    return _cameras_from_mapping(dict(data), path, unit)
