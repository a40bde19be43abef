"""Models of the MADS project (CDRNet and the triangulated 2D baseline)."""
from .cdr_head import CameraDisentangledHead
from .data_preprocessor import MultiViewImagePreprocessor
from .estimator import MultiViewTriangulator
from .ops import (argmax_refine_2d, feature_transform, normalize_projection,
                  relative_rotations, root_relative, soft_argmax_2d,
                  stack_camera_tensors)
from .smooth_loss import SmoothKeypointMSELoss
from .triangulation_head import TriangulationHeatmapHead

__all__ = [
    'CameraDisentangledHead', 'TriangulationHeatmapHead',
    'MultiViewTriangulator', 'MultiViewImagePreprocessor',
    'SmoothKeypointMSELoss', 'soft_argmax_2d', 'argmax_refine_2d',
    'feature_transform', 'normalize_projection', 'relative_rotations',
    'root_relative', 'stack_camera_tensors'
]
