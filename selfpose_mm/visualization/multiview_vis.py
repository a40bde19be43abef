"""Function names of the pictures, kept for existing callers.

Each function is a thin wrapper around one method of the shared
:class:`~selfpose_mm.visualization.MultiViewPoseVisualizer` (see there for
the arguments); new code should build the visualizer and call it.
"""
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from .multiview_pose_visualizer import MultiViewPoseVisualizer
from .overlay2d import id_color

__all__ = [
    'id_color', 'draw_reprojection', 'tile_views', 'plot_skeletons_3d',
    'plot_reprojection_report', 'save_animation', 'shared_visualizer'
]

_SHARED: List[MultiViewPoseVisualizer] = []


def shared_visualizer() -> MultiViewPoseVisualizer:
    """The module's visualizer (no skeleton of its own, no backends).

    Made once by direct construction, so it is not registered as MMEngine's
    current visualizer.
    """
    if not _SHARED:
        _SHARED.append(
            MultiViewPoseVisualizer(name='selfpose_mm_shared_visualizer'))
    return _SHARED[0]


def draw_reprojection(image: Optional[np.ndarray],
                      image_size: Sequence[int],
                      detections: np.ndarray,
                      projections: np.ndarray,
                      ids: Sequence[int],
                      skeleton: Sequence[Sequence[int]],
                      score_thr: float = 0.3,
                      title: str = '') -> np.ndarray:
    """See :meth:`MultiViewPoseVisualizer.draw_view_overlay` (BGR)."""
    return shared_visualizer().draw_view_overlay(
        image, image_size, detections, projections, ids, skeleton,
        score_thr, title)


def tile_views(images: Sequence[np.ndarray],
               height: int = 480) -> np.ndarray:
    """See :meth:`MultiViewPoseVisualizer.tile_views`."""
    return MultiViewPoseVisualizer.tile_views(images, height)


def plot_skeletons_3d(people: np.ndarray,
                      ids: Sequence[int],
                      skeleton: Sequence[Sequence[int]],
                      camera_centers: Optional[np.ndarray] = None,
                      limits: Optional[np.ndarray] = None,
                      title: str = '',
                      up_axis: int = 2,
                      size: Tuple[float, float] = (4.8, 4.8),
                      dpi: int = 80) -> np.ndarray:
    """See :meth:`MultiViewPoseVisualizer.draw_skeletons_3d` (RGB)."""
    return shared_visualizer().draw_skeletons_3d(
        people, ids, skeleton, camera_centers, limits, title, up_axis, size,
        dpi)


def plot_reprojection_report(report: Dict,
                             path: Optional[Union[str, Path]] = None,
                             clip: float = 80.,
                             dpi: int = 80) -> np.ndarray:
    """See :meth:`MultiViewPoseVisualizer.draw_reprojection_report`."""
    return shared_visualizer().draw_reprojection_report(
        report, path, clip, dpi)


def save_animation(frames: List[np.ndarray], path: Union[str, Path],
                   fps: float = 10., bgr: bool = False) -> Path:
    """See :meth:`MultiViewPoseVisualizer.save_animation`."""
    return MultiViewPoseVisualizer.save_animation(frames, path, fps, bgr)
