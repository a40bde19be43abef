"""Pose estimators (top-level models)."""
from .geometric_baseline import GeometricBaseline
from .selfpose3d import SelfPose3D
from .single_frame_lifter import SingleFrameLifter
from .voxelpose import VoxelPose

__all__ = ['SingleFrameLifter', 'GeometricBaseline', 'VoxelPose',
           'SelfPose3D']
