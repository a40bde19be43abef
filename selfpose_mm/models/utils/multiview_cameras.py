"""Batch the per-sample camera metainfo of multi-view data samples.

A packed multi-view sample (see ``PackMultiViewInputs``) carries in its
metainfo ``camera_params`` (``K (V, 3, 3)``, ``R (V, 3, 3)``, ``t (V, 3)``
mm, ``dist (V, 5)``, ``dist_model``, ``image_size (V, 2)``),
``input_affine (V, 2, 3)`` (original pixels -> network-input pixels) and
``input_size`` ``(W, H)``. :func:`batch_cameras` stacks them into
``(B, V, ...)`` tensors on the model's device and adds one hash key per
sample, so that constant work (voxel sampling grids) can be cached per
camera set.
"""
import hashlib
from typing import Dict, List, Optional, Sequence, Union

import numpy as np
import torch
from torch import Tensor

__all__ = ['CAMERA_FIELDS', 'batch_cameras', 'camera_set_key',
           'cameras_from_arrays']

#: Per-view tensor fields of a batched camera dict, with their shapes.
CAMERA_FIELDS = {
    'K': (3, 3),
    'R': (3, 3),
    't': (3, ),
    'dist': (5, ),
    'image_size': (2, ),
    'affine': (2, 3),
}


def camera_set_key(arrays: Dict[str, np.ndarray], dist_model: str,
                   input_size: Sequence[float]) -> str:
    """Hash one sample's cameras, affines and input size.

    Args:
        arrays (dict): ``K``, ``R``, ``t``, ``dist``, ``image_size`` and
            ``affine`` arrays of one sample (any float type).
        dist_model (str): Lens distortion model name.
        input_size (Sequence[float]): Network-input ``(W, H)``.

    Returns:
        str: A hex digest that changes whenever any value changes.
    """
    h = hashlib.sha1()
    for name in CAMERA_FIELDS:
        arr = np.ascontiguousarray(np.asarray(arrays[name], np.float32))
        h.update(name.encode())
        h.update(str(arr.shape).encode())
        h.update(arr.tobytes())
    h.update(dist_model.encode())
    h.update(np.asarray(input_size, np.float32).tobytes())
    return h.hexdigest()


def _get(meta: dict, key: str, idx: int):
    if key not in meta:
        raise KeyError(
            f'data sample {idx}: metainfo has no {key!r}; the packing '
            f'transform (PackMultiViewInputs) must set it (see its '
            'docstring in selfpose_mm/datasets/transforms/'
            'pack_multiview.py).')
    return meta[key]


def _sample_arrays(meta: dict, idx: int) -> Dict[str, np.ndarray]:
    cams = _get(meta, 'camera_params', idx)
    out = {}
    for name in ('K', 'R', 't', 'dist', 'image_size'):
        if name not in cams:
            raise KeyError(f'data sample {idx}: metainfo camera_params has '
                           f'no {name!r} (needs K, R, t, dist, image_size).')
        out[name] = np.asarray(cams[name], dtype=np.float32)
    out['affine'] = np.asarray(_get(meta, 'input_affine', idx), np.float32)
    num_views = out['K'].shape[0]
    for name, shape in CAMERA_FIELDS.items():
        if out[name].shape != (num_views, ) + shape:
            raise ValueError(
                f'data sample {idx}: {name} has shape {out[name].shape}, '
                f'expected {(num_views, ) + shape} (V={num_views} views).')
    return out


def cameras_from_arrays(arrays: Dict[str, Union[np.ndarray, Tensor]],
                        input_size: Sequence[float],
                        dist_model: str = 'opencv',
                        device: Optional[Union[str, torch.device]] = None,
                        dtype: torch.dtype = torch.float32) -> Dict:
    """Build a batched camera dict from ``(B, V, ...)`` arrays.

    Args:
        arrays (dict): ``K (B, V, 3, 3)``, ``R``, ``t (B, V, 3)``,
            ``dist (B, V, 5)``, ``image_size (B, V, 2)`` and ``affine
            (B, V, 2, 3)``.
        input_size (Sequence[float]): Network-input ``(W, H)``.
        dist_model (str): Distortion model. Defaults to ``'opencv'``.
        device: Target device. Defaults to CPU.
        dtype (torch.dtype): Float dtype. Defaults to float32.

    Returns:
        dict: Tensors ``K``, ``R``, ``t``, ``dist``, ``image_size``,
        ``affine`` shaped ``(B, V, ...)``, plus ``input_size`` (tuple),
        ``dist_model`` (str) and ``keys`` (list of B hash strings).
    """
    np_arrays = {
        k: (v.detach().cpu().numpy() if isinstance(v, Tensor) else
            np.asarray(v))
        for k, v in arrays.items()
    }
    batch = np_arrays['K'].shape[0]
    keys = [
        camera_set_key({k: v[b]
                        for k, v in np_arrays.items()}, dist_model,
                       input_size) for b in range(batch)
    ]
    out = {
        name: torch.as_tensor(
            np.asarray(np_arrays[name], np.float32), dtype=dtype,
            device=device)
        for name in CAMERA_FIELDS
    }
    out.update(
        input_size=tuple(float(s) for s in input_size),
        dist_model=dist_model,
        keys=keys)
    return out


def batch_cameras(data_samples: Sequence,
                  device: Optional[Union[str, torch.device]] = None,
                  dtype: torch.dtype = torch.float32) -> Dict:
    """Stack the cameras of B data samples into ``(B, V, ...)`` tensors.

    Args:
        data_samples (Sequence[PoseDataSample]): Samples whose metainfo
            follows the packed multi-view format.
        device: Target device (the model's). Defaults to CPU.
        dtype (torch.dtype): Float dtype. Defaults to float32.

    Returns:
        dict: See :func:`cameras_from_arrays`.

    Raises:
        KeyError: A metainfo field is missing.
        ValueError: Shapes disagree, or samples differ in view count,
            ``input_size`` or ``dist_model``.
    """
    if len(data_samples) == 0:
        raise ValueError('batch_cameras needs at least one data sample')
    per_sample: List[Dict[str, np.ndarray]] = []
    input_size = dist_model = None
    for idx, sample in enumerate(data_samples):
        meta = sample.metainfo
        per_sample.append(_sample_arrays(meta, idx))
        size = tuple(float(s) for s in _get(meta, 'input_size', idx))
        model = str(meta['camera_params'].get('dist_model', 'opencv'))
        if input_size is None:
            input_size, dist_model = size, model
        elif size != input_size or model != dist_model:
            raise ValueError(
                f'data sample {idx}: input_size {size} / dist_model '
                f'{model!r} differ from sample 0 ({input_size}, '
                f'{dist_model!r}); one batch must share them.')
    views = {a['K'].shape[0] for a in per_sample}
    if len(views) != 1:
        raise ValueError(f'samples of one batch have different view counts '
                         f'{sorted(views)}; batch frames of one camera rig')
    stacked = {
        name: np.stack([a[name] for a in per_sample])
        for name in CAMERA_FIELDS
    }
    return cameras_from_arrays(stacked, input_size, dist_model, device,
                               dtype)
