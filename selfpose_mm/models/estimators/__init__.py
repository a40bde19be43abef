"""Pose estimators (top-level models)."""
from .single_frame_lifter import SingleFrameLifter
from .voxelpose import VoxelPose

__all__ = ['SingleFrameLifter', 'VoxelPose']
