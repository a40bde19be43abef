"""Joint position and velocity errors (MPJPE, P-MPJPE, N-MPJPE, MPJVE).

Definitions follow VideoPose3D (``common/loss.py``):

- **MPJPE** (Protocol #1): mean Euclidean distance between predicted and
  ground-truth joints, no alignment.
- **P-MPJPE** (Protocol #2): MPJPE after a per-pose similarity Procrustes
  alignment (rotation without reflection, uniform scale, translation), see
  :func:`selfpose_mm.geometry.alignment.procrustes_align`.
- **N-MPJPE** (Protocol #3): MPJPE after the per-pose optimal uniform scale
  about the origin, see :func:`selfpose_mm.geometry.alignment.scale_align`.
- **MPJVE**: mean Euclidean distance between the first temporal differences
  of prediction and ground truth.

The mean is taken over all *visible* joints of all poses (joint-weighted, as
mmpose's ``keypoint_mpjpe``); with full visibility this is the frame mean.
Root-centring is the caller's choice: VideoPose3D scores root-relative poses.
Units are those of the inputs (millimetres in ``selfpose_mm``).

Note:
    - keypoint number: K
    - frame number: T
    - any leading (batch) dimensions: ``...``
"""
from typing import Any, Optional

import numpy as np

from selfpose_mm.geometry.alignment import procrustes_align, scale_align
from ._utils import as_mask, to_numpy

__all__ = [
    'ALIGNMENTS', 'keypoint_errors', 'keypoint_mpjpe',
    'keypoint_velocity_errors', 'keypoint_mpjve'
]

#: Accepted values of ``alignment``.
ALIGNMENTS = ('none', 'procrustes', 'scale')


def keypoint_errors(pred: Any,
                    gt: Any,
                    mask: Optional[Any] = None,
                    alignment: str = 'none') -> np.ndarray:
    """Per-joint Euclidean errors after an optional per-pose alignment.

    Args:
        pred (np.ndarray | torch.Tensor): Predictions in shape
            ``(..., K, 3)``.
        gt (np.ndarray | torch.Tensor): Ground truth in shape
            ``(..., K, 3)``.
        mask (np.ndarray | torch.Tensor, optional): Visibility in shape
            ``(..., K)``; invisible joints are left out of the alignment
            fit. Defaults to ``None`` (all visible).
        alignment (str): ``'none'`` (MPJPE), ``'procrustes'`` (P-MPJPE) or
            ``'scale'`` (N-MPJPE). Defaults to ``'none'``.

    Returns:
        np.ndarray: Errors in shape ``(..., K)``. Entries of invisible joints
        are computed too (with the transform fitted on visible joints); the
        caller decides whether to ignore them.
    """
    pred = to_numpy(pred)
    gt = to_numpy(gt)
    if pred.shape != gt.shape:
        raise ValueError(f'pred {pred.shape} and gt {gt.shape} differ')
    if alignment not in ALIGNMENTS:
        raise ValueError(f'alignment must be one of {ALIGNMENTS}, got '
                         f'{alignment!r}')
    mask = as_mask(mask, gt.shape[:-1])
    if alignment == 'procrustes':
        pred = procrustes_align(pred, gt, mask)
    elif alignment == 'scale':
        pred = scale_align(pred, gt, mask)
    return np.linalg.norm(pred - gt, axis=-1)


def keypoint_mpjpe(pred: Any,
                   gt: Any,
                   mask: Optional[Any] = None,
                   alignment: str = 'none') -> float:
    """Mean per-joint position error over all visible joints.

    Args:
        pred (np.ndarray | torch.Tensor): Predictions in shape
            ``(..., K, 3)``, e.g. ``(N, K, 3)``.
        gt (np.ndarray | torch.Tensor): Ground truth in shape
            ``(..., K, 3)``.
        mask (np.ndarray | torch.Tensor, optional): Visibility in shape
            ``(..., K)``. Defaults to ``None`` (all visible).
        alignment (str): ``'none'`` (MPJPE), ``'procrustes'`` (P-MPJPE) or
            ``'scale'`` (N-MPJPE). Defaults to ``'none'``.

    Returns:
        float: The error (input units), ``nan`` when no joint is visible.

    Examples:
        >>> import numpy as np
        >>> gt = np.zeros((2, 4, 3))
        >>> keypoint_mpjpe(gt + np.array([0., 0., 10.]), gt)
        10.0
    """
    errors = keypoint_errors(pred, gt, mask, alignment)
    mask = as_mask(mask, errors.shape)
    if not mask.any():
        return float('nan')
    return float(errors[mask].mean())


def keypoint_velocity_errors(pred: Any,
                             gt: Any,
                             mask: Optional[Any] = None) -> tuple:
    """Per-joint velocity errors along the time axis (axis ``-3``).

    The velocity error at step ``t`` is
    ``|(pred[t+1] - pred[t]) - (gt[t+1] - gt[t])|``; it is valid when the
    joint is visible in both frames.

    Args:
        pred (np.ndarray | torch.Tensor): Predictions in shape
            ``(..., T, K, 3)``.
        gt (np.ndarray | torch.Tensor): Ground truth in shape
            ``(..., T, K, 3)``.
        mask (np.ndarray | torch.Tensor, optional): Visibility in shape
            ``(..., T, K)``. Defaults to ``None`` (all visible).

    Returns:
        tuple: ``(errors, valid)``, both in shape ``(..., T - 1, K)``.
    """
    pred = to_numpy(pred)
    gt = to_numpy(gt)
    if pred.shape != gt.shape:
        raise ValueError(f'pred {pred.shape} and gt {gt.shape} differ')
    if pred.ndim < 3:
        raise ValueError('expected (..., T, K, 3) sequences, got '
                         f'{pred.shape}')
    mask = as_mask(mask, gt.shape[:-1])
    diff = np.diff(pred - gt, axis=-3)
    valid = mask[..., 1:, :] & mask[..., :-1, :]
    return np.linalg.norm(diff, axis=-1), valid


def keypoint_mpjve(pred: Any, gt: Any, mask: Optional[Any] = None) -> float:
    """Mean per-joint velocity error of sequences.

    VideoPose3D's ``mean_velocity_error``: the first difference along time of
    the prediction and of the ground truth, then the mean Euclidean norm of
    their difference. A constant offset therefore scores 0.

    Args:
        pred (np.ndarray | torch.Tensor): Predictions in shape ``(T, K, 3)``
            or ``(..., T, K, 3)``.
        gt (np.ndarray | torch.Tensor): Ground truth in the same shape.
        mask (np.ndarray | torch.Tensor, optional): Visibility in shape
            ``(..., T, K)``. Defaults to ``None`` (all visible).

    Returns:
        float: The error per frame step (input units), ``nan`` when there
        is no valid step (e.g. ``T < 2``).

    Examples:
        >>> import numpy as np
        >>> gt = np.cumsum(np.ones((5, 3, 3)), axis=0)
        >>> keypoint_mpjve(gt + 7.0, gt)
        0.0
    """
    errors, valid = keypoint_velocity_errors(pred, gt, mask)
    if not valid.any():
        return float('nan')
    return float(errors[valid].mean())
