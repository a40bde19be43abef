"""Small input helpers shared by the evaluation functions."""
from typing import Any, Optional

import numpy as np

__all__ = ['to_numpy', 'as_mask']


def to_numpy(x: Any, dtype: Optional[type] = np.float64) -> np.ndarray:
    """Convert an array-like (numpy, torch tensor, list) to numpy.

    Torch tensors are detached and moved to the CPU; torch is never
    imported here.

    Args:
        x (Any): The input.
        dtype (type, optional): Output dtype; ``None`` keeps the input's.
            Defaults to ``np.float64``.

    Returns:
        np.ndarray: The converted array.
    """
    if hasattr(x, 'detach'):
        x = x.detach().cpu().numpy()
    return np.asarray(x) if dtype is None else np.asarray(x, dtype=dtype)


def as_mask(mask: Any, shape: tuple) -> np.ndarray:
    """Turn an optional visibility array into a boolean mask.

    Args:
        mask (Any): ``None`` (all visible) or an array-like whose size
            equals ``prod(shape)``, e.g. ``(M, K)`` or ``(M, K, 1)``, or a
            per-coordinate ``(M, K, 3)`` array (its first channel is
            used); nonzero means visible.
        shape (tuple): The wanted shape, e.g. ``(M, K)``.

    Returns:
        np.ndarray: Boolean mask in ``shape``.
    """
    if mask is None:
        return np.ones(shape, dtype=bool)
    arr = to_numpy(mask, dtype=None)
    if arr.ndim == len(shape) + 1 and arr.shape[:-1] == tuple(shape):
        # VoxelPose stores visibility per coordinate, (M, K, 3).
        arr = arr[..., 0]
    return arr.reshape(shape) > 0
