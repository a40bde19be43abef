"""Loaders for multi-camera calibration files; everything ends up in mm.

Every loader returns an ordered ``dict[str, Camera]`` whose cameras map
world points in **millimetres** with ``x_cam = R @ X + t`` (see
:mod:`selfpose_mm.geometry.camera`). Supported conventions:

============== ==========================================================
``panoptic``   CMU Panoptic ``calibration_<seq>.json`` (cm, optional axis
               change to VoxelPose's z-up frame)
``shelf``      VoxelPose / mmpose ``calibration_{shelf,campus}.json``
               (``T`` = camera centre in mm)
``4d_association`` 4D Association ``calibration.json`` (``RT`` in metres)
``h36m``       mmpose ``cameras.pkl`` for Human3.6M (metres, R
               camera-to-world, H36M tangential model)
``humaneva``   VideoPose3D-derived HumanEva-I extrinsics + fitted
               intrinsics
``simple``     our own JSON, see :func:`save_simple_json`
``qualisys``   Qualisys QTM ``*.qca.txt`` XML export (sub-pixel
               intrinsics, camera centre in mm)
``opencv``     ``cv2.FileStorage`` YAML/XML/JSON: ``camera_matrix``,
               ``dist_coeffs``, ``R``/``rvec``, ``T``/``tvec``
``toml``       Pose2Sim / anipose ``.toml`` (Rodrigues, metres)
============== ==========================================================

Bad input raises :class:`CalibrationError` naming the file, the camera and
the field.
"""
import inspect
import json
from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import numpy as np
import torch
from torch import Tensor

from ..utils.safe_load import UnsafeFileError, load_restricted_pickle
from .camera import CalibrationError, Camera

__all__ = [
    'CalibrationError', 'CONVENTIONS', 'PANOPTIC_TO_VOXELPOSE',
    'HUMANEVA_INTRINSICS', 'convert_panoptic_points',
    'load_panoptic_calibration', 'load_shelf_campus_calibration',
    'load_4d_association_calibration', 'load_h36m_cameras',
    'load_humaneva_cameras', 'load_simple_json', 'save_simple_json',
    'detect_convention', 'load_calibration', 'quaternion_to_matrix',
    'load_qualisys_qca', 'load_opencv_calibration', 'load_toml_calibration',
    'QUALISYS_SUBPIXELS', 'QUALISYS_TO_OPENCV', 'check_camera_spread',
    'MAX_CAMERA_SPREAD_MM', 'MIN_CAMERA_SPREAD_MM'
]

PathLike = Union[str, Path]
CameraDict = Dict[str, Camera]

#: Valid ``convention`` names of :func:`load_calibration`.
CONVENTIONS = ('auto', 'panoptic', 'shelf', '4d_association', 'h36m',
               'humaneva', 'simple', 'qualisys', 'opencv', 'toml')

#: Rotation taking Panoptic world axes (x, y down, z) to the z-up frame of
#: VoxelPose / SelfPose3d: ``X_new = PANOPTIC_TO_VOXELPOSE @ X_old`` i.e.
#: ``(x, y, z) -> (x, z, -y)``. VoxelPose writes it for row vectors as
#: ``p @ M`` with ``M = PANOPTIC_TO_VOXELPOSE.T``; cameras become
#: ``R_new = R @ M``.
PANOPTIC_TO_VOXELPOSE = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0],
                                  [0.0, -1.0, 0.0]])

#: HumanEva-I intrinsics (the camera file only has extrinsics). Least-
#: squares fit of fx, fy, cx, cy, k1, k2, p1, p2 (OpenCV/Bouguet order,
#: k3 = 0) on the Train split of VideoPose3D's HumanEva-I export with the
#: extrinsics held fixed; shared by subjects S1-S3. Reprojects the
#: Validate 2D GT to about 0.002 px mean, 0.26 px max (see
#: ``humaneva_notes.md``).
HUMANEVA_INTRINSICS = {
    'C1':
    dict(
        f=(765.788801, 765.325753),
        c=(299.774121, 232.347753),
        dist=(-0.289326616, 0.105263953, -1.35873869e-3, 1.12429738e-3, 0.0)),
    'C2':
    dict(
        f=(688.408420, 686.781944),
        c=(273.090144, 221.975101),
        dist=(-0.322089057, 0.0952665539, 2.41272847e-4, -7.04063336e-3, 0.0)),
    'C3':
    dict(
        f=(724.268106, 723.570080),
        c=(302.629778, 204.911946),
        dist=(-0.327524199, 1.27682708, -6.53927388e-3, -5.36464114e-3, 0.0)),
}

# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# CMU Panoptic
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Shelf / Campus (VoxelPose) and 4D Association
# --------------------------------------------------------------------------


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


# --------------------------------------------------------------------------
# Human3.6M and HumanEva
# --------------------------------------------------------------------------


def load_h36m_cameras(path_pkl: PathLike,
                      subjects: Optional[Sequence[str]] = None) -> CameraDict:
    """Load mmpose's Human3.6M ``cameras.pkl`` (all subjects x 4 cameras).

    The pickle maps ``(subject, camera_id)`` (e.g. ``('S1', '54138969')``)
    to ``{R, T, f, c, k, p, w, h, name, id}`` where ``R`` is
    **camera-to-world** and ``T`` the camera centre in **metres** (mmpose's
    ``SimpleCamera`` convention). Cameras are named ``'S1_54138969'``; we
    set ``R_w2c = R.T``, ``t = -R.T @ T * 1000`` and keep ``p`` in file
    order with ``dist_model='h36m'``, which reproduces the official H36M 2D
    exactly (OpenCV's tangential formula differs by up to ~0.2 px).

    Args:
        path_pkl: Pickle file.
        subjects: Subjects to keep (e.g. ``['S9', 'S11']``); None = all.

    Returns:
        Ordered ``{'<subject>_<camera id>': Camera}``.
    """
    path = Path(path_pkl)
    if not path.is_file():
        raise CalibrationError(f'{path}: calibration file not found')
    try:
        data = load_restricted_pickle(path)
    except UnsafeFileError as e:
        raise CalibrationError(str(e)) from None
    except Exception as e:  # noqa: BLE001 -- any unpickling failure
        raise CalibrationError(f'{path}: cannot unpickle ({e})') from None
    if not isinstance(data, dict):
        raise CalibrationError(f'{path}: expected a dict keyed by (subject, '
                               f'camera id), got {type(data).__name__}')
    cams: 'OrderedDict[str, Camera]' = OrderedDict()
    for key, entry in data.items():
        if isinstance(key, tuple) and len(key) == 2:
            subj, cid = map(str, key)
        else:
            subj, _, cid = str(key).partition('_')
        if subjects is not None and subj not in subjects:
            continue
        name = f'{subj}_{cid}'
        where = f'{path}: camera {key!r}'
        R = _array(_field(entry, 'R', where), (3, 3), 'R', where)
        T = _array(_field(entry, 'T', where), (3, ), 'T', where) * 1000.0
        f = _array(_field(entry, 'f', where), (2, ), 'f', where)
        c = _array(_field(entry, 'c', where), (2, ), 'c', where)
        k = _array(entry.get('k', np.zeros(3)), (3, ), 'k', where)
        p = _array(entry.get('p', np.zeros(2)), (2, ), 'p', where)
        size = None
        if 'w' in entry and 'h' in entry:
            size = (int(entry['w']), int(entry['h']))
        cams[name] = _camera(
            where,
            _k_field='f',
            name=name,
            K=_intrinsics(f[0], f[1], c[0], c[1]),
            R=R.T,
            t=-R.T @ T,
            dist=np.array([k[0], k[1], p[0], p[1], k[2]]),
            image_size=size,
            dist_model='h36m')
    if not cams:
        raise CalibrationError(f'{path}: no cameras for subjects '
                               f'{subjects}')
    return cams


def load_humaneva_cameras(
        path_json: PathLike,
        subjects: Optional[Sequence[str]] = None,
        intrinsics: Optional[Dict[str, dict]] = None) -> CameraDict:
    """Load HumanEva-I cameras from the VideoPose3D-derived JSON.

    ``humaneva_cameras_extrinsic_params[subject]`` lists, per camera, the
    ``orientation`` quaternion (w, x, y, z; camera-to-world) and the
    ``translation`` = camera centre in mm. The file has no intrinsics, so
    :data:`HUMANEVA_INTRINSICS` (fitted, OpenCV order) are used unless
    ``intrinsics`` is given. Subjects with empty entries (S4) are skipped.

    Args:
        path_json: JSON file.
        subjects: Subjects to keep, e.g. ``['S1']``; None = all non-empty.
        intrinsics: ``{camera id: {f: (fx, fy), c: (cx, cy), dist: 5}}``.

    Returns:
        Ordered ``{'<subject>_<camera id>': Camera}`` (e.g. ``'S1_C1'``);
        world frame of ``data_3d_humaneva15.npz`` converted to mm.
    """
    data = _read_json(path_json)
    intr_list = _field(data, 'humaneva_cameras_intrinsic_params',
                       f'{path_json}', 'not a HumanEva camera file')
    ext = _field(data, 'humaneva_cameras_extrinsic_params', f'{path_json}')
    intrinsics = HUMANEVA_INTRINSICS if intrinsics is None else intrinsics
    cams: 'OrderedDict[str, Camera]' = OrderedDict()
    for subj, entries in ext.items():
        if subjects is not None and subj not in subjects:
            continue
        if len(entries) != len(intr_list):
            raise CalibrationError(f'{path_json}: subject {subj!r} has '
                                   f'{len(entries)} extrinsics but '
                                   f'{len(intr_list)} cameras')
        for info, entry in zip(intr_list, entries):
            cid = str(_field(info, 'id', f'{path_json}: intrinsic entry'))
            where = f'{path_json}: subject {subj!r} camera {cid!r}'
            if not entry:
                continue
            q = _array(
                _field(entry, 'orientation', where), (4, ), 'orientation',
                where)
            C = _array(
                _field(entry, 'translation', where), (3, ), 'translation',
                where)
            if cid not in intrinsics:
                raise CalibrationError(f'{where}: no intrinsics for camera '
                                       f'{cid!r}; pass intrinsics={{'
                                       f'{cid!r}: dict(f=..., c=..., '
                                       'dist=...)}')
            intr = intrinsics[cid]
            R = quaternion_to_matrix(q).T
            size = (int(info['res_w']), int(info['res_h'])) \
                if 'res_w' in info and 'res_h' in info else None
            name = f'{subj}_{cid}'
            cams[name] = _camera(
                where,
                name=name,
                K=_intrinsics(intr['f'][0], intr['f'][1], intr['c'][0],
                              intr['c'][1]),
                R=R,
                t=-R @ C,
                dist=intr.get('dist', np.zeros(5)),
                image_size=size)
    if not cams:
        raise CalibrationError(f'{path_json}: no cameras for subjects '
                               f'{subjects}')
    return cams


# --------------------------------------------------------------------------
# our simple JSON format
# --------------------------------------------------------------------------

_UNIT_TO_MM = {'mm': 1.0, 'cm': 10.0, 'm': 1000.0}


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


# --------------------------------------------------------------------------
# Qualisys QTM (.qca.txt), OpenCV FileStorage, Pose2Sim / anipose TOML
# --------------------------------------------------------------------------

#: Qualisys stores intrinsics in sensor sub-pixels: 64 per pixel.
QUALISYS_SUBPIXELS = 64.0

#: Qualisys camera axes (x right, y up, z backwards out of the lens) to
#: OpenCV's (x right, y down, z forward): a half turn about x.
QUALISYS_TO_OPENCV = np.diag([1.0, -1.0, -1.0])


def _xml_float(node: Any, key: str, where: str) -> float:
    value = node.get(key)
    if value is None:
        raise CalibrationError(f'{where}: <{node.tag}> lacks attribute '
                               f'{key!r} (present: {sorted(node.attrib)})')
    try:
        out = float(value)
    except ValueError:
        raise CalibrationError(f'{where}: <{node.tag}> attribute {key!r} = '
                               f'{value!r} is not a number') from None
    if not np.isfinite(out):
        raise CalibrationError(f'{where}: <{node.tag}> attribute {key!r} '
                               'is NaN or inf')
    return out


def _rot90_camera(K: np.ndarray, R: np.ndarray, t: np.ndarray,
                  dist: np.ndarray, size: Sequence[int],
                  quarter_turns: int) -> tuple:
    """Camera of an image turned ``quarter_turns`` x 90 deg clockwise.

    A clockwise quarter turn maps sensor pixel ``(u, v)`` of a ``W x H``
    image to ``(H - 1 - v, u)``: the camera rolls by -90 deg about its
    optical axis, ``fx``/``fy`` and the tangential terms swap.
    """
    W, H = size
    for _ in range(quarter_turns % 4):
        # x' = -y, y' = x in normalised camera coordinates
        Rz = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
        K = _intrinsics(K[1, 1], K[0, 0], H - 1 - K[1, 2], K[0, 2])
        R, t = Rz @ R, Rz @ t
        k1, k2, p1, p2, k3 = dist
        dist = np.array([k1, k2, -p2, p1, k3])
        W, H = H, W
    return K, R, t, dist, (W, H)


def load_qualisys_qca(path: PathLike,
                      binning_factor: int = 1,
                      scale_distortion: bool = True,
                      apply_viewrotation: bool = True) -> CameraDict:
    """Load a Qualisys QTM calibration export (``*.qca.txt``, XML).

    Each ``<camera serial=...>`` holds:

    * ``<transform r11..r33 x y z>``: reading ``r_ij`` as row ``i``,
      column ``j`` gives ``M``, the world-to-camera rotation of the
      *Qualisys* camera frame (x right, y up, z backwards out of the lens;
      QTM documents the transposed, column-stored matrix as the camera
      orientation in the world); ``x, y, z`` = camera centre ``C`` in mm.
      OpenCV: ``R = diag(1, -1, -1) M``, ``t = -R C``.
    * ``<intrinsic>``: ``focalLengthU/V`` and ``centerPointU/V`` in sensor
      sub-pixels (64 per pixel), ``radialDistortion1..3`` and
      ``tangentalDistortion1..2``. Pixels: divide by 64 (and by
      ``binning_factor`` for binned video); the principal point is
      shifted by the ``<fov_video>`` window's ``left``/``top``.
    * ``<fov_video left right top bottom>``: inclusive pixel window, so
      the image is ``(right - left + 1) x (bottom - top + 1)`` (the Pose2Sim
      demo: portrait 1088 x 1920).
    * ``viewrotation`` (0, 90, 180, 270): the video is displayed turned
      clockwise by that angle; the camera is rotated to match (only the
      value 0 was verified on real data).

    Verified on the Pose2Sim demo export against Pose2Sim's own converted
    ``Calib_qualisys.toml`` (rotation and centre to 1e-6, intrinsics
    exact) and by the reprojection of triangulated OpenPose joints (see
    ``docs/inference.md``).

    Args:
        path: ``.qca.txt`` file.
        binning_factor: Video pixel binning (1 = full resolution, 2 for
            540p recordings of 1080p sensors). Defaults to 1.
        scale_distortion: Divide the distortion coefficients by 64 as
            Pose2Sim's converter does (they then have almost no effect).
            ``False`` uses them as OpenCV coefficients on normalised
            coordinates. Defaults to True; the two agree to < 1 px over
            most of the Pose2Sim image, see ``docs/inference.md``.
        apply_viewrotation: Honour ``viewrotation``. Defaults to True.

    Returns:
        Ordered ``{serial: Camera}`` in mm, sorted naturally by serial.
    """
    import re
    import xml.etree.ElementTree as ET
    path = Path(path)
    if not path.is_file():
        raise CalibrationError(f'{path}: calibration file not found')
    try:
        root = ET.parse(str(path)).getroot()
    except ET.ParseError as e:
        raise CalibrationError(f'{path}: invalid Qualisys XML ({e})') \
            from None
    nodes = root.findall('cameras/camera')
    if root.tag != 'calibration' or not nodes:
        raise CalibrationError(f'{path}: not a Qualisys calibration (expected'
                               ' <calibration><cameras><camera ...>)')
    if binning_factor < 1:
        raise CalibrationError(f'{path}: binning_factor must be >= 1, got '
                               f'{binning_factor}')
    cams: 'OrderedDict[str, Camera]' = OrderedDict()
    for i, node in enumerate(nodes):
        name = node.get('serial') or f'cam{i}'
        where = f'{path}: camera {name!r}'
        if node.get('active', '1') == '0':
            continue
        tr, intr = node.find('transform'), node.find('intrinsic')
        fov = node.find('fov_video')
        for tag, el in (('transform', tr), ('intrinsic', intr),
                        ('fov_video', fov)):
            if el is None:
                raise CalibrationError(f'{where}: missing <{tag}> element')
        M = np.array([[_xml_float(tr, f'r{a}{b}', where) for b in '123']
                      for a in '123'])
        C = np.array([_xml_float(tr, k, where) for k in 'xyz'])
        left, right, top, bottom = (_xml_float(fov, k, where)
                                    for k in ('left', 'right', 'top',
                                              'bottom'))
        s = QUALISYS_SUBPIXELS * binning_factor
        fx = _xml_float(intr, 'focalLengthU', where) / s
        fy = _xml_float(intr, 'focalLengthV', where) / s
        cx = (_xml_float(intr, 'centerPointU', where) / QUALISYS_SUBPIXELS -
              left) / binning_factor
        cy = (_xml_float(intr, 'centerPointV', where) / QUALISYS_SUBPIXELS -
              top) / binning_factor
        d = np.array([
            _xml_float(intr, k, where)
            for k in ('radialDistortion1', 'radialDistortion2',
                      'tangentalDistortion1', 'tangentalDistortion2',
                      'radialDistortion3')
        ])
        if scale_distortion:
            d = d / s
        size = (int(round((right - left + 1) / binning_factor)),
                int(round((bottom - top + 1) / binning_factor)))
        R = QUALISYS_TO_OPENCV @ M
        K, t = _intrinsics(fx, fy, cx, cy), -R @ C
        rot = node.get('viewrotation', '0')
        if rot not in ('0', '90', '180', '270'):
            raise CalibrationError(f'{where}: viewrotation={rot!r}; expected'
                                   ' 0, 90, 180 or 270')
        if apply_viewrotation and rot != '0':
            K, R, t, d, size = _rot90_camera(K, R, t, d, size,
                                             int(rot) // 90)
        cams[name] = _camera(
            where, _k_field='focalLengthU/V', name=name, K=K, R=R, t=t,
            dist=d, image_size=size)
    if not cams:
        raise CalibrationError(f'{path}: no active camera')

    def natural(key: str) -> list:
        return [int(c) if c.isdigit() else c.lower()
                for c in re.split(r'(\d+)', key)]

    return OrderedDict((k, cams[k]) for k in sorted(cams, key=natural))


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


def load_toml_calibration(path: PathLike) -> CameraDict:
    """Load a Pose2Sim / anipose ``.toml`` calibration.

    Sections ``[cam_xx]`` with ``name``, ``size`` ``[w, h]``, ``matrix``
    (3x3), ``distortions`` (k1 k2 p1 p2), ``rotation`` (Rodrigues,
    world-to-camera) and ``translation`` (**metres**); ``[metadata]`` is
    ignored.
    """
    import tomllib
    path = Path(path)
    if not path.is_file():
        raise CalibrationError(f'{path}: calibration file not found')
    try:
        with open(path, 'rb') as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise CalibrationError(f'{path}: invalid TOML ({e})') from None
    data.pop('metadata', None)
    return _cameras_from_mapping(dict(data, unit='m'), path, 'm')


# --------------------------------------------------------------------------
# dispatch
# --------------------------------------------------------------------------


def detect_convention(path: PathLike) -> str:
    """Guess the calibration convention of ``path`` from its content."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in ('.pkl', '.pickle'):
        return 'h36m'
    if path.name.lower().endswith(('.qca.txt', '.qca')):
        return 'qualisys'
    if suffix == '.toml':
        return 'toml'
    if suffix in ('.yml', '.yaml', '.xml'):
        if path.is_file() and suffix == '.xml':
            with open(path, 'r', errors='replace') as f:
                if '<calibration' in f.read(4096):
                    return 'qualisys'
        return 'opencv'
    data = _read_json(path)
    if isinstance(data, dict):
        if 'humaneva_cameras_extrinsic_params' in data:
            return 'humaneva'
        cams = data.get('cameras')
        if isinstance(cams, list):
            return 'panoptic'
        if isinstance(cams, dict):
            return 'simple'
        values = list(data.values())
        if values and all(isinstance(v, dict) for v in values):
            if all('RT' in v for v in values):
                return '4d_association'
            if all('T' in v and 'fx' in v for v in values):
                return 'shelf'
            if all(any(k in v for k in _OPENCV_FIELDS['K'])
                   for v in values if isinstance(v, dict)):
                return 'opencv'
        if any(k in data for k in _OPENCV_FIELDS['K']):
            return 'opencv'
    keys = sorted(data)[:10] if isinstance(data, dict) else \
        type(data).__name__
    raise CalibrationError(
        f'{path}: unrecognised calibration format (top level: {keys}); '
        f'pass convention= one of {list(CONVENTIONS[1:])}')


def load_calibration(path: PathLike,
                     convention: str = 'auto',
                     **kwargs: Any) -> CameraDict:
    """Load any supported calibration file (see the module docstring).

    Args:
        path: Calibration file.
        convention: One of :data:`CONVENTIONS`; ``'auto'`` detects it from
            the content (:func:`detect_convention`).
        **kwargs: Passed to the specific loader (e.g. ``camera_names`` for
            Panoptic).

    Returns:
        Ordered ``{name: Camera}`` in mm.
    """
    if convention not in CONVENTIONS:
        raise CalibrationError(f'unknown calibration convention '
                               f'{convention!r}; valid: {list(CONVENTIONS)}')
    if convention == 'auto':
        convention = detect_convention(path)
    loaders = {
        'panoptic': load_panoptic_calibration,
        'shelf': load_shelf_campus_calibration,
        '4d_association': load_4d_association_calibration,
        'h36m': load_h36m_cameras,
        'humaneva': load_humaneva_cameras,
        'simple': load_simple_json,
        'qualisys': load_qualisys_qca,
        'opencv': load_opencv_calibration,
        'toml': load_toml_calibration,
    }
    loader = loaders[convention]
    params = inspect.signature(loader).parameters
    bad = sorted(set(kwargs) - set(params))
    if bad:
        raise CalibrationError(f'{path}: option(s) {bad} not accepted by '
                               f'convention {convention!r}; accepted: '
                               f'{list(params)[1:]}')
    return loader(path, **kwargs)


# --------------------------------------------------------------------------
# sanity checks
# --------------------------------------------------------------------------
#: Camera centres further apart than this (mm) are not a body-capture rig.
MAX_CAMERA_SPREAD_MM = 1e5
#: Closer than this (mm) they are one device, or metres read as millimetres.
MIN_CAMERA_SPREAD_MM = 50.


def check_camera_spread(cams: CameraDict, source: PathLike) -> float:
    """Check the rig size against the unit the translations were read in.

    Cameras are in millimetres after loading. A rig wider than
    :data:`MAX_CAMERA_SPREAD_MM` (100 m) almost surely holds millimetres
    declared as metres (every pose would come out 1000x too large): that is
    an error. Narrower than :data:`MIN_CAMERA_SPREAD_MM` (5 cm) is a
    warning (metres declared as millimetres, or one stereo device).

    Args:
        cams (dict): ``{name: Camera}`` in millimetres.
        source (str | Path): The calibration file, for messages.

    Returns:
        float: The largest extent of the camera centres, in mm.

    Raises:
        CalibrationError: The rig is implausibly large.
    """
    from mmengine.logging import print_log
    if len(cams) < 2:
        return 0.
    centres = np.stack([np.asarray(c.center, np.float64)
                        for c in cams.values()])
    spread = float(np.ptp(centres, axis=0).max())
    if spread > MAX_CAMERA_SPREAD_MM:
        raise CalibrationError(
            f'{source}: the cameras are {spread / 1e6:.3g} km apart; the '
            'translations look like millimetres declared as metres. Fix the '
            "file's unit, or pass the right one (tools/infer.py "
            '--calib-unit mm)')
    if spread < MIN_CAMERA_SPREAD_MM:
        print_log(
            f'{source}: cameras are only {spread:.3g} mm apart; is the '
            'translation in metres? (tools/infer.py --calib-unit m)',
            logger='current',
            level=30)
    return spread
