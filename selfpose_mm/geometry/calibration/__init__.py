"""Loaders for multi-camera calibration files; everything ends up in mm.

One reader module per format (``README.md`` in this folder has the table
of formats and the fields each supplies); :func:`load_calibration` (in
:mod:`.detect`) picks the reader from the file content.

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
from .association4d import load_4d_association_calibration
from .common import (CalibrationError, Camera, CameraDict, PathLike,
                     quaternion_to_matrix)
from .detect import CONVENTIONS, detect_convention, load_calibration
from .h36m import load_h36m_cameras
from .humaneva import HUMANEVA_INTRINSICS, load_humaneva_cameras
from .opencv import load_opencv_calibration
from .panoptic import (PANOPTIC_TO_VOXELPOSE, convert_panoptic_points,
                       load_panoptic_calibration)
from .pose2sim_toml import load_toml_calibration
from .qualisys import QUALISYS_SUBPIXELS, QUALISYS_TO_OPENCV, load_qualisys_qca
from .sanity import (MAX_CAMERA_SPREAD_MM, MIN_CAMERA_SPREAD_MM,
                     check_camera_spread)
from .shelf_campus import load_shelf_campus_calibration
from .simple_json import load_simple_json, save_simple_json

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
