"""Draw multi-view 3D poses: skeletons in space and reprojected per view.

Matplotlib (Agg backend, no display) draws the 3D panel; OpenCV draws the
views and composes the PNG. Never imports ``mmpose.visualization`` (which
pulls torchvision).
"""
from typing import List, Optional, Sequence, Tuple

import cv2
import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from selfpose_mm.geometry import project_points  # noqa: E402
from selfpose_mm.utils import get_dataset_meta  # noqa: E402

__all__ = ['MultiViewPose3DVisualizer']

GT_COLOR = (60, 200, 60)  # BGR green
PRED_COLORS = [(40, 40, 230), (230, 120, 30), (200, 40, 200),
               (30, 200, 230), (120, 60, 180), (0, 140, 255)]


def _rgb(bgr: Tuple[int, int, int]) -> Tuple[float, float, float]:
    return (bgr[2] / 255., bgr[1] / 255., bgr[0] / 255.)


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
        self.skeleton = [tuple(int(i) for i in link) for link in skeleton]
        self.view_height = int(view_height)
        self.panel_size = int(panel_size)
        # the Shelf/Campus GT layout, drawn next to another model layout
        self._shelf_links = [tuple(link) for link in
                             get_dataset_meta('shelf')['skeleton_links']]

    def _links(self, num_joints: int) -> List[Tuple[int, int]]:
        """The skeleton for poses with ``num_joints`` joints (the model's,
        the Shelf/Campus GT's, or none: joints are still drawn)."""
        if all(max(link) < num_joints for link in self.skeleton):
            return self.skeleton
        if num_joints == 14:
            return self._shelf_links
        return []

    # ------------------------------------------------------------------
    def draw_space(self, gt: np.ndarray, pred: np.ndarray,
                   scores: Optional[np.ndarray] = None,
                   title: str = '') -> np.ndarray:
        """3D panel ``(S, S, 3)`` BGR: GT green, predictions coloured."""
        dpi = 100
        fig = plt.figure(figsize=(self.panel_size / dpi,
                                  self.panel_size / dpi), dpi=dpi)
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
        n_pred = len(pred)
        score_txt = '' if scores is None or not len(scores) else \
            ' scores ' + ' '.join(f'{s:.2f}' for s in scores[:6])
        ax.set_title(f'{title}\nGT {len(gt)} (green), pred {n_pred}'
                     f'{score_txt}', fontsize=8)
        fig.tight_layout()
        fig.canvas.draw()
        img = np.asarray(fig.canvas.buffer_rgba())[..., :3]
        plt.close(fig)
        return cv2.cvtColor(img, cv2.COLOR_RGB2BGR)

    def _project(self, poses: np.ndarray, meta: dict, view: int,
                 scale: Tuple[float, float]) -> np.ndarray:
        """``(M, K, 3)`` world mm -> ``(M, K, 2)`` drawn-view pixels."""
        if not poses.size:
            return np.zeros(poses.shape[:-1] + (2, ))
        cp = meta['camera_params']
        uv = project_points(
            poses.reshape(-1, 3).astype(np.float64),
            np.asarray(cp['K'][view], np.float64),
            np.asarray(cp['R'][view], np.float64),
            np.asarray(cp['t'][view], np.float64),
            np.asarray(cp['dist'][view], np.float64),
            str(cp.get('dist_model', 'opencv')))
        aff = np.asarray(meta['input_affine'][view], np.float64)
        uv = uv @ aff[:, :2].T + aff[:, 2]
        return (uv * np.asarray(scale)).reshape(poses.shape[:-1] + (2, ))

    def _draw_poses(self, canvas: np.ndarray, uv: np.ndarray,
                    colours) -> None:
        h, w = canvas.shape[:2]
        for m, pose in enumerate(uv):
            col = colours[m % len(colours)]
            for a, b in self._links(len(pose)):
                pa, pb = pose[a], pose[b]
                if np.isfinite(pa).all() and np.isfinite(pb).all() and \
                        np.abs(np.concatenate([pa, pb])).max() < 4 * (w + h):
                    cv2.line(canvas, tuple(int(round(v)) for v in pa),
                             tuple(int(round(v)) for v in pb), col, 1,
                             cv2.LINE_AA)

    def draw_view(self, background: np.ndarray, meta: dict, view: int,
                  gt: np.ndarray, pred: np.ndarray) -> np.ndarray:
        """One view: background ``(C, H, W)`` with reprojected poses.

        ``background`` is the network input of that view: heatmaps
        (C = K, drawn as the max over joints, colour-mapped) or an image
        (C = 3, min-max scaled to 0..255, shown as is).
        """
        c, h, w = background.shape
        if c == 3:
            img = background.transpose(1, 2, 0).astype(np.float32)
            img = (img - img.min()) / max(float(np.ptp(img)), 1e-6) * 255
            img = img.astype(np.uint8)
        else:
            hm = np.clip(background.max(0), 0, 1)
            img = cv2.applyColorMap((hm * 255).astype(np.uint8),
                                    cv2.COLORMAP_BONE)
        out_h = self.view_height
        out_w = max(1, int(round(w * out_h / h)))
        img = cv2.resize(np.ascontiguousarray(img), (out_w, out_h),
                         interpolation=cv2.INTER_NEAREST)
        # drawn px = input px * out/in (heatmap px k sits at input px k*s)
        in_w, in_h = meta['input_size']
        scale = (out_w / w * w / in_w, out_h / h * h / in_h)
        self._draw_poses(img, self._project(gt, meta, view, scale),
                         [GT_COLOR])
        self._draw_poses(img, self._project(pred, meta, view, scale),
                         PRED_COLORS)
        names = meta.get('camera_names') or []
        label = names[view] if view < len(names) else f'view {view}'
        cv2.putText(img, str(label), (4, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.4,
                    (255, 255, 255), 1, cv2.LINE_AA)
        return img

    def draw(self, inputs: np.ndarray, meta: dict, gt: np.ndarray,
             pred: np.ndarray, scores: Optional[np.ndarray] = None,
             title: str = '') -> np.ndarray:
        """Compose the 3D panel and all views into one BGR image.

        Args:
            inputs (np.ndarray): ``(V, C, H, W)`` network inputs.
            meta (dict): Sample metainfo (camera_params, input_affine,
                input_size, camera_names).
            gt (np.ndarray): ``(M, K, 3)`` GT poses in mm.
            pred (np.ndarray): ``(N, K, 3)`` predicted poses in mm.
            scores (np.ndarray, optional): ``(N,)`` prediction scores.
            title (str): Panel title.

        Returns:
            np.ndarray: ``(H, W, 3)`` uint8 BGR image.
        """
        gt = np.asarray(gt, np.float64).reshape(-1, *np.shape(gt)[-2:]) \
            if np.size(gt) else np.zeros((0, 1, 3))
        pred = np.asarray(pred, np.float64).reshape(
            -1, *np.shape(pred)[-2:]) if np.size(pred) else np.zeros(
                (0, 1, 3))
        panel = self.draw_space(gt, pred, scores, title)
        views = [
            self.draw_view(inputs[v], meta, v, gt, pred)
            for v in range(inputs.shape[0])
        ]
        cols = int(np.ceil(len(views) / 2))
        rows = [views[i * cols:(i + 1) * cols] for i in range(2)]
        width = max(sum(v.shape[1] for v in r) for r in rows if r)
        grid = np.zeros((2 * self.view_height, width, 3), np.uint8)
        for r, row in enumerate(rows):
            x = 0
            for v in row:
                grid[r * self.view_height:(r + 1) * self.view_height,
                     x:x + v.shape[1]] = v
                x += v.shape[1]
        grid = cv2.resize(grid, (max(1, int(width * self.panel_size /
                                            grid.shape[0])),
                                 self.panel_size))
        return np.concatenate([panel, grid], axis=1)
