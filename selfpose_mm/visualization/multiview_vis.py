"""Pictures of multi-view 3D pose results (OpenCV + matplotlib Agg).

* :func:`draw_reprojection`: one view, 2D detections (thin grey) and the
  3D people reprojected (thick, one colour per track id), on the frame or
  on a blank canvas of the calibrated image size;
* :func:`tile_views`: the views side by side;
* :func:`plot_skeletons_3d`: a 3D plot of the people and cameras;
* :func:`plot_reprojection_report`: per-camera reprojection errors;
* :func:`save_animation`: a GIF (PIL) or MP4 (OpenCV) of frames.
"""
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple, Union

import cv2
import numpy as np

__all__ = [
    'id_color', 'draw_reprojection', 'tile_views', 'plot_skeletons_3d',
    'plot_reprojection_report', 'save_animation'
]

_PALETTE = np.array([(230, 25, 75), (60, 180, 75), (0, 130, 200),
                     (245, 130, 48), (145, 30, 180), (70, 240, 240),
                     (240, 50, 230), (210, 245, 60), (128, 0, 0),
                     (0, 128, 128)], np.uint8)  # RGB


def id_color(track_id: int, bgr: bool = False) -> Tuple[int, int, int]:
    """A stable colour per track id (RGB, or BGR for OpenCV)."""
    c = _PALETTE[int(track_id) % len(_PALETTE)]
    c = c[::-1] if bgr else c
    return tuple(int(x) for x in c)


def _draw_skeleton(img: np.ndarray, pts: np.ndarray, ok: np.ndarray,
                   skeleton: Sequence[Sequence[int]],
                   color: Tuple[int, int, int], thickness: int,
                   radius: int) -> None:
    pi = np.round(pts).astype(np.int64)
    for a, b in skeleton:
        if ok[a] and ok[b]:
            cv2.line(img, tuple(map(int, pi[a])), tuple(map(int, pi[b])),
                     color, thickness, cv2.LINE_AA)
    for k in np.flatnonzero(ok):
        cv2.circle(img, tuple(map(int, pi[k])), radius, color, -1,
                   cv2.LINE_AA)


def draw_reprojection(image: Optional[np.ndarray],
                      image_size: Sequence[int],
                      detections: np.ndarray,
                      projections: np.ndarray,
                      ids: Sequence[int],
                      skeleton: Sequence[Sequence[int]],
                      score_thr: float = 0.3,
                      title: str = '') -> np.ndarray:
    """One view with detections and reprojected 3D people (BGR).

    Args:
        image: BGR frame, or None for a blank canvas.
        image_size: ``(W, H)`` of the calibrated camera.
        detections: ``(P, K, 3)`` 2D people (x, y, score).
        projections: ``(N, K, 2)`` reprojected 3D people.
        ids: ``(N,)`` track ids (colours).
        skeleton: Joint links.
        score_thr: Detections below are not drawn.
        title: Text drawn in the top-left corner.
    """
    W, H = int(image_size[0]), int(image_size[1])
    canvas = np.full((H, W, 3), 40, np.uint8) if image is None \
        else image.copy()
    s = max(1, int(round(max(W, H) / 640)))
    for det in detections:
        _draw_skeleton(canvas, det[:, :2], det[:, 2] > score_thr, skeleton,
                       (200, 200, 200), s, 2 * s)
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


def tile_views(images: Sequence[np.ndarray],
               height: int = 480) -> np.ndarray:
    """Resize views to a common height and put them side by side."""
    out = []
    for img in images:
        h, w = img.shape[:2]
        out.append(cv2.resize(img, (max(1, int(round(w * height / h))),
                                    height),
                              interpolation=cv2.INTER_AREA))
    return np.concatenate(out, axis=1)


def _figure(figsize: Tuple[float, float], dpi: int):
    import matplotlib
    matplotlib.use('Agg', force=False)
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def _to_array(fig) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()


def plot_skeletons_3d(people: np.ndarray,
                      ids: Sequence[int],
                      skeleton: Sequence[Sequence[int]],
                      camera_centers: Optional[np.ndarray] = None,
                      limits: Optional[np.ndarray] = None,
                      title: str = '',
                      up_axis: int = 2,
                      size: Tuple[float, float] = (4.8, 4.8),
                      dpi: int = 80) -> np.ndarray:
    """A 3D plot of people ``(N, K, 3)`` mm (and cameras), as RGB.

    Args:
        people: ``(N, K, 3)`` world mm.
        ids: ``(N,)`` track ids (colours, labels).
        skeleton: Joint links.
        camera_centers: ``(V, 3)`` mm, drawn as triangles.
        limits: ``(3, 2)`` axis ranges (fixed ones keep an animation
            steady); default from the data.
        title: Figure title.
        up_axis: World axis pointing up (2 = z-up). Defaults to 2.
        size: Inches. dpi: Dots per inch.
    """
    fig = _figure(size, dpi)
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
    return _to_array(fig)


def plot_reprojection_report(report: Dict,
                             path: Optional[Union[str, Path]] = None,
                             clip: float = 80.,
                             dpi: int = 80) -> np.ndarray:
    """Box plots of per-camera reprojection errors (all views, held out).

    Args:
        report: From :func:`selfpose_mm.apis.reprojection_report`.
        path: Save the PNG there too.
        clip: Y-axis limit in px.
    """
    names = report['cameras']
    fig = _figure((1.6 + 1.1 * len(names), 3.4), dpi)
    ax = fig.add_subplot(111)
    pos = np.arange(len(names))
    for off, key, col, lab in ((-0.18, 'all_views', '#4c72b0', 'all views'),
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
    img = _to_array(fig)
    if path is not None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(str(path))
    return img


def save_animation(frames: List[np.ndarray], path: Union[str, Path],
                   fps: float = 10., bgr: bool = False) -> Path:
    """Write frames (RGB, or BGR with ``bgr``) as ``.gif`` or ``.mp4``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not frames:
        raise ValueError('save_animation: no frames')
    if path.suffix.lower() == '.gif':
        from PIL import Image
        imgs = [Image.fromarray(f[..., ::-1] if bgr else f) for f in frames]
        imgs = [im.convert('P', palette=Image.ADAPTIVE, colors=64)
                for im in imgs]
        imgs[0].save(path, save_all=True, append_images=imgs[1:],
                     duration=int(round(1000 / fps)), loop=0,
                     optimize=True)
        return path
    if path.suffix.lower() not in ('.mp4', '.avi'):
        raise ValueError(f'{path}: animation must be .gif, .mp4 or .avi')
    h, w = frames[0].shape[:2]
    fourcc = cv2.VideoWriter_fourcc(*('mp4v' if path.suffix.lower() ==
                                      '.mp4' else 'MJPG'))
    writer = cv2.VideoWriter(str(path), fourcc, float(fps), (w, h))
    if not writer.isOpened():
        raise RuntimeError(f'{path}: OpenCV cannot write this video')
    for f in frames:
        if f.shape[:2] != (h, w):
            f = cv2.resize(f, (w, h))
        writer.write(f if bgr else f[..., ::-1])
    writer.release()
    return path
