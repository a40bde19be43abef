"""A from-scratch re-creation of the *structure* of the reference
``ProjectLayer`` (SelfPose3d / VoxelPose), for side-by-side timing only.

It follows ``../shared/reference/selfpose3d.md`` §1.4 step by step, with
the per-call work the reference does: build the world grid, and for every
sample and view rebuild the affine, project every voxel centre with the
full pinhole + radial/tangential model, mask by the original image,
clamp, map to heatmap and ``grid_sample`` coordinates, one
``grid_sample`` per view, then the masked mean over views, NaN clean-up
and clamp. Nothing is cached. It is not used by the library (the library's
``VoxelProjector`` caches the camera part and batches views); the
benchmark checks that both give the same cube before timing.
"""
from typing import Dict, Sequence

import torch
import torch.nn.functional as F
from torch import Tensor

__all__ = ['reference_project_layer']


def _grid(size: Sequence[float], center: Tensor,
          shape: Sequence[int]) -> Tensor:
    axes = [
        torch.linspace(-s / 2, s / 2, n, device=center.device) + c
        for s, n, c in zip(size, shape, center)
    ]
    gx, gy, gz = torch.meshgrid(*axes, indexing='ij')
    return torch.stack([gx, gy, gz], -1).reshape(-1, 3)


def _project(points: Tensor, K: Tensor, R: Tensor, t: Tensor,
             dist: Tensor) -> Tensor:
    cam = points @ R.T + t
    x = cam[:, 0] / cam[:, 2]
    y = cam[:, 1] / cam[:, 2]
    r2 = x * x + y * y
    k1, k2, p1, p2, k3 = dist
    radial = 1 + k1 * r2 + k2 * r2 * r2 + k3 * r2 * r2 * r2
    xd = x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x)
    yd = y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y
    uv = torch.stack([xd, yd], -1)
    return uv @ K[:2, :2].T + K[:2, 2]


def reference_project_layer(heatmaps: Tensor, cams: Dict[str, Tensor],
                            space_size: Sequence[float], center: Tensor,
                            cube_shape: Sequence[int]) -> Tensor:
    """Heatmaps ``(B, V, C, H, W)`` to a cube ``(B, C, X, Y, Z)``.

    Args:
        heatmaps (Tensor): ``(B, V, C, H, W)``.
        cams (dict): Per-view ``K (V, 3, 3)``, ``R``, ``t (V, 3)`` mm,
            ``dist (V, 5)``, ``image_size (V, 2)`` (W0, H0) and
            ``affine (V, 2, 3)`` original -> network-input pixels, plus
            ``input_size`` (W, H).
        space_size (Sequence[float]): Cube size (mm).
        center (Tensor): Cube centre ``(3,)`` mm.
        cube_shape (Sequence[int]): Voxels per axis.
    """
    B, V, C, H, W = heatmaps.shape
    in_w, in_h = cams['input_size']
    nbins = int(cube_shape[0] * cube_shape[1] * cube_shape[2])
    cubes = heatmaps.new_zeros(B, C, 1, nbins, V)
    bounding = heatmaps.new_zeros(B, 1, 1, nbins, V)
    grid = _grid(space_size, center, cube_shape)
    for i in range(B):
        for c in range(V):
            A = cams['affine'][c]  # rebuilt per call in the reference
            w0, h0 = cams['image_size'][c]
            uv = _project(grid, cams['K'][c], cams['R'][c], cams['t'][c],
                          cams['dist'][c])
            ok = ((uv[:, 0] >= 0) & (uv[:, 1] >= 0) & (uv[:, 0] < w0)
                  & (uv[:, 1] < h0))
            bounding[i, 0, 0, :, c] = ok.to(heatmaps.dtype)
            uv = torch.clamp(uv, -1.0, float(max(w0, h0)))
            uv = uv @ A[:, :2].T + A[:, 2]
            uv = uv * uv.new_tensor([W / in_w, H / in_h])
            g = uv / uv.new_tensor([W - 1, H - 1]) * 2.0 - 1.0
            g = torch.clamp(g.view(1, 1, nbins, 2), -1.1, 1.1)
            cubes[i:i + 1, :, :, :, c] += F.grid_sample(
                heatmaps[i:i + 1, c], g, align_corners=True)
    cubes = torch.sum(cubes * bounding, dim=-1) / (
        torch.sum(bounding, dim=-1) + 1e-6)
    cubes[cubes != cubes] = 0.0
    cubes = cubes.clamp(0.0, 1.0)
    return cubes.view(B, C, *cube_shape)
