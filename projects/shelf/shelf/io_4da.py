"""Readers of the 4D Association text formats (``gt.txt``,
``detection/<cam>.txt``) and the OpenPose BODY_25 definitions they use.

Both files are whitespace-separated text with a header ``<type> <frames>``
(``type`` = the joint count for ``gt.txt``, 4 = BODY_25 for detections):

- ``gt.txt``: per frame ``n`` people, each an ``id`` and a ``4 x J`` matrix
  (rows x, y, z in metres and a validity flag), J = 15 (Shelf-14 + exact
  mid-hip).
- ``detection/<cam>.txt``: per frame, for each of the 25 BODY_25 joints a
  count ``n`` and a ``3 x n`` matrix (x / image width, y / image height,
  score), then for each of the 26 PAFs of ``BODY25_PAF_PAIRS`` an
  ``nA x nB`` matrix of PAF scores between the candidates of its two
  joints.
"""
from pathlib import Path
from typing import Dict, List, Tuple, Union

import numpy as np

__all__ = [
    'BODY25_NAMES', 'BODY25_PAF_PAIRS', 'BODY25_SKELETON', 'read_4da_gt',
    'read_4da_detections'
]

PathLike = Union[str, Path]

BODY25_NAMES = ('nose', 'neck', 'right_shoulder', 'right_elbow',
                'right_wrist', 'left_shoulder', 'left_elbow', 'left_wrist',
                'mid_hip', 'right_hip', 'right_knee', 'right_ankle',
                'left_hip', 'left_knee', 'left_ankle', 'right_eye',
                'left_eye', 'right_ear', 'left_ear', 'left_big_toe',
                'left_small_toe', 'left_heel', 'right_big_toe',
                'right_small_toe', 'right_heel')

#: The 26 BODY_25 part affinity fields, in the order of the detection files
#: (4D Association ``skel.h``).
BODY25_PAF_PAIRS = ((1, 8), (9, 10), (10, 11), (8, 9), (8, 12), (12, 13),
                    (13, 14), (1, 2), (2, 3), (3, 4), (2, 17), (1, 5),
                    (5, 6), (6, 7), (5, 18), (1, 0), (0, 15), (0, 16),
                    (15, 17), (16, 18), (14, 19), (19, 20), (14, 21),
                    (11, 22), (22, 23), (11, 24))

#: The BODY_25 kinematic tree (used to fill joints that were not
#: triangulated from their nearest neighbours).
BODY25_SKELETON = ((1, 0), (0, 15), (15, 17), (0, 16), (16, 18), (1, 2),
                   (2, 3), (3, 4), (1, 5), (5, 6), (6, 7), (1, 8), (8, 9),
                   (9, 10), (10, 11), (11, 22), (22, 23), (11, 24), (8, 12),
                   (12, 13), (13, 14), (14, 19), (19, 20), (14, 21))


class _Tokens:
    """Sequential reader of a whitespace-separated text file."""

    def __init__(self, path: PathLike) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(
                f'{self.path}: not found; set data_root to the 4D '
                'Association shelf folder (calibration.json, gt.txt, '
                'detection/<cam>.txt)')
        self.tok = self.path.read_text().split()
        self.pos = 0

    def take(self, n: int) -> np.ndarray:
        if self.pos + n > len(self.tok):
            raise ValueError(f'{self.path}: file ends early (token '
                             f'{self.pos} of {len(self.tok)}); truncated?')
        out = np.asarray(self.tok[self.pos:self.pos + n], dtype=np.float64)
        self.pos += n
        return out

    def int(self) -> int:
        return int(self.take(1)[0])


def read_4da_gt(path: PathLike
                ) -> Tuple[int, List[Tuple[np.ndarray, np.ndarray]]]:
    """Read a 4D Association ``gt.txt``.

    Args:
        path (str | Path): The file.

    Returns:
        Tuple[int, list]: The joint count J and, per frame, ``(ids (n,)
        int64, joints (n, J, 4))`` with x, y, z in **mm** and the validity
        flag.
    """
    tk = _Tokens(path)
    num_joints, num_frames = tk.int(), tk.int()
    frames = []
    for _ in range(num_frames):
        n = tk.int()
        ids = np.zeros(n, dtype=np.int64)
        joints = np.zeros((n, num_joints, 4))
        for p in range(n):
            ids[p] = tk.int()
            joints[p] = tk.take(4 * num_joints).reshape(4, num_joints).T
        joints[..., :3] *= 1000.
        frames.append((ids, joints))
    if tk.pos != len(tk.tok):
        raise ValueError(f'{path}: {len(tk.tok) - tk.pos} tokens left after '
                         f'{num_frames} frames; not a 4DA gt.txt?')
    return num_joints, frames


def read_4da_detections(path: PathLike) -> List[Dict[str, list]]:
    """Read a 4D Association ``detection/<cam>.txt`` (BODY_25).

    Args:
        path (str | Path): The file.

    Returns:
        list[dict]: Per frame, ``candidates``: 25 arrays ``(n_j, 3)`` of
        normalised ``(x, y, score)``; ``pafs``: 26 arrays ``(n_a, n_b)`` of
        raw PAF scores, pairs as ``BODY25_PAF_PAIRS``.
    """
    tk = _Tokens(path)
    skel_type, num_frames = tk.int(), tk.int()
    if skel_type != 4:
        raise ValueError(f'{path}: skeleton type {skel_type}, expected 4 '
                         '(BODY_25)')
    frames = []
    for _ in range(num_frames):
        cands = []
        for _ in range(len(BODY25_NAMES)):
            n = tk.int()
            cands.append(tk.take(3 * n).reshape(3, n).T.copy())
        pafs = []
        for a, b in BODY25_PAF_PAIRS:
            na, nb = len(cands[a]), len(cands[b])
            pafs.append(tk.take(na * nb).reshape(na, nb))
        frames.append(dict(candidates=cands, pafs=pafs))
    if tk.pos != len(tk.tok):
        raise ValueError(f'{path}: {len(tk.tok) - tk.pos} tokens left after '
                         f'{num_frames} frames; not a BODY_25 detection '
                         'file?')
    return frames
