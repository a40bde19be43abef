"""Pose estimators (top-level models)."""
from .geometric_baseline import GeometricBaseline
from .single_frame_lifter import SingleFrameLifter
from .voxelpose import VoxelPose

__all__ = ['SingleFrameLifter', 'GeometricBaseline', 'VoxelPose']
