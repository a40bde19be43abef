"""Qualisys QTM calibration export (``*.qca.txt``, XML) reader."""
from collections import OrderedDict
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from .common import (CalibrationError, Camera, CameraDict, PathLike, _camera,
                     _intrinsics)

__all__ = ['QUALISYS_SUBPIXELS', 'QUALISYS_TO_OPENCV', 'load_qualisys_qca']


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
