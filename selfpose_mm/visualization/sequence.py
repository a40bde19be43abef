"""Frame sequences: GIF / MP4 animations and PNG strips.

:class:`SequenceMixin` is one part of
:class:`~selfpose_mm.visualization.MultiViewPoseVisualizer`.
"""
from pathlib import Path
from typing import List, Optional, Union

import cv2
import numpy as np

__all__ = ['SequenceMixin']


class SequenceMixin:
    """Writing a list of frames as an animation or a strip."""

    @staticmethod
    def save_animation(frames: List[np.ndarray],
                       path: Union[str, Path],
                       fps: float = 10.,
                       bgr: bool = False,
                       palette_colors: Optional[int] = 64) -> Path:
        """Write frames as ``.gif`` (PIL) or ``.mp4``/``.avi`` (OpenCV).

        Args:
            frames (List[np.ndarray]): ``(H, W, 3)`` uint8 frames; MP4
                frames of another size are resized to the first.
            path (str | Path): Output file; the suffix picks the format.
            fps (float): Frames per second. Defaults to 10.
            bgr (bool): Frames are BGR (else RGB). Defaults to False.
            palette_colors (int, optional): GIF only: quantise each frame
                to an adaptive palette of this many colours and optimise
                (small files); None lets PIL convert (the lifting demo's
                GIFs). Defaults to 64.

        Returns:
            Path: ``path``.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not frames:
            raise ValueError('save_animation: no frames')
        if path.suffix.lower() == '.gif':
            from PIL import Image
            imgs = [Image.fromarray(f[..., ::-1] if bgr else f)
                    for f in frames]
            if palette_colors is None:
                imgs[0].save(path, save_all=True, append_images=imgs[1:],
                             duration=int(1000 / fps), loop=0)
                return path
            imgs = [im.convert('P', palette=Image.ADAPTIVE,
                               colors=palette_colors) for im in imgs]
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

    @staticmethod
    def save_strip(frames: List[np.ndarray], path: Union[str, Path],
                   num: int = 6) -> Path:
        """Write ``num`` evenly spaced RGB frames side by side as a PNG.

        Args:
            frames (List[np.ndarray]): ``(H, W, 3)`` RGB frames.
            path (str | Path): Output ``.png``.
            num (int): Frames in the strip (first and last included).
                Defaults to 6.

        Returns:
            Path: ``path``.
        """
        from PIL import Image
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        idx = np.linspace(0, len(frames) - 1, num).round()
        Image.fromarray(np.concatenate([frames[int(i)] for i in idx],
                                       axis=1)).save(path)
        return path
