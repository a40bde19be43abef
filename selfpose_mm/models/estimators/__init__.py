"""Pose estimators (top-level models)."""

from .base_lifter import BaseLifter
from .geometric_baseline import GeometricBaseline
from .multiview_ssl_lifter import MultiViewSelfSupervisedLifter
from .selfpose3d import SelfPose3D
from .single_frame_lifter import SingleFrameLifter
from .video_pose_lifter import VideoPoseLifter
from .voxelpose import VoxelPose

__all__ = [
    'BaseLifter', 'SingleFrameLifter', 'GeometricBaseline', 'VoxelPose',
    'VideoPoseLifter', 'MultiViewSelfSupervisedLifter', 'SelfPose3D'
]
