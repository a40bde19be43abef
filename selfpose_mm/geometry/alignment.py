"""Least-squares alignment of one point set onto another.

Pure geometry used by the P-MPJPE (Procrustes) and N-MPJPE (scale)
evaluation protocols and usable as a differentiable training-time
operation. Every function is batched over arbitrary leading dimensions and
accepts either numpy arrays or torch tensors; the output has the type of
``pred`` (numpy in, numpy out; torch in, torch out and differentiable).

Note:
    - keypoint number: K
    - keypoint dimension: D (3 for poses, 2 works too)
    - any leading (batch) dimensions: ``...``

Conventions: points are row vectors. A transform ``(R, s, t)`` maps a point
``x`` to ``s * R @ x + t``, i.e. for a ``(..., K, D)`` array
``aligned = s[..., None, None] * pred @ R.mT + t[..., None, :]``.
"""
from typing import Optional, Tuple, Union

import numpy as np
import torch

__all__ = ['procrustes_align', 'scale_align']

ArrayLike = Union[np.ndarray, torch.Tensor]


def _to_torch(pred: ArrayLike, target: ArrayLike,
              mask: Optional[ArrayLike]) -> Tuple[torch.Tensor, ...]:
    """Convert the inputs to torch; numpy inputs are computed in float64."""
    if isinstance(pred, torch.Tensor):
        dtype = pred.dtype if pred.is_floating_point() else torch.float32
        pred_t = pred.to(dtype)
        target_t = torch.as_tensor(target, dtype=dtype, device=pred.device)
    else:
        pred_t = torch.from_numpy(np.asarray(pred, dtype=np.float64))
        target_t = torch.from_numpy(np.asarray(target, dtype=np.float64))
    if pred_t.shape != target_t.shape:
        raise ValueError('pred and target must have the same shape, got '
                         f'{tuple(pred_t.shape)} and {tuple(target_t.shape)}')
    if mask is None:
        weight = torch.ones(
            pred_t.shape[:-1], dtype=pred_t.dtype, device=pred_t.device)
    else:
        weight = torch.as_tensor(
            np.asarray(mask) if not isinstance(mask, torch.Tensor) else mask,
            device=pred_t.device)
        weight = (weight > 0).to(pred_t.dtype).expand(pred_t.shape[:-1])
    return pred_t, target_t, weight.unsqueeze(-1)


def _back(x: torch.Tensor, like: ArrayLike) -> ArrayLike:
    """Return ``x`` as the array type of ``like``."""
    if isinstance(like, torch.Tensor):
        return x
    out = x.detach().cpu().numpy()
    like_dtype = np.asarray(like).dtype
    if np.issubdtype(like_dtype, np.floating):
        out = out.astype(like_dtype, copy=False)
    return out


def procrustes_align(
    pred: ArrayLike,
    target: ArrayLike,
    mask: Optional[ArrayLike] = None,
    scale: bool = True,
    return_transform: bool = False,
    eps: float = 1e-8,
) -> Union[ArrayLike, Tuple[ArrayLike, ArrayLike, ArrayLike, ArrayLike]]:
    """Align ``pred`` onto ``target`` with a similarity transform.

    Solves ``min_{R, s, t} sum_k w_k |target_k - (s R pred_k + t)|^2`` in
    closed form (Umeyama 1991), independently for every leading index. ``R``
    is a proper rotation: when the best orthogonal matrix is a reflection,
    the sign of the smallest singular direction is flipped (the reflection
    fix of VideoPose3D's ``p_mpjpe``), so a mirrored pose is *not* aligned
    perfectly. With ``scale=True`` this is exactly VideoPose3D's P-MPJPE
    (Protocol #2) alignment; with ``scale=False`` it is the rigid (Kabsch)
    alignment.

    Joints whose ``mask`` is false do not influence the fit, but the fitted
    transform is applied to all K joints of ``pred``.

    Args:
        pred (np.ndarray | torch.Tensor): Points to move, in shape
            ``(..., K, D)``.
        target (np.ndarray | torch.Tensor): Reference points, in shape
            ``(..., K, D)``.
        mask (np.ndarray | torch.Tensor, optional): Visibility in shape
            ``(..., K)`` (broadcastable); nonzero entries take part in the
            fit. Defaults to ``None`` (all joints).
        scale (bool): Whether to fit a uniform scale. Defaults to ``True``.
        return_transform (bool): Whether to also return ``(R, s, t)``.
            Defaults to ``False``.
        eps (float): Guard for empty masks and degenerate (all-equal)
            point sets. Defaults to ``1e-8``.

    Returns:
        np.ndarray | torch.Tensor | tuple: The aligned ``pred`` in shape
        ``(..., K, D)``. With ``return_transform=True`` a tuple
        ``(aligned, R, s, t)`` with ``R`` in shape ``(..., D, D)``, ``s`` in
        shape ``(...)`` and ``t`` in shape ``(..., D)``. Numpy inputs give
        numpy outputs; torch inputs keep the autograd graph.

    Examples:
        >>> import numpy as np
        >>> rng = np.random.default_rng(0)
        >>> x = rng.normal(size=(17, 3))
        >>> rot = np.array([[0., -1., 0.], [1., 0., 0.], [0., 0., 1.]])
        >>> y = 2.0 * x @ rot.T + 5.0
        >>> bool(np.allclose(procrustes_align(x, y), y))
        True
    """
    p, t, w = _to_torch(pred, target, mask)
    wsum = w.sum(dim=-2, keepdim=True).clamp_min(eps)  # (..., 1, 1)
    mu_p = (w * p).sum(dim=-2, keepdim=True) / wsum  # (..., 1, D)
    mu_t = (w * t).sum(dim=-2, keepdim=True) / wsum
    pc = p - mu_p
    tc = t - mu_t
    # Cross-covariance sum_k w_k tc_k pc_k^T, (..., D, D).
    cov = (w * tc).transpose(-1, -2) @ pc
    u, sv, vh = torch.linalg.svd(cov)
    det = torch.linalg.det(u @ vh).detach()
    sign = torch.where(det < 0, -torch.ones_like(det), torch.ones_like(det))
    d = torch.ones_like(sv)
    d = torch.cat([d[..., :-1], sign.unsqueeze(-1)], dim=-1)  # (..., D)
    rot = u @ (d.unsqueeze(-1) * vh)  # U diag(d) Vh
    if scale:
        var_p = (w * pc.square()).sum(dim=(-2, -1))
        s = (sv * d).sum(dim=-1) / var_p.clamp_min(eps)
    else:
        s = torch.ones(sv.shape[:-1], dtype=p.dtype, device=p.device)
    rot_t = rot.transpose(-1, -2)
    trans = mu_t.squeeze(-2) - s.unsqueeze(-1) * (mu_p @ rot_t).squeeze(-2)
    aligned = s[..., None, None] * (p @ rot_t) + trans.unsqueeze(-2)
    if not return_transform:
        return _back(aligned, pred)
    return (_back(aligned, pred), _back(rot, pred), _back(s, pred),
            _back(trans, pred))


def scale_align(
    pred: ArrayLike,
    target: ArrayLike,
    mask: Optional[ArrayLike] = None,
    return_transform: bool = False,
    eps: float = 1e-8,
) -> Union[ArrayLike, Tuple[ArrayLike, ArrayLike]]:
    """Rescale ``pred`` by the least-squares optimal uniform scale.

    VideoPose3D's ``n_mpjpe`` (Protocol #3, after Rhodin et al.):
    ``s = sum_k <pred_k, target_k> / sum_k <pred_k, pred_k>`` per leading
    index, with no centring and no rotation, so the scale acts about the
    coordinate origin. Pass root-relative poses to reproduce VideoPose3D;
    mmpose applies the same formula to absolute camera coordinates. Joints
    whose ``mask`` is false are left out of both sums.

    Args:
        pred (np.ndarray | torch.Tensor): Points in shape ``(..., K, D)``.
        target (np.ndarray | torch.Tensor): Points in shape ``(..., K, D)``.
        mask (np.ndarray | torch.Tensor, optional): Visibility in shape
            ``(..., K)``. Defaults to ``None`` (all joints).
        return_transform (bool): Whether to also return the scale ``s`` in
            shape ``(...)``. Defaults to ``False``.
        eps (float): Guard for an all-zero ``pred``. Defaults to ``1e-8``.

    Returns:
        np.ndarray | torch.Tensor | tuple: ``s * pred`` in shape
        ``(..., K, D)``, or ``(s * pred, s)``.

    Examples:
        >>> import numpy as np
        >>> x = np.arange(6.).reshape(2, 3)
        >>> bool(np.allclose(scale_align(x, 3 * x), 3 * x))
        True
    """
    p, t, w = _to_torch(pred, target, mask)
    num = (w * p * t).sum(dim=(-2, -1))
    den = (w * p * p).sum(dim=(-2, -1)).clamp_min(eps)
    s = num / den
    aligned = s[..., None, None] * p
    if not return_transform:
        return _back(aligned, pred)
    return _back(aligned, pred), _back(s, pred)
