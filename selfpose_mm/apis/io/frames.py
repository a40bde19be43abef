"""Per-camera frame sources: image folders and videos (OpenCV)."""
from pathlib import Path
from typing import List, Optional, Tuple, Union

import cv2
import numpy as np
from mmengine.logging import print_log

__all__ = ['FrameSource', 'ImageFolderSource', 'VideoSource',
           'open_frame_source', 'IMAGE_SUFFIXES', 'VIDEO_SUFFIXES']

PathLike = Union[str, Path]
IMAGE_SUFFIXES = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff',
                  '.webp')
VIDEO_SUFFIXES = ('.mp4', '.avi', '.mov', '.mkv', '.webm', '.m4v', '.mpg',
                  '.mpeg')


class FrameSource:
    """Indexable BGR frames of one camera; unreadable frames are ``None``
    (with a logged warning), never a silently wrong image."""

    path: Path

    def __len__(self) -> int:
        raise NotImplementedError

    def read(self, index: int) -> Optional[np.ndarray]:
        raise NotImplementedError

    @property
    def image_size(self) -> Optional[Tuple[int, int]]:
        """``(W, H)`` of the first readable frame."""
        for i in range(min(len(self), 5)):
            img = self.read(i)
            if img is not None:
                return img.shape[1], img.shape[0]
        return None

    def _warn(self, index: int, why: str) -> None:
        print_log(f'{self.path}: frame {index} skipped ({why})',
                  logger='current', level=30)


class ImageFolderSource(FrameSource):
    """Images of a folder, in sorted file-name order."""

    def __init__(self, path: PathLike) -> None:
        self.path = Path(path)
        self.files: List[Path] = sorted(
            p for p in self.path.iterdir()
            if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self.files:
            raise FileNotFoundError(f'{self.path}: no images '
                                    f'({", ".join(IMAGE_SUFFIXES)})')

    def __len__(self) -> int:
        return len(self.files)

    def read(self, index: int) -> Optional[np.ndarray]:
        if not 0 <= index < len(self.files):
            self._warn(index, f'out of range, {len(self.files)} images')
            return None
        img = cv2.imread(str(self.files[index]), cv2.IMREAD_COLOR)
        if img is None:
            self._warn(index, f'cannot decode {self.files[index].name}')
        return img


class VideoSource(FrameSource):
    """Frames of a video file; sequential reads are not re-seeked."""

    def __init__(self, path: PathLike) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f'{self.path}: video not found')
        self._cap = cv2.VideoCapture(str(self.path))
        if not self._cap.isOpened():
            raise ValueError(f'{self.path}: OpenCV cannot open the video '
                             '(codec missing or not a video)')
        self._count = int(self._cap.get(cv2.CAP_PROP_FRAME_COUNT))
        self.fps = float(self._cap.get(cv2.CAP_PROP_FPS)) or None
        self._next = 0

    def __len__(self) -> int:
        return self._count

    def read(self, index: int) -> Optional[np.ndarray]:
        if not 0 <= index < self._count:
            self._warn(index, f'out of range, {self._count} frames')
            return None
        if index != self._next:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, index)
        ok, img = self._cap.read()
        self._next = index + 1
        if not ok or img is None:
            self._warn(index, 'decoder returned no image')
            self._next = -1
            return None
        return img

    def close(self) -> None:
        self._cap.release()


def open_frame_source(path: PathLike) -> FrameSource:
    """An image folder or a video file."""
    path = Path(path)
    if path.is_dir():
        return ImageFolderSource(path)
    if path.suffix.lower() in VIDEO_SUFFIXES or path.is_file():
        return VideoSource(path)
    raise FileNotFoundError(f'{path}: neither an image folder nor a video')
