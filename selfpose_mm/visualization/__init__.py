"""visualization."""
from .multiview_vis import (draw_reprojection, id_color,
                            plot_reprojection_report, plot_skeletons_3d,
                            save_animation, tile_views)

__all__ = [
    'draw_reprojection', 'id_color', 'plot_reprojection_report',
    'plot_skeletons_3d', 'save_animation', 'tile_views'
]
