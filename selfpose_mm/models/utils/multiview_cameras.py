"""Deprecated location: the camera structure lives in
:mod:`selfpose_mm.structures.multiview_cameras` (issue 17).

Kept as a thin re-export so that old imports keep working:
:func:`batch_cameras` now returns a
:class:`~selfpose_mm.structures.MultiViewCameras` (not a dict of tensors),
and :func:`cameras_from_arrays` builds one from ``(B, V, ...)`` arrays.
New code should import from :mod:`selfpose_mm.structures`.
"""
from typing import Dict, Optional, Sequence, Union

import numpy as np
import torch
from torch import Tensor

from selfpose_mm.structures import (CAMERA_FIELDS, MultiViewCameras,
                                    batch_cameras, camera_set_key)

__all__ = ['CAMERA_FIELDS', 'MultiViewCameras', 'batch_cameras',
           'camera_set_key', 'cameras_from_arrays']


def cameras_from_arrays(arrays: Dict[str, Union[np.ndarray, Tensor]],
                        input_size: Sequence[float],
                        dist_model: str = 'opencv',
                        device: Optional[Union[str, torch.device]] = None,
                        dtype: torch.dtype = torch.float32
                        ) -> MultiViewCameras:
    """A batched :class:`MultiViewCameras` from ``(B, V, ...)`` arrays.

    Values go through float32 first, as the packed contract does.

    Args:
        arrays (dict): ``K (B, V, 3, 3)``, ``R``, ``t (B, V, 3)``,
            ``dist (B, V, 5)``, ``image_size (B, V, 2)`` and ``affine
            (B, V, 2, 3)`` (NumPy or tensors).
        input_size (Sequence[float]): Network-input ``(W, H)``.
        dist_model (str): Distortion model. Defaults to ``'opencv'``.
        device: Target device. Defaults to CPU.
        dtype (torch.dtype): Float dtype. Defaults to float32.

    Returns:
        MultiViewCameras: Leading dims ``(B, V)``.
    """
    np_arrays = {
        k: np.asarray(
            v.detach().cpu().numpy() if isinstance(v, Tensor) else v,
            np.float32)
        for k, v in arrays.items() if k in CAMERA_FIELDS
    }
    return MultiViewCameras(
        **np_arrays, dist_model=dist_model, input_size=input_size,
        device=device, dtype=dtype)
