"""Pure geometry for multi-view 3D pose: cameras, calibration files,
triangulation, alignment, procedural rigs and 2D affine crops. All 3D quantities are in millimetres.

This is the bottom layer of :mod:`selfpose_mm`; it imports nothing else
from the package.
"""
from .alignment import procrustes_align, scale_align
from .affine import (apply_affine, compose_affine, get_affine_matrix,
                     invert_affine, to_homogeneous_affine)
from .calibration import (CONVENTIONS, HUMANEVA_INTRINSICS,
                          check_camera_spread,
                          PANOPTIC_TO_VOXELPOSE, convert_panoptic_points,
                          detect_convention, load_4d_association_calibration,
                          load_calibration, load_h36m_cameras,
                          load_humaneva_cameras, load_opencv_calibration,
                          load_panoptic_calibration, load_qualisys_qca,
                          load_toml_calibration,
                          load_shelf_campus_calibration, load_simple_json,
                          quaternion_to_matrix, save_simple_json)
from .camera import (DIST_MODELS, CalibrationError, Camera, camera_to_world,
                     common_dist_model, distort_points, project_points,
                     projection_matrix, camera_tensor_dict, undistort_points,
                     world_to_camera)
from .rig import look_at, ring_rig
from .triangulation import (reprojection_error, triangulate_dlt,
                            triangulate_points_np)

__all__ = [
    'CalibrationError', 'Camera', 'DIST_MODELS', 'check_camera_spread', 'world_to_camera',
    'camera_to_world', 'project_points', 'distort_points', 'undistort_points',
    'projection_matrix', 'camera_tensor_dict', 'common_dist_model', 'CONVENTIONS',
    'PANOPTIC_TO_VOXELPOSE', 'HUMANEVA_INTRINSICS', 'convert_panoptic_points',
    'load_panoptic_calibration', 'load_shelf_campus_calibration',
    'load_4d_association_calibration', 'load_h36m_cameras',
    'load_humaneva_cameras', 'load_simple_json', 'save_simple_json',
    'detect_convention', 'load_calibration', 'quaternion_to_matrix',
    'triangulate_dlt', 'triangulate_points_np', 'reprojection_error',
    'get_affine_matrix', 'apply_affine', 'invert_affine', 'compose_affine',
    'to_homogeneous_affine', 'procrustes_align', 'scale_align', 'look_at',
    'ring_rig', 'load_qualisys_qca', 'load_opencv_calibration',
    'load_toml_calibration'
]
