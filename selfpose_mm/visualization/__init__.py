"""visualization."""
from .multiview_pose3d import MultiViewPose3DVisualizer

__all__ = ['MultiViewPose3DVisualizer']
