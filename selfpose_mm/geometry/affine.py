"""2D affine transforms for crops, resizes and rotations of images.

Matrices are ``(..., 2, 3)`` and act on pixel coordinates as
``p' = A[:, :2] @ p + A[:, 2]``, the convention of ``cv2.warpAffine`` and
``cv2.transform``. All functions accept NumPy arrays or torch tensors with
broadcastable leading dims, and return the same kind; the torch paths are
differentiable.
"""
from typing import Sequence, Tuple, Union

import numpy as np
import torch
from torch import Tensor

__all__ = [
    'get_affine_matrix', 'apply_affine', 'invert_affine', 'compose_affine',
    'to_homogeneous_affine'
]

ArrayLike = Union[Tensor, np.ndarray]


def _lib(x: ArrayLike):
    return torch if isinstance(x, Tensor) else np


def get_affine_matrix(center: ArrayLike,
                      scale: ArrayLike,
                      output_size: Tuple[float, float],
                      rot_deg: Union[float, ArrayLike] = 0.0,
                      inv: bool = False,
                      shift: Tuple[float, float] = (0.0, 0.0),
                      fix_aspect_ratio: bool = True) -> ArrayLike:
    """Affine that warps a (rotated) box onto an output image.

    Same semantics as ``mmpose.structures.bbox.get_warp_matrix`` (which
    the tests compare against) but in closed form, float64-exact and
    batched: the box centre maps to ``(w_out / 2, h_out / 2)``, the box
    width ``scale[0]`` maps to ``w_out`` and the box is rotated by
    ``rot_deg`` degrees (the content turns by ``-rot_deg`` in the output,
    as in mmpose's ``RandomBBoxTransform``). With ``fix_aspect_ratio``
    the y scale equals the x scale (the box should already have the output
    aspect ratio); otherwise ``scale[1]`` maps to ``h_out``.

    Args:
        center: Box centres ``(..., 2)`` in input pixels.
        scale: Box sizes ``(..., 2)`` (width, height) in input pixels.
        output_size: Output ``(width, height)``.
        rot_deg: Rotation in degrees, scalar or ``(...)``.
        inv: Return the output->input matrix instead.
        shift: Centre shift as a fraction of ``scale``.
        fix_aspect_ratio: Use the x scale for both axes.

    Returns:
        Affine matrices ``(..., 2, 3)``; NumPy float64 for NumPy input,
        otherwise a tensor on ``center``'s device and dtype.
    """
    is_t = isinstance(center, Tensor)
    if is_t:
        dt, dev = center.dtype, center.device
        conv = lambda x: torch.as_tensor(x, dtype=dt, device=dev)  # noqa
    else:
        conv = lambda x: np.asarray(x, dtype=np.float64)  # noqa
    lib = torch if is_t else np
    c, s, rot = conv(center), conv(scale), conv(rot_deg)
    c = c + s * conv(shift)
    dst_w, dst_h = float(output_size[0]), float(output_size[1])
    sx = dst_w / s[..., 0]
    sy = sx if fix_aspect_ratio else dst_h / s[..., 1]
    theta = rot * (np.pi / 180.0)
    cos, sin = lib.cos(theta), lib.sin(theta)
    cos, sin = cos + 0 * sx, sin + 0 * sx  # broadcast to the batch shape
    a11, a12 = sx * cos, sx * sin
    a21, a22 = -sy * sin, sy * cos
    tx = dst_w / 2 - (a11 * c[..., 0] + a12 * c[..., 1])
    ty = dst_h / 2 - (a21 * c[..., 0] + a22 * c[..., 1])
    row1 = lib.stack([a11, a12, tx], -1)
    row2 = lib.stack([a21, a22, ty], -1)
    mat = lib.stack([row1, row2], -2)
    return invert_affine(mat) if inv else mat


def apply_affine(points: ArrayLike, mats: ArrayLike) -> ArrayLike:
    """Apply affine matrices to 2D points.

    Args:
        points: Points ``(..., N, 2)``.
        mats: Affine matrices ``(..., 2, 3)``, broadcast against the
            points' leading dims.

    Returns:
        Transformed points ``(..., N, 2)``.
    """
    if isinstance(points, Tensor) and not isinstance(mats, Tensor):
        mats = torch.as_tensor(mats, dtype=points.dtype, device=points.device)
    elif isinstance(mats, Tensor) and not isinstance(points, Tensor):
        points = torch.as_tensor(points, dtype=mats.dtype, device=mats.device)
    if points.shape[-1] != 2 or tuple(mats.shape[-2:]) != (2, 3):
        raise ValueError(f'expected points (..., N, 2) and mats '
                         f'(..., 2, 3), got {tuple(points.shape)} and '
                         f'{tuple(mats.shape)}')
    lin = mats[..., :2]
    lin_t = lin.transpose(-1, -2) if isinstance(lin, Tensor) else \
        np.swapaxes(lin, -1, -2)
    return points @ lin_t + mats[..., None, :, 2]


def invert_affine(mats: ArrayLike) -> ArrayLike:
    """Invert affine matrices ``(..., 2, 3)`` (closed form).

    Raises:
        ValueError: If a linear part is singular.
    """
    lib = _lib(mats)
    a, b, tx = mats[..., 0, 0], mats[..., 0, 1], mats[..., 0, 2]
    c, d, ty = mats[..., 1, 0], mats[..., 1, 1], mats[..., 1, 2]
    det = a * d - b * c
    if bool((lib.abs(det) == 0).any()):
        raise ValueError('cannot invert a singular affine matrix')
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    itx = -(ia * tx + ib * ty)
    ity = -(ic * tx + id_ * ty)
    return lib.stack(
        [lib.stack([ia, ib, itx], -1),
         lib.stack([ic, id_, ity], -1)], -2)


def to_homogeneous_affine(mats: ArrayLike) -> ArrayLike:
    """``(..., 2, 3)`` affine to ``(..., 3, 3)`` with last row 0 0 1."""
    lib = _lib(mats)
    if lib is torch:
        last = mats.new_zeros(mats.shape[:-2] + (1, 3))
    else:
        last = np.zeros(mats.shape[:-2] + (1, 3), dtype=mats.dtype)
    last[..., 0, 2] = 1
    return lib.concatenate([mats, last], -2) if lib is np else torch.cat(
        [mats, last], -2)


def compose_affine(*mats: Sequence[ArrayLike]) -> ArrayLike:
    """Compose affines like a matrix product: ``compose(A, B)(p) = A(B(p))``.

    Args:
        *mats: Affine matrices ``(..., 2, 3)``; the last is applied first.

    Returns:
        The composed affine ``(..., 2, 3)``.
    """
    if not mats:
        raise ValueError('compose_affine needs at least one matrix')
    out = to_homogeneous_affine(mats[0])
    for m in mats[1:]:
        if isinstance(out, Tensor) and not isinstance(m, Tensor):
            m = torch.as_tensor(m, dtype=out.dtype, device=out.device)
        out = out @ to_homogeneous_affine(m)
    return out[..., :2, :]
