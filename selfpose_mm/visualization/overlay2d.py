"""2D pictures drawn with OpenCV: skeletons over each camera view.

:class:`Overlay2DMixin` is one part of
:class:`~selfpose_mm.visualization.MultiViewPoseVisualizer`; it holds the
per-view drawing (detections, reprojected 3D people, network inputs) and
the tiling of views side by side. All images here are BGR ``uint8``.
"""
from typing import List, Optional, Sequence, Tuple

import cv2
import numpy as np
import torch

from selfpose_mm.structures import MultiViewCameras

__all__ = ['Overlay2DMixin', 'id_color', 'GT_COLOR', 'PRED_COLORS']

_PALETTE = np.array([(230, 25, 75), (60, 180, 75), (0, 130, 200),
                     (245, 130, 48), (145, 30, 180), (70, 240, 240),
                     (240, 50, 230), (210, 245, 60), (128, 0, 0),
                     (0, 128, 128)], np.uint8)  # RGB

#: Ground truth in the validation pictures (BGR green).
GT_COLOR = (60, 200, 60)
#: Predictions in the validation pictures (BGR), one per person in turn.
PRED_COLORS = [(40, 40, 230), (230, 120, 30), (200, 40, 200),
               (30, 200, 230), (120, 60, 180), (0, 140, 255)]


def id_color(track_id: int, bgr: bool = False) -> Tuple[int, int, int]:
    """A stable colour per track id.

    Args:
        track_id (int): Track id (any integer; the palette repeats).
        bgr (bool): Return BGR (OpenCV) instead of RGB. Defaults to False.

    Returns:
        Tuple[int, int, int]: The colour, 0..255 per channel.
    """
    c = _PALETTE[int(track_id) % len(_PALETTE)]
    c = c[::-1] if bgr else c
    return tuple(int(x) for x in c)


def _draw_skeleton(img: np.ndarray, pts: np.ndarray, ok: np.ndarray,
                   skeleton: Sequence[Sequence[int]],
                   color: Tuple[int, int, int], thickness: int,
                   radius: int) -> None:
    """Links between valid joints, then a dot on every valid joint."""
    pi = np.round(pts).astype(np.int64)
    for a, b in skeleton:
        if ok[a] and ok[b]:
            cv2.line(img, tuple(map(int, pi[a])), tuple(map(int, pi[b])),
                     color, thickness, cv2.LINE_AA)
    for k in np.flatnonzero(ok):
        cv2.circle(img, tuple(map(int, pi[k])), radius, color, -1,
                   cv2.LINE_AA)


class Overlay2DMixin:
    """Per-view 2D drawing of :class:`MultiViewPoseVisualizer`.

    Expects ``self.skeleton`` (joint index pairs, may be empty),
    ``self._shelf_links`` (the 14-joint Shelf/Campus GT links) and
    ``self.view_height``.
    """

    skeleton: List[Tuple[int, int]]
    _shelf_links: List[Tuple[int, int]]
    view_height: int

    def _links(self, num_joints: int) -> List[Tuple[int, int]]:
        """The skeleton for poses with ``num_joints`` joints.

        The visualizer's own skeleton if it fits, else the Shelf/Campus GT
        layout for 14 joints, else none (joints are still drawn).
        """
        if all(max(link) < num_joints for link in self.skeleton):
            return self.skeleton
        if num_joints == 14:
            return self._shelf_links
        return []

    def draw_view_overlay(self,
                          image: Optional[np.ndarray],
                          image_size: Sequence[int],
                          detections: np.ndarray,
                          projections: np.ndarray,
                          ids: Sequence[int],
                          skeleton: Optional[Sequence[Sequence[int]]] = None,
                          score_thr: float = 0.3,
                          title: str = '') -> np.ndarray:
        """One camera view with 2D detections and reprojected 3D people.

        Detections are thin grey; each reprojected person is thick, in the
        colour of its track id (:func:`id_color`), labelled ``id N``.

        Args:
            image (np.ndarray, optional): BGR frame, or None for a dark
                canvas of ``image_size``.
            image_size (Sequence[int]): ``(W, H)`` of the calibrated camera.
            detections (np.ndarray): ``(P, K, 3)`` 2D people (x, y, score).
            projections (np.ndarray): ``(N, K, 2)`` reprojected 3D people;
                non-finite joints are skipped.
            ids (Sequence[int]): ``(N,)`` track ids.
            skeleton (Sequence, optional): Joint links; default
                ``self.skeleton``.
            score_thr (float): Detections below are not drawn.
                Defaults to 0.3.
            title (str): Text in the top-left corner.

        Returns:
            np.ndarray: ``(H, W, 3)`` BGR image.
        """
        skeleton = self.skeleton if skeleton is None else skeleton
        W, H = int(image_size[0]), int(image_size[1])
        canvas = np.full((H, W, 3), 40, np.uint8) if image is None \
            else image.copy()
        s = max(1, int(round(max(W, H) / 640)))
        for det in detections:
            _draw_skeleton(canvas, det[:, :2], det[:, 2] > score_thr,
                           skeleton, (200, 200, 200), s, 2 * s)
        inside = np.isfinite(projections).all(-1)
        for proj, ok, i in zip(projections, inside, ids):
            _draw_skeleton(canvas, proj, ok, skeleton, id_color(i, bgr=True),
                           2 * s, 3 * s)
            if ok.any():
                top = proj[ok][np.argmin(proj[ok][:, 1])]
                cv2.putText(canvas, f'id {int(i)}',
                            (int(top[0]), int(max(top[1] - 12 * s, 12 * s))),
                            cv2.FONT_HERSHEY_SIMPLEX, 0.6 * s,
                            id_color(i, bgr=True), s, cv2.LINE_AA)
        if title:
            cv2.putText(canvas, title, (10 * s, 30 * s),
                        cv2.FONT_HERSHEY_SIMPLEX, 0.9 * s, (255, 255, 255),
                        2 * s, cv2.LINE_AA)
        return canvas

    @staticmethod
    def tile_views(images: Sequence[np.ndarray],
                   height: int = 480) -> np.ndarray:
        """Resize views to a common height and put them side by side.

        Args:
            images (Sequence[np.ndarray]): ``(H_i, W_i, 3)`` images.
            height (int): Output height. Defaults to 480.

        Returns:
            np.ndarray: ``(height, sum W_i', 3)`` image.
        """
        out = []
        for img in images:
            h, w = img.shape[:2]
            out.append(cv2.resize(img, (max(1, int(round(w * height / h))),
                                        height),
                                  interpolation=cv2.INTER_AREA))
        return np.concatenate(out, axis=1)

    # -- network inputs of one multi-view sample (validation pictures) ---
    def _project(self, poses: np.ndarray, meta: dict, view: int,
                 scale: Tuple[float, float]) -> np.ndarray:
        """``(M, K, 3)`` world mm -> ``(M, K, 2)`` drawn-view pixels."""
        if not poses.size:
            return np.zeros(poses.shape[:-1] + (2, ))
        cams = meta.get('cameras')
        if not isinstance(cams, MultiViewCameras):
            raise KeyError('draw_input_view: meta needs "cameras", the '
                           "sample's MultiViewCameras (V,) (e.g. "
                           'dict(sample.metainfo, cameras=sample.cameras))')
        cams = cams.to(torch.float64).select(view)
        uv = cams.project(
            torch.from_numpy(poses.reshape(1, -1, 3).astype(np.float64)),
            to_input=True)[0].numpy()
        return (uv * np.asarray(scale)).reshape(poses.shape[:-1] + (2, ))

    def _draw_poses(self, canvas: np.ndarray, uv: np.ndarray,
                    colours: Sequence[Tuple[int, int, int]]) -> None:
        """Thin skeleton lines; far off-canvas links are skipped."""
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

    def draw_input_view(self, background: np.ndarray, meta: dict, view: int,
                        gt: np.ndarray, pred: np.ndarray) -> np.ndarray:
        """One view's network input with GT and predictions reprojected.

        Args:
            background (np.ndarray): ``(C, H, W)`` input of that view:
                heatmaps (C = K, drawn as the max over joints, bone colour
                map) or an image (C = 3, min-max scaled to 0..255).
            meta (dict): Sample metainfo (``input_size`` ``(w, h)``,
                optional ``camera_names``) plus ``cameras``, the sample's
                ``MultiViewCameras`` ``(V,)`` (with its input affine).
            view (int): View index.
            gt (np.ndarray): ``(M, K, 3)`` GT poses in mm (green).
            pred (np.ndarray): ``(N, K, 3)`` predictions in mm.

        Returns:
            np.ndarray: ``(view_height, W', 3)`` BGR image.
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
