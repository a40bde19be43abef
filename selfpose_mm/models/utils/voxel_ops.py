"""Voxel-grid helpers shared by the VoxelPose heads (batched torch).

Grid convention (VoxelPose, kept exactly): along each axis the ``n`` voxel
centres are ``linspace(-size / 2, size / 2, n) + center`` (end points
included, spacing ``size / (n - 1)``), flattened in 'ij' order (x slowest,
z fastest). Voxel index ``i`` is at ``i / (n - 1) * size + center - size /
2``.

Note:
    Shape symbols: B batch, N candidates, M people / cubes, K joints,
    X, Y, Z voxels per axis, P = X * Y * Z.
"""
from typing import Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor

__all__ = [
    'voxel_offsets', 'voxel_index_to_world', 'nms_topk_3d', 'soft_argmax_3d',
    'gaussian_voxel_target', 'gaussian_grid_target', 'match_to_nearest'
]


def voxel_offsets(size: Sequence[float],
                  shape: Sequence[int],
                  device=None,
                  dtype: torch.dtype = torch.float32) -> Tensor:
    """Voxel centres of a cube centred at the origin.

    Args:
        size (Sequence[float]): Cube side lengths ``(sx, sy, sz)`` in mm.
        shape (Sequence[int]): Voxel counts ``(X, Y, Z)``.
        device: Device. Defaults to CPU.
        dtype (torch.dtype): Defaults to float32.

    Returns:
        Tensor: ``(X * Y * Z, 3)`` offsets in mm, x slowest, z fastest.
    """
    axes = [
        torch.linspace(-s / 2., s / 2., int(n), device=device, dtype=dtype)
        for s, n in zip(size, shape)
    ]
    grid = torch.meshgrid(*axes, indexing='ij')
    return torch.stack(grid, dim=-1).reshape(-1, 3)


def voxel_index_to_world(index: Tensor, size: Sequence[float],
                         shape: Sequence[int],
                         center: Sequence[float]) -> Tensor:
    """Map integer voxel indices ``(..., 3)`` to world mm ``(..., 3)``."""
    size_t = index.new_tensor(size, dtype=torch.float32)
    shape_t = index.new_tensor(shape, dtype=torch.float32)
    center_t = index.new_tensor(center, dtype=torch.float32)
    return (index.float() / (shape_t - 1) * size_t + center_t - size_t / 2)


def nms_topk_3d(scores: Tensor,
                k: int,
                kernel: int = 3) -> Tuple[Tensor, Tensor]:
    """Local-maximum suppression then top-k on score volumes.

    A voxel survives if it equals the max over its ``kernel``³
    neighbourhood (3D max-pool, stride 1, same padding).

    Args:
        scores (Tensor): ``(B, X, Y, Z)`` score volumes.
        k (int): Number of candidates (clipped to ``X * Y * Z``).
        kernel (int): Odd pooling window. Defaults to 3.

    Returns:
        tuple: ``values (B, k)`` sorted descending (``-inf`` for slots
        beyond the number of local maxima) and integer voxel indices
        ``(B, k, 3)``.
    """
    if kernel % 2 != 1:
        raise ValueError(f'nms kernel must be odd, got {kernel}')
    b, nx, ny, nz = scores.shape
    pooled = F.max_pool3d(
        scores[:, None], kernel, stride=1, padding=kernel // 2)[:, 0]
    kept = torch.where(pooled == scores, scores,
                       torch.full_like(scores, float('-inf')))
    k = min(int(k), nx * ny * nz)
    # where fewer than k local maxima exist, the extra entries are -inf
    values, flat = kept.reshape(b, -1).topk(k, dim=1)
    ix = torch.div(flat, ny * nz, rounding_mode='floor')
    iy = torch.div(flat, nz, rounding_mode='floor') % ny
    iz = flat % nz
    return values, torch.stack([ix, iy, iz], dim=-1)


def soft_argmax_3d(logits: Tensor, offsets: Tensor, centers: Tensor,
                   beta: float) -> Tensor:
    """Expected voxel position under ``softmax(beta * logits)``.

    Args:
        logits (Tensor): ``(M, K, P)`` per-joint voxel logits.
        offsets (Tensor): ``(P, 3)`` voxel offsets from the cube centre.
        centers (Tensor): ``(M, 3)`` cube centres in mm.
        beta (float): Softmax temperature multiplier (VoxelPose: 100).

    Returns:
        Tensor: ``(M, K, 3)`` positions in mm.
    """
    prob = torch.softmax(logits * beta, dim=-1)
    return prob @ offsets + centers[:, None, :]


def gaussian_grid_target(points: Tensor, mask: Tensor,
                         size: Sequence[float], shape: Sequence[int],
                         center: Sequence[float], sigma: float) -> Tensor:
    """Gaussian target on a D-dimensional grid, max over the points.

    Separable: ``exp(-|v - p|² / 2σ²)`` is the product of D 1D Gaussians,
    computed per axis and combined by broadcasting.

    Args:
        points (Tensor): ``(B, M, D)`` target positions in mm (padded).
        mask (Tensor): ``(B, M)`` bool, which points are real.
        size, shape, center: Grid spec of the D axes (module docstring).
        sigma (float): Standard deviation in mm.

    Returns:
        Tensor: ``(B, *shape)`` targets in [0, 1]; zeros where a sample
        has no point.
    """
    b, dims = points.shape[0], len(shape)
    if points.shape[1] == 0:
        return points.new_zeros((b, ) + tuple(int(n) for n in shape))
    g = None
    for d in range(dims):
        axis = torch.linspace(
            -size[d] / 2., size[d] / 2., int(shape[d]),
            device=points.device, dtype=points.dtype) + center[d]
        diff = axis[None, None, :] - points[..., d:d + 1]  # (B, M, n)
        gd = torch.exp(-diff.square() / (2. * sigma**2))
        g = gd if g is None else g[..., None] * gd.reshape(
            gd.shape[:2] + (1, ) * d + gd.shape[2:])
    g = g * mask.reshape(mask.shape + (1, ) * dims).to(g.dtype)
    return g.amax(dim=1)


def gaussian_voxel_target(points: Tensor, mask: Tensor,
                          size: Sequence[float], shape: Sequence[int],
                          center: Sequence[float], sigma: float) -> Tensor:
    """3D Gaussian target on a voxel grid, max over the points.

    Args:
        points (Tensor): ``(B, M, 3)`` target positions in mm (padded).
        mask (Tensor): ``(B, M)`` bool, which points are real.
        size, shape, center: Grid spec (see the module docstring).
        sigma (float): Standard deviation in mm.

    Returns:
        Tensor: ``(B, X, Y, Z)`` targets in [0, 1] (see
        :func:`gaussian_grid_target`).
    """
    return gaussian_grid_target(points, mask, size, shape, center, sigma)


def match_to_nearest(candidates: Tensor, targets: Tensor, mask: Tensor,
                     threshold: float) -> Tensor:
    """Index of the nearest real target within ``threshold`` mm.

    Args:
        candidates (Tensor): ``(B, N, 3)`` positions in mm.
        targets (Tensor): ``(B, M, 3)`` positions in mm (padded).
        mask (Tensor): ``(B, M)`` bool, which targets are real.
        threshold (float): Maximum distance in mm.

    Returns:
        Tensor: ``(B, N)`` int64 target index, ``-1`` when none is close.
    """
    b, n = candidates.shape[:2]
    if targets.shape[1] == 0:
        return torch.full((b, n), -1, dtype=torch.long,
                          device=candidates.device)
    dist = torch.cdist(candidates, targets)  # (B, N, M)
    dist = dist.masked_fill(~mask[:, None, :], float('inf'))
    best, idx = dist.min(dim=-1)
    return torch.where(best < threshold, idx, torch.full_like(idx, -1))
