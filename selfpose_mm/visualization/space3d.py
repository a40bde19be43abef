"""Matplotlib pictures: 3D skeletons in the capture space, error plots.

:class:`Space3DMixin` is one part of
:class:`~selfpose_mm.visualization.MultiViewPoseVisualizer`. Figures are
made with :class:`matplotlib.figure.Figure` and drawn by
:class:`~matplotlib.backends.backend_agg.FigureCanvasAgg` directly, so no
global backend is ever selected (``matplotlib.use`` is never called) and
pyplot's figure registry is not touched.
"""
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

import cv2
import numpy as np

from .overlay2d import GT_COLOR, PRED_COLORS, id_color

__all__ = ['Space3DMixin', 'new_figure', 'figure_to_rgb']


def new_figure(figsize: Tuple[float, float], dpi: float):
    """A figure on its own Agg canvas (no pyplot, no global backend).

    Args:
        figsize (Tuple[float, float]): Width and height in inches.
        dpi (float): Dots per inch.

    Returns:
        matplotlib.figure.Figure: The figure (``fig.canvas`` is Agg).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def figure_to_rgb(fig) -> np.ndarray:
    """Render ``fig`` and return its pixels, ``(H, W, 3)`` RGB uint8."""
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()


def _rgb(bgr: Tuple[int, int, int]) -> Tuple[float, float, float]:
    return (bgr[2] / 255., bgr[1] / 255., bgr[0] / 255.)


class Space3DMixin:
    """3D and chart drawing of :class:`MultiViewPoseVisualizer`.

    Expects ``self.panel_size`` and ``self._links(num_joints)``.
    """

    panel_size: int

    def draw_skeletons_3d(self,
                          people: np.ndarray,
                          ids: Sequence[int],
                          skeleton: Optional[Sequence[Sequence[int]]] = None,
                          camera_centers: Optional[np.ndarray] = None,
                          limits: Optional[np.ndarray] = None,
                          title: str = '',
                          up_axis: int = 2,
                          size: Tuple[float, float] = (4.8, 4.8),
                          dpi: int = 80) -> np.ndarray:
        """Tracked people (and cameras) in the capture space, as RGB.

        Args:
            people (np.ndarray): ``(N, K, 3)`` world mm.
            ids (Sequence[int]): ``(N,)`` track ids (colours, labels).
            skeleton (Sequence, optional): Joint links; default
                ``self.skeleton``.
            camera_centers (np.ndarray, optional): ``(V, 3)`` mm, drawn as
                black triangles.
            limits (np.ndarray, optional): ``(3, 2)`` axis ranges in mm
                (fixed ones keep an animation steady); default from data.
            title (str): Figure title.
            up_axis (int): World axis pointing up (2 = z-up). Defaults to 2.
            size (Tuple[float, float]): Inches. Defaults to (4.8, 4.8).
            dpi (int): Dots per inch. Defaults to 80.

        Returns:
            np.ndarray: ``(size * dpi, 3)`` RGB image.
        """
        skeleton = self.skeleton if skeleton is None else skeleton
        fig = new_figure(size, dpi)
        ax = fig.add_subplot(111, projection='3d')
        order = [i for i in range(3) if i != up_axis] + [up_axis]
        for X, i in zip(people, ids):
            X = np.asarray(X)[:, order] / 1000.
            c = np.array(id_color(i)) / 255.
            for a, b in skeleton:
                ax.plot(*X[[a, b]].T, color=c, lw=2)
            ax.scatter(*X.T, color=c, s=6)
            ax.text(*X[np.argmax(X[:, 2])] + [0, 0, 0.15], f'id {int(i)}',
                    color=c, fontsize=8)
        if camera_centers is not None:
            C = np.asarray(camera_centers)[:, order] / 1000.
            ax.scatter(*C.T, marker='^', color='k', s=30)
        if limits is not None:
            L = np.asarray(limits)[order] / 1000.
            ax.set_xlim(*L[0])
            ax.set_ylim(*L[1])
            ax.set_zlim(*L[2])
            ax.set_box_aspect(np.ptp(L, axis=1))
        ax.set_xlabel('x (m)')
        ax.set_ylabel('y (m)')
        ax.set_zlabel('up (m)')
        ax.view_init(elev=20, azim=-60)
        if title:
            ax.set_title(title, fontsize=9)
        fig.subplots_adjust(0, 0, 1, 1)
        return figure_to_rgb(fig)

    def draw_space(self, gt: np.ndarray, pred: np.ndarray,
                   scores: Optional[np.ndarray] = None,
                   title: str = '') -> np.ndarray:
        """GT (green, solid) and predicted (coloured, dashed) 3D poses.

        Args:
            gt (np.ndarray): ``(M, K, 3)`` GT poses in mm.
            pred (np.ndarray): ``(N, K', 3)`` predicted poses in mm.
            scores (np.ndarray, optional): ``(N,)`` scores for the title.
            title (str): First title line.

        Returns:
            np.ndarray: ``(panel_size, panel_size, 3)`` BGR image.
        """
        dpi = 100
        fig = new_figure((self.panel_size / dpi, self.panel_size / dpi), dpi)
        ax = fig.add_subplot(111, projection='3d')
        pts = [p.reshape(-1, 3) for p in (gt, pred) if p.size]
        for poses, colours, style in ((gt, [GT_COLOR], '-'),
                                      (pred, PRED_COLORS, '--')):
            for m, pose in enumerate(poses):
                col = _rgb(colours[m % len(colours)])
                for a, b in self._links(len(pose)):
                    ax.plot(*zip(pose[a], pose[b]), style, color=col, lw=1.5)
                ax.scatter(*pose.T, color=col, s=4)
        if pts:
            allp = np.concatenate(pts)
            lo, hi = allp.min(0), allp.max(0)
            mid, half = (lo + hi) / 2, max((hi - lo).max() / 2, 500.)
            for setter, c in zip((ax.set_xlim, ax.set_ylim, ax.set_zlim),
                                 mid):
                setter(c - half, c + half)
        ax.set_xlabel('x mm')
        ax.set_ylabel('y mm')
        ax.set_zlabel('z mm')
        score_txt = '' if scores is None or not len(scores) else \
            ' scores ' + ' '.join(f'{s:.2f}' for s in scores[:6])
        ax.set_title(f'{title}\nGT {len(gt)} (green), pred {len(pred)}'
                     f'{score_txt}', fontsize=8)
        fig.tight_layout()
        return cv2.cvtColor(figure_to_rgb(fig), cv2.COLOR_RGB2BGR)

    def draw_reprojection_report(self,
                                 report: Dict[str, List],
                                 path: Optional[Union[str, Path]] = None,
                                 clip: float = 80.,
                                 dpi: int = 80) -> np.ndarray:
        """Box plots of per-camera reprojection errors.

        Args:
            report (dict): From :func:`selfpose_mm.apis.reprojection_report`
                (``cameras``, ``all_views``, ``held_out``).
            path (str | Path, optional): Also save the PNG there.
            clip (float): Y-axis limit in px. Defaults to 80.
            dpi (int): Dots per inch. Defaults to 80.

        Returns:
            np.ndarray: RGB image.
        """
        names = report['cameras']
        fig = new_figure((1.6 + 1.1 * len(names), 3.4), dpi)
        ax = fig.add_subplot(111)
        pos = np.arange(len(names))
        for off, key, col, lab in ((-0.18, 'all_views', '#4c72b0',
                                    'all views'),
                                   (0.18, 'held_out', '#dd8452',
                                    'held out (other cameras only)')):
            data = [e if len(e) else np.zeros(1) for e in report[key]]
            bp = ax.boxplot(data, positions=pos + off, widths=0.3,
                            showfliers=False, patch_artist=True)
            for b in bp['boxes']:
                b.set_facecolor(col)
            ax.plot([], [], color=col, lw=6, label=lab)
        ax.set_xticks(pos)
        ax.set_xticklabels(names)
        ax.set_ylabel('reprojection error (px)')
        ax.set_ylim(0, clip)
        ax.grid(axis='y', alpha=0.3)
        ax.legend(fontsize=8, loc='upper right')
        fig.tight_layout()
        img = figure_to_rgb(fig)
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(str(path))
        return img
