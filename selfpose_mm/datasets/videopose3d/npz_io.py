"""VideoPose3D npz formats, subset selection and chunk arithmetic.

Formats (VideoPose3D ``DATASETS.md``):

- ``data_3d_<dataset>.npz``: key ``positions_3d``, a pickled dict
  ``subject -> action -> (T, J3, 3)`` float32 **world** metres (Human3.6M:
  32 mocap joints, reduced to 17 here; HumanEva-15: 15 joints).
- ``data_2d_<dataset>_<source>.npz``: key ``positions_2d``, a dict
  ``subject -> action -> [camera 0 (T, J, 2), camera 1, ...]`` in pixels
  (entries may be ``None``), and ``metadata`` with ``num_joints``,
  ``keypoints_symmetry = [left, right]`` and optionally ``layout_name``.
- ``data_2d_custom_<name>.npz``: ``positions_2d = {video: {'custom':
  [(T, 17, 2)]}}`` (COCO order) and ``metadata`` with ``video_metadata =
  {video: {'w': W, 'h': H}}``.
"""
import hashlib
from pathlib import Path
from typing import Any, Dict, List, Tuple, Union

import numpy as np

from ...utils.safe_load import MissingFileError, safe_np_load

__all__ = [
    'H36M_KEPT_JOINTS', 'load_npz_dict', 'load_positions_3d',
    'load_positions_2d', 'deterministic_random', 'subset_slice',
    'chunk_bounds'
]

PathLike = Union[str, Path]

#: Human3.6M 32 → 17 joints: indices of the 32-joint mocap skeleton kept by
#: VideoPose3D (and mmpose's ``movable_joints``).
H36M_KEPT_JOINTS = (0, 1, 2, 3, 6, 7, 8, 12, 13, 14, 15, 17, 18, 19, 25, 26,
                    27)


def load_npz_dict(path: PathLike, key: str) -> Any:
    """Load ``key`` of a VideoPose3D npz (pickled object arrays).

    Object members are unpickled by the restricted unpickler of
    :func:`selfpose_mm.utils.safe_load.safe_np_load` (dicts, lists and
    NumPy arrays only); NumPy's own unpickling stays off.
    """
    path = Path(path)
    if not path.is_file():
        raise MissingFileError(
            f'{path}: not found. Prepare it with VideoPose3D\'s '
            '`data/prepare_data_*.py` (see docs/videopose3d.md)')
    try:
        value = safe_np_load(path, keys=[key])[key]
    except KeyError as err:
        raise KeyError(f'{err.args[0]}; not a VideoPose3D npz') from None
    return value.item() if value.dtype == object else value


def load_positions_3d(path: PathLike) -> Dict[str, Dict[str, np.ndarray]]:
    """``subject -> action -> (T, J, 3)`` world mm (32-joint H36M → 17)."""
    pos = load_npz_dict(path, 'positions_3d')
    out: Dict[str, Dict[str, np.ndarray]] = {}
    for subject, actions in pos.items():
        out[subject] = {}
        for action, arr in actions.items():
            arr = np.asarray(arr, np.float32)
            if arr.ndim != 3 or arr.shape[-1] != 3:
                raise ValueError(f'{path}: positions_3d[{subject!r}]'
                                 f'[{action!r}] has shape {arr.shape}, '
                                 'expected (T, J, 3)')
            if arr.shape[1] == 32:
                arr = arr[:, list(H36M_KEPT_JOINTS)]
            out[subject][action] = arr * 1000.
    return out


def load_positions_2d(path: PathLike) -> Tuple[dict, dict]:
    """Return ``(positions_2d, metadata)`` of a 2D npz (pixels)."""
    pos = load_npz_dict(path, 'positions_2d')
    meta = load_npz_dict(path, 'metadata')
    if not isinstance(pos, dict) or not isinstance(meta, dict):
        raise ValueError(f'{path}: positions_2d and metadata must be '
                         'pickled dicts')
    return pos, meta


def deterministic_random(min_value: int, max_value: int, data: str) -> int:
    """VideoPose3D's seed-free random int in ``[min_value, max_value)``.

    The first 4 bytes (little endian) of SHA-256(``data``) scaled into the
    range; VideoPose3D passes ``str(len(video))`` so equal-length videos
    (the cameras of one take) get the same window.
    """
    digest = hashlib.sha256(data.encode()).digest()
    raw = int.from_bytes(digest[:4], byteorder='little', signed=False)
    return int(raw / (2**32 - 1) * (max_value - min_value)) + min_value


def subset_slice(length: int, subset: float = 1.,
                 downsample: int = 1) -> slice:
    """Frames VideoPose3D's ``fetch`` keeps of one video.

    ``subset < 1`` keeps one contiguous block of ``round(length //
    downsample * subset) * downsample`` frames starting at
    :func:`deterministic_random`, then every ``downsample``-th frame.

    Args:
        length (int): Video length T.
        subset (float): Fraction in ``(0, 1]``.
        downsample (int): Temporal stride >= 1.

    Returns:
        slice: Apply to the time axis.
    """
    if not 0 < subset <= 1:
        raise ValueError(f'subset must be in (0, 1], got {subset}')
    if downsample < 1:
        raise ValueError(f'downsample must be >= 1, got {downsample}')
    if subset >= 1:
        return slice(0, length, downsample)
    n = int(round(length // downsample * subset) * downsample)
    start = deterministic_random(0, length - n + 1, str(length))
    return slice(start, start + n, downsample)


def chunk_bounds(length: int, chunk_length: int) -> List[Tuple[int, int]]:
    """Centred output chunks of one video (VideoPose3D's ChunkedGenerator).

    ``ceil(length / chunk_length)`` chunks of ``chunk_length`` frames,
    shifted so the overhang is split over both ends (the first chunk may
    start below 0; frames outside the video are edge-padded later).

    Examples:
        >>> chunk_bounds(5, 2)
        [(0, 2), (2, 4), (4, 6)]
        >>> chunk_bounds(4, 3)
        [(-1, 2), (2, 5)]
    """
    if chunk_length < 1:
        raise ValueError(f'chunk_length must be >= 1, got {chunk_length}')
    n = (length + chunk_length - 1) // chunk_length
    offset = (n * chunk_length - length) // 2
    starts = np.arange(n) * chunk_length - offset
    return [(int(s), int(s) + chunk_length) for s in starts]
