"""``MultiViewPose3DVisualizer``: the former validation-picture class.

A thin adapter over :class:`MultiViewPoseVisualizer`, kept for existing
callers; new code should build ``dict(type='MultiViewPoseVisualizer')``
from ``VISUALIZERS``.
"""
import itertools
from typing import List, Optional, Sequence, Tuple

import numpy as np

from .multiview_pose_visualizer import MultiViewPoseVisualizer

__all__ = ['MultiViewPose3DVisualizer']

_IDS = itertools.count()


class MultiViewPose3DVisualizer:
    """Render one multi-view sample with GT and predicted 3D poses.

    Args:
        skeleton (Sequence[Tuple[int, int]]): Joint index pairs.
        view_height (int): Pixel height of each drawn view. Defaults to 240.
        panel_size (int): Pixel size of the 3D panel. Defaults to 480.
    """

    def __init__(self,
                 skeleton: Sequence[Tuple[int, int]],
                 view_height: int = 240,
                 panel_size: int = 480) -> None:
        self.visualizer = MultiViewPoseVisualizer(
            name=f'multiview_pose3d_{next(_IDS)}', skeleton=skeleton,
            view_height=view_height, panel_size=panel_size)

    @property
    def skeleton(self) -> List[Tuple[int, int]]:
        """Joint index pairs."""
        return self.visualizer.skeleton

    def _links(self, num_joints: int) -> List[Tuple[int, int]]:
        return self.visualizer._links(num_joints)

    def draw_space(self, gt: np.ndarray, pred: np.ndarray,
                   scores: Optional[np.ndarray] = None,
                   title: str = '') -> np.ndarray:
        """See :meth:`MultiViewPoseVisualizer.draw_space`."""
        return self.visualizer.draw_space(gt, pred, scores, title)

    def draw_view(self, background: np.ndarray, meta: dict, view: int,
                  gt: np.ndarray, pred: np.ndarray) -> np.ndarray:
        """See :meth:`MultiViewPoseVisualizer.draw_input_view`."""
        return self.visualizer.draw_input_view(background, meta, view, gt,
                                               pred)

    def draw(self, inputs: np.ndarray, meta: dict, gt: np.ndarray,
             pred: np.ndarray, scores: Optional[np.ndarray] = None,
             title: str = '') -> np.ndarray:
        """See :meth:`MultiViewPoseVisualizer.draw_multiview_sample`."""
        return self.visualizer.draw_multiview_sample(inputs, meta, gt, pred,
                                                     scores, title)
