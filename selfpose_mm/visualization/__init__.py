"""Visualisation: one registered visualizer for every picture.

:class:`MultiViewPoseVisualizer` (in ``VISUALIZERS``) draws multi-view 2D
overlays, 3D skeletons in the capture space, lifting results and GIF
sequences. The functions and ``MultiViewPose3DVisualizer`` below are thin
wrappers kept for existing callers. No matplotlib backend is selected.
"""
from .multiview_pose3d import MultiViewPose3DVisualizer
from .multiview_pose_visualizer import MultiViewPoseVisualizer
from .multiview_vis import (draw_reprojection, id_color,
                            plot_reprojection_report, plot_skeletons_3d,
                            save_animation, shared_visualizer, tile_views)

__all__ = [
    'MultiViewPoseVisualizer', 'MultiViewPose3DVisualizer',
    'draw_reprojection', 'id_color', 'plot_reprojection_report',
    'plot_skeletons_3d', 'save_animation', 'shared_visualizer', 'tile_views'
]
