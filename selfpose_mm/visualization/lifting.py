"""Lifting pictures: the 2D input next to the lifted 3D pose, per frame.

:class:`LiftingMixin` is one part of
:class:`~selfpose_mm.visualization.MultiViewPoseVisualizer`. The 3D panel
shows camera-frame poses (root-relative, mm) with x right, depth into the
picture and -y up, as VideoPose3D's demo does.
"""
from typing import List, Optional, Sequence, Tuple

import numpy as np

from .space3d import figure_to_rgb, new_figure

__all__ = ['LiftingMixin']


class LiftingMixin:
    """2D input + 3D prediction (+ GT) frames of a lifted sequence."""

    def draw_lifting_frame(self,
                           kp2d: np.ndarray,
                           kp3d: np.ndarray,
                           links: Sequence[Sequence[int]],
                           image_size: Sequence[float],
                           limit: float,
                           frame: int = 0,
                           gt3d: Optional[np.ndarray] = None,
                           figsize: Tuple[float, float] = (6.4, 3.2),
                           dpi: int = 80) -> np.ndarray:
        """One frame: 2D input (left, blue), 3D prediction (right, red).

        Args:
            kp2d (np.ndarray): ``(J2, 2)`` input pixels. If ``J2`` differs
                from the 3D joint count (another layout, e.g. COCO in, H36M
                out) the joints are drawn as dots without links.
            kp3d (np.ndarray): ``(J, 3)`` prediction, camera frame, mm.
            links (Sequence): Joint links of the 3D layout.
            image_size (Sequence[float]): ``(W, H)`` of the 2D input.
            limit (float): Half-width of the cubic 3D axes, in mm.
            frame (int): Frame number for the title. Defaults to 0.
            gt3d (np.ndarray, optional): ``(J, 3)`` ground truth, drawn
                green and dashed in the 3D panel.
            figsize (Tuple[float, float]): Inches. Defaults to (6.4, 3.2).
            dpi (int): Dots per inch. Defaults to 80.

        Returns:
            np.ndarray: ``(figsize * dpi, 3)`` RGB image.
        """
        w, h = image_size
        fig = new_figure(figsize, dpi)
        ax = fig.add_subplot(1, 2, 1)
        ax.set_xlim(0, w)
        ax.set_ylim(h, 0)
        ax.set_aspect('equal')
        ax.set_title(f'2D input, frame {frame}', fontsize=8)
        if kp2d.shape[0] == kp3d.shape[0]:
            for a, b in links:
                ax.plot(kp2d[[a, b], 0], kp2d[[a, b], 1], 'b-', lw=1.5)
        else:  # a different 2D layout (e.g. COCO in, H36M out)
            ax.plot(kp2d[:, 0], kp2d[:, 1], 'b.', ms=4)
        ax3 = fig.add_subplot(1, 2, 2, projection='3d')
        ax3.view_init(elev=15., azim=-70)
        poses = [(kp3d, 'r-')] + ([] if gt3d is None else [(gt3d, 'g--')])
        for p, style in poses:
            for a, b in links:  # camera x, z (depth), -y (up)
                ax3.plot(p[[a, b], 0], p[[a, b], 2], -p[[a, b], 1], style,
                         lw=2)
        ax3.set_xlim(-limit, limit)
        ax3.set_ylim(-limit, limit)
        ax3.set_zlim(-limit, limit)
        ax3.set_title('3D (mm, root-relative)' +
                      ('' if gt3d is None else ', GT green'), fontsize=8)
        ax3.tick_params(labelsize=5)
        return figure_to_rgb(fig)

    def draw_lifting_sequence(self,
                              kp2d: np.ndarray,
                              kp3d: np.ndarray,
                              links: Sequence[Sequence[int]],
                              image_size: Sequence[float],
                              gt3d: Optional[np.ndarray] = None
                              ) -> List[np.ndarray]:
        """Every frame of a lifted sequence, with shared 3D axes.

        Args:
            kp2d (np.ndarray): ``(T, J2, 2)`` input pixels.
            kp3d (np.ndarray): ``(T, J, 3)`` predictions, mm.
            links (Sequence): Joint links of the 3D layout.
            image_size (Sequence[float]): ``(W, H)`` of the 2D input.
            gt3d (np.ndarray, optional): ``(T, J, 3)`` ground truth.

        Returns:
            List[np.ndarray]: ``T`` RGB frames
            (:meth:`draw_lifting_frame`); the axes span 1.05 x the largest
            absolute coordinate of the predictions (and GT).
        """
        both = kp3d if gt3d is None else np.concatenate([kp3d, gt3d])
        lim = np.abs(both).max() * 1.05
        return [
            self.draw_lifting_frame(
                kp2d[t], kp3d[t], links, image_size, lim, t,
                None if gt3d is None else gt3d[t])
            for t in range(len(kp3d))
        ]
