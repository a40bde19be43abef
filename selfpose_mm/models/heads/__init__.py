"""Heads."""

from .lifting_regression_head import LiftingRegressionHead
from .ortho_pose_head import OrthoPoseHead
from .ortho_root_head import OrthoRootHead
from .ssl_ortho_root_head import SSLOrthoRootHead
from .ssl_root_head import SSLRootHead
from .temporal_lifting_head import TemporalLiftingHead, TemporalTrajectoryHead
from .voxel_pose_head import VoxelPoseHead
from .voxel_root_head import VoxelRootHead

__all__ = [
    'LiftingRegressionHead', 'VoxelPoseHead', 'VoxelRootHead',
    'TemporalLiftingHead', 'TemporalTrajectoryHead', 'SSLRootHead',
    'OrthoRootHead', 'OrthoPoseHead', 'SSLOrthoRootHead'
]
