"""Pose estimators (top-level models)."""
from .multiview_ssl_lifter import MultiViewSelfSupervisedLifter
from .single_frame_lifter import SingleFrameLifter
from .video_pose_lifter import VideoPoseLifter

__all__ = [
    'SingleFrameLifter', 'VideoPoseLifter', 'MultiViewSelfSupervisedLifter'
]
