"""Tensor ops shared by the heads: soft-argmax, heatmap argmax decoding,
feature transform layers and camera batching.

Pixel convention (the one of mmpose's ``MSRAHeatmap``): heatmap index ``i``
sits at input pixel ``i * stride`` with ``stride = input / heatmap``.
"""
from typing import Dict, Sequence, Tuple

import torch
from torch import Tensor

from selfpose_mm.structures import MultiViewCameras

__all__ = [
    'soft_argmax_2d', 'argmax_refine_2d', 'feature_transform',
    'normalize_projection', 'relative_rotations', 'stack_camera_tensors',
    'root_relative'
]


def soft_argmax_2d(heatmaps: Tensor, beta: float = 1.0) -> Tensor:
    """Expected ``(x, y)`` under a softmax over every pixel of each map.

    Args:
        heatmaps: Logits ``(N, K, H, W)``.
        beta: Multiplier applied to the logits before the softmax
            (sharper for larger values). A tensor works too (learnable).

    Returns:
        Coordinates ``(N, K, 2)`` as ``(column, row)`` in heatmap pixels,
        so a constant map gives ``((W - 1) / 2, (H - 1) / 2)``.
    """
    N, K, H, W = heatmaps.shape
    prob = torch.softmax((heatmaps * beta).flatten(2), dim=-1)
    prob = prob.view(N, K, H, W)
    xs = torch.arange(W, dtype=prob.dtype, device=prob.device)
    ys = torch.arange(H, dtype=prob.dtype, device=prob.device)
    x = (prob.sum(dim=2) * xs).sum(-1)
    y = (prob.sum(dim=3) * ys).sum(-1)
    return torch.stack([x, y], dim=-1)


def argmax_refine_2d(heatmaps: Tensor) -> Tuple[Tensor, Tensor]:
    """Heatmap maximum with the classic quarter-pixel refinement, batched.

    Matches ``mmpose.codecs.MSRAHeatmap.decode`` (``unbiased=False``): the
    argmax is moved by ``0.25 * sign`` of the central difference along each
    axis, for maxima with ``1 < x < W - 1`` (resp. ``1 < y < H - 1``),
    the exact condition of ``mmpose.codecs.utils.refine_keypoints``.

    Args:
        heatmaps: ``(N, K, H, W)``.

    Returns:
        tuple: coordinates ``(N, K, 2)`` (column, row) in heatmap pixels and
        the maximum values ``(N, K)``.
    """
    N, K, H, W = heatmaps.shape
    flat = heatmaps.flatten(2)
    vals, idx = flat.max(dim=-1)
    y = torch.div(idx, W, rounding_mode='floor')
    x = idx - y * W
    hm = heatmaps.reshape(N * K, H, W)
    n = torch.arange(N * K, device=heatmaps.device)
    xf, yf = x.reshape(-1), y.reshape(-1)
    xl, xr = (xf - 1).clamp(0, W - 1), (xf + 1).clamp(0, W - 1)
    yu, yd = (yf - 1).clamp(0, H - 1), (yf + 1).clamp(0, H - 1)
    dx = hm[n, yf, xr] - hm[n, yf, xl]
    dy = hm[n, yd, xf] - hm[n, yu, xf]
    okx = (xf > 1) & (xf < W - 1)
    oky = (yf > 1) & (yf < H - 1)
    xo = torch.where(okx, 0.25 * torch.sign(dx), torch.zeros_like(dx))
    yo = torch.where(oky, 0.25 * torch.sign(dy), torch.zeros_like(dy))
    coords = torch.stack([xf.to(hm.dtype) + xo, yf.to(hm.dtype) + yo], -1)
    return coords.view(N, K, 2), vals


def feature_transform(z: Tensor, M: Tensor) -> Tensor:
    """Feature transform layer: multiply groups of channels by a matrix.

    The ``C = k * b`` channels of ``z`` are read as ``k`` vectors of size
    ``b`` at every pixel (channel ``i * b + j`` is coordinate ``j`` of
    vector ``i``) and each vector is replaced by ``M @ v``.

    Args:
        z: Features ``(..., k * b, H, W)``.
        M: Matrices ``(..., a, b)`` broadcasting with ``z``'s leading dims.

    Returns:
        Features ``(..., k * a, H, W)``.
    """
    *lead, C, H, W = z.shape
    a, b = M.shape[-2:]
    if C % b:
        raise ValueError(f'feature_transform: {C} channels are not a '
                         f'multiple of the matrix width {b}')
    v = z.reshape(*lead, C // b, b, H, W)
    out = torch.einsum('...ab,...kbhw->...kahw', M, v)
    return out.reshape(*lead, (C // b) * a, H, W)


def normalize_projection(P: Tensor, image_size: Sequence[int],
                         world_scale: float) -> Tensor:
    """Scale-free, sign-fixed projection matrices for the pinv FTL.

    Crop pixels are mapped to ``[-1, 1]``, world millimetres to units of
    ``world_scale`` mm, the result is divided by its Frobenius norm and its
    sign fixed so that ``det(P[:, :3]) > 0``. Any ``lambda * P`` (also
    ``lambda < 0``) therefore gives the same matrix.

    Args:
        P: ``(..., 3, 4)`` projection matrices (crop pixels from mm).
        image_size: Crop ``(width, height)``.
        world_scale: Millimetres per normalised world unit.

    Returns:
        ``(..., 3, 4)`` normalised matrices.
    """
    w, h = float(image_size[0]), float(image_size[1])
    T = P.new_tensor([[2. / w, 0., -1.], [0., 2. / h, -1.], [0., 0., 1.]])
    S = P.new_tensor([world_scale, world_scale, world_scale, 1.])
    Pn = (T @ P) * S
    Pn = Pn / Pn.flatten(-2).norm(dim=-1).clamp_min(1e-12)[..., None, None]
    sign = torch.sign(torch.linalg.det(Pn[..., :3]))
    sign = torch.where(sign == 0, torch.ones_like(sign), sign)
    return Pn * sign[..., None, None]


def relative_rotations(R: Tensor) -> Tensor:
    """Rotations from the first view's camera frame to every view's.

    Args:
        R: World-to-camera rotations ``(B, V, 3, 3)``.

    Returns:
        ``R_v R_0^T`` ``(B, V, 3, 3)``; unchanged by any world rotation
        ``R_v -> R_v Q^T``.
    """
    return R @ R[:, :1].transpose(-1, -2)


def stack_camera_tensors(data_samples: Sequence,
                         device: torch.device,
                         dtype: torch.dtype = torch.float32
                         ) -> Dict[str, Tensor]:
    """Batch the per-sample cameras of a list of data samples.

    Every sample carries its crop cameras as ``cameras``, a
    ``MultiViewCameras`` ``(V,)`` set by ``CropViews`` /
    ``PackMultiViewPose``; the heads take ``P = K [R | t]`` and ``R`` from
    it (the DLT and the canonical fusion need plain matrices).

    Two MADS specifics: the cameras are *crop* cameras whose ``K`` already
    has the crop affine folded in, so the structure's own ``affine`` is
    the identity and ``P`` is ``projection_matrices`` as is (applying the
    crop affine again would be wrong); and the structure is float64, so
    ``P`` is multiplied in float64 from the float64 calibration and only
    then cast to ``dtype``, as the recipe always did (a float32 product
    of float32-rounded ``K``, ``R``, ``t`` differs in the last bits, about
    1e-7 relative, which the DLT would carry into the triangulated 3D).

    Returns:
        dict: ``P`` ``(B, V, 3, 4)`` and ``R`` ``(B, V, 3, 3)``.
    """
    cams = MultiViewCameras.stack([s.cameras for s in data_samples])
    return dict(
        P=cams.projection_matrices.to(device=device, dtype=dtype),
        R=cams.R.to(device=device, dtype=dtype))


def root_relative(x: Tensor, w: Tensor, root_index: int,
                  keep_root: bool = True) -> Tuple[Tensor, Tensor]:
    """Subtract the root joint from every other joint.

    Args:
        x: Points ``(B, K, 3)``.
        w: Weights ``(B, K)``; non-root weights are multiplied by the
            root's, because a relative position needs both joints.
        root_index: Root joint.
        keep_root: Keep the root's absolute position (the recipe's loss);
            otherwise the root becomes zero with weight zero.

    Returns:
        tuple: ``(x_rel, w_rel)``.
    """
    root = x[:, root_index:root_index + 1]
    rel = x - root
    w_rel = w * w[:, root_index:root_index + 1]
    if keep_root:
        mask = torch.zeros_like(x[..., :1], dtype=torch.bool)
        mask[:, root_index] = True
        rel = torch.where(mask, x, rel)
        w_rel = w_rel.clone()
        w_rel[:, root_index] = w[:, root_index]
    else:
        w_rel = w_rel.clone()
        w_rel[:, root_index] = 0
    return rel, w_rel
