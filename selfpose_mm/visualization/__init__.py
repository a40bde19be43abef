"""Visualisation: multi-view overlays, 3D skeleton plots, animations."""
from .multiview_pose3d import MultiViewPose3DVisualizer
from .multiview_vis import (draw_reprojection, id_color,
                            plot_reprojection_report, plot_skeletons_3d,
                            save_animation, tile_views)

__all__ = [
    'MultiViewPose3DVisualizer', 'draw_reprojection', 'id_color',
    'plot_reprojection_report', 'plot_skeletons_3d', 'save_animation',
    'tile_views'
]
