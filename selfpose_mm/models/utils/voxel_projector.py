"""Lift multi-view 2D heatmaps into voxel cubes (VoxelPose's ProjectLayer).

Every voxel centre is projected into every view with the full pinhole and
lens-distortion model, into original-image pixels; a view "sees" the voxel
when the projection lies inside the original image (and, by default, in
front of the camera). The projection is clamped to ``[-1, max(W0, H0)]``,
mapped by the per-view affine to network-input pixels, scaled to heatmap
pixels and normalised for ``grid_sample(align_corners=True)`` (clamped to
±1.1). The cube value is the mean over the views that see the voxel
(``sum_v w_v s_v / (sum_v w_v + 1e-6)``), clamped to [0, 1].

Speed:

* All views (and all samples / cubes) go through **one** batched
  projection and **one** ``grid_sample`` call; views are combined with an
  ``einsum`` against precomputed view weights.
* The root space is fixed, so its sampling grid and view weights depend
  only on the camera set: they are cached per sample in a bounded LRU keyed
  by a hash of the cameras, affines, input size, heatmap size, grid spec,
  device and dtype. A cache hit costs one ``grid_sample`` and one
  ``einsum``.
* Person cubes: the offsets rotated into every camera (``R @ offset``,
  ``(V, P, 3)``) are cached per camera set and cube spec, so a cube's
  camera-space points are one add of ``R @ centre + t``; distortion makes
  the rest non-linear, so all ``M * V * X * Y * Z`` points then go through
  one batched projection. Distortion-free rigs skip the polynomial.

Gradients flow to the heatmaps (the sampling grid is constant).

Note:
    Shape symbols: B batch, V views, C channels, H/W heatmap size, M cubes,
    X/Y/Z voxels, P = X * Y * Z.
"""
from collections import OrderedDict
from typing import Dict, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from selfpose_mm.geometry import project_points
from selfpose_mm.registry import MODELS
from .multiview_cameras import CAMERA_FIELDS, cameras_from_arrays
from .voxel_ops import voxel_offsets

__all__ = ['VoxelProjector']


@MODELS.register_module()
class VoxelProjector(nn.Module):
    """Heatmaps ``(B, V, C, H, W)`` -> voxel cubes, batched and cached.

    Args:
        cache_size (int): Camera sets whose root-space grids are kept (LRU).
            0 disables the cache. Defaults to 16.
        mask_behind_camera (bool): Treat voxels behind a camera as unseen
            by it. The reference ProjectLayer has no such test (a point
            behind the camera can land inside the image); ``False``
            reproduces it. Defaults to True.
        eps (float): Added to the view count. Defaults to 1e-6.
    """

    def __init__(self,
                 cache_size: int = 16,
                 mask_behind_camera: bool = True,
                 eps: float = 1e-6) -> None:
        super().__init__()
        self.cache_size = int(cache_size)
        self.mask_behind_camera = bool(mask_behind_camera)
        self.eps = float(eps)
        self._cache: 'OrderedDict[tuple, Tuple[Tensor, Tensor]]' = \
            OrderedDict()
        self._cube_cache: 'OrderedDict[tuple, Tensor]' = OrderedDict()
        self._offsets: Dict[tuple, Tensor] = {}
        self.cache_hits = 0
        self.cache_misses = 0

    # ------------------------------------------------------------------
    # geometry
    # ------------------------------------------------------------------
    def _sampling_grid(self, cam_pts: Tensor, cams: Dict,
                       heatmap_hw: Tuple[int, int]) -> Tuple[Tensor, Tensor]:
        """Project camera-space points into their views.

        As the reference, pixels are clamped to ``[-1, max(W0, H0)]``
        before the affine (this only moves *unseen* points, weight 0); the
        affine, the heatmap scaling and the normalisation are then folded
        into one 2x3 map and the grid is clamped to ±1.1. Non-finite
        projections (a voxel on a camera's z = 0 plane overflows the
        distortion polynomial: inf - inf = NaN) are unseen and moved to
        pixel -1 first: ``NaN * 0 = NaN``, so a single such voxel would
        otherwise turn its whole cube, the BatchNorm statistics of the
        batch and then every weight into NaN (the reference cleans NaN
        after the view average instead).

        Args:
            cam_pts (Tensor): ``(S, V, P, 3)`` camera-space points in mm.
            cams (dict): ``(S, V, ...)`` camera tensors.
            heatmap_hw (tuple): Heatmap ``(H, W)``.

        Returns:
            tuple: ``grid (S, V, P, 2)`` normalised sample positions and
            ``seen (S, V, P)`` float view masks.
        """
        dist = cams['dist']
        # distortion-free rigs skip the polynomial (same result)
        dist = dist if bool((dist != 0).any()) else None
        uv = project_points(
            cam_pts, cams['K'], dist=dist,
            dist_model=cams['dist_model'])  # (S, V, P, 2) original px
        size = cams['image_size'].unsqueeze(-2)  # (S, V, 1, 2)
        finite = torch.isfinite(uv).all(dim=-1)
        uv = torch.where(finite[..., None], uv, uv.new_tensor(-1.))
        seen = ((uv >= 0) & (uv < size)).all(dim=-1) & finite
        uv = torch.minimum(uv.clamp(min=-1.),
                           size.amax(dim=-1, keepdim=True).to(uv.dtype))
        if self.mask_behind_camera:
            seen = seen & (cam_pts[..., 2] > 0)
        hm_h, hm_w = heatmap_hw
        in_w, in_h = cams['input_size']
        # input px -> heatmap px -> [-1, 1] (align_corners=True)
        scale = uv.new_tensor([hm_w / in_w * 2. / max(hm_w - 1, 1),
                               hm_h / in_h * 2. / max(hm_h - 1, 1)])
        A = cams['affine'] * scale[:, None]  # (S, V, 2, 3)
        grid = torch.baddbmm(
            (A[..., 2] - 1.).reshape(-1, 1, 2),
            uv.reshape(-1, uv.shape[-2], 2),
            A[..., :2].transpose(-1, -2).reshape(-1, 2, 2))
        grid = grid.reshape(uv.shape).clamp_(-1.1, 1.1)
        return grid, seen.to(grid.dtype)

    @staticmethod
    def _to_camera(points: Tensor, cams: Dict) -> Tensor:
        """World ``(..., P, 3)`` -> camera ``(S, V, P, 3)``."""
        return points @ cams['R'].transpose(-1, -2) + cams['t'].unsqueeze(-2)

    def _view_weights(self, seen: Tensor) -> Tensor:
        return seen / (seen.sum(dim=1, keepdim=True) + self.eps)

    @staticmethod
    def _sample(heatmaps: Tensor, grid: Tensor, weights: Tensor) -> Tensor:
        """Bilinear sampling of all views at once, then the view mean.

        Args:
            heatmaps (Tensor): ``(S, V, C, H, W)``.
            grid (Tensor): ``(S, V, P, 2)``.
            weights (Tensor): ``(S, V, P)``.

        Returns:
            Tensor: ``(S, C, P)`` in [0, 1].
        """
        s, v, c, h, w = heatmaps.shape
        p = grid.shape[2]
        sampled = F.grid_sample(
            heatmaps.reshape(s * v, c, h, w),
            grid.reshape(s * v, 1, p, 2),
            mode='bilinear',
            padding_mode='zeros',
            align_corners=True).reshape(s, v, c, p)
        # in place: grid_sample's backward does not need its output
        out = sampled.mul_(weights.unsqueeze(2)).sum(dim=1)
        return out.clamp_(0., 1.)

    @staticmethod
    def _check(heatmaps: Tensor, cams: Dict) -> None:
        if heatmaps.dim() != 5:
            raise ValueError(f'heatmaps must be (B, V, C, H, W), got '
                             f'{tuple(heatmaps.shape)}')
        b, v = heatmaps.shape[:2]
        for name in CAMERA_FIELDS:
            if name not in cams:
                raise KeyError(f'camera dict has no {name!r}; build it with '
                               f'batch_cameras() or cameras_from_arrays()')
            if tuple(cams[name].shape[:2]) != (b, v):
                raise ValueError(
                    f'camera field {name!r} has leading shape '
                    f'{tuple(cams[name].shape[:2])}, heatmaps have '
                    f'(B, V) = {(b, v)}')

    # ------------------------------------------------------------------
    # public API
    # ------------------------------------------------------------------
    @staticmethod
    def _keys(cams: Dict) -> list:
        keys = cams.get('keys')
        if keys is None:  # tensors only: hash them (one host copy)
            keys = cameras_from_arrays(
                {k: cams[k] for k in CAMERA_FIELDS}, cams['input_size'],
                cams['dist_model'])['keys']
        return keys

    def clear_cache(self) -> None:
        """Drop all cached grids and rotated cube offsets."""
        self._cache.clear()
        self._cube_cache.clear()
        self._offsets.clear()

    def offsets(self, size: Sequence[float], shape: Sequence[int],
                device, dtype: torch.dtype) -> Tensor:
        """Cached voxel offsets ``(P, 3)`` of a cube centred at 0."""
        key = (tuple(float(s) for s in size), tuple(int(n) for n in shape),
               str(device), dtype)
        if key not in self._offsets:
            self._offsets[key] = voxel_offsets(size, shape, device, dtype)
        return self._offsets[key]

    def project_space(self, heatmaps: Tensor, cams: Dict,
                      space_size: Sequence[float],
                      space_center: Sequence[float],
                      cube_shape: Sequence[int]) -> Tensor:
        """Project the fixed root space of every sample.

        Args:
            heatmaps (Tensor): ``(B, V, C, H, W)`` heatmaps.
            cams (dict): Batched cameras (``batch_cameras``); ``keys``
                enable the cache.
            space_size (Sequence[float]): Space side lengths in mm.
            space_center (Sequence[float]): Space centre in mm.
            cube_shape (Sequence[int]): Voxel counts ``(X, Y, Z)``.

        Returns:
            Tensor: ``(B, C, X, Y, Z)`` cubes.
        """
        self._check(heatmaps, cams)
        b = heatmaps.shape[0]
        hw = tuple(heatmaps.shape[-2:])
        dev, dt = heatmaps.device, heatmaps.dtype
        spec = (tuple(float(s) for s in space_size),
                tuple(float(c) for c in space_center),
                tuple(int(n) for n in cube_shape), hw, str(dev), dt,
                self.mask_behind_camera)
        keys = self._keys(cams)
        grids, weights, missing = [None] * b, [None] * b, []
        for i, key in enumerate(keys):
            entry = self._cache.get((key, ) + spec) \
                if self.cache_size > 0 else None
            if entry is None:
                missing.append(i)
            else:
                self._cache.move_to_end((key, ) + spec)
                grids[i], weights[i] = entry
        self.cache_hits += b - len(missing)
        self.cache_misses += len(missing)
        if missing:
            idx = torch.as_tensor(missing, device=dev)
            sub = {k: cams[k].index_select(0, idx) for k in CAMERA_FIELDS}
            sub.update(input_size=cams['input_size'],
                       dist_model=cams['dist_model'])
            pts = self.offsets(space_size, cube_shape, dev, dt) + \
                torch.as_tensor(space_center, device=dev, dtype=dt)
            with torch.no_grad():
                grid, seen = self._sampling_grid(
                    self._to_camera(pts[None, None], sub), sub, hw)
                wts = self._view_weights(seen)
            for j, i in enumerate(missing):
                grids[i], weights[i] = grid[j], wts[j]
                if self.cache_size > 0:
                    self._cache[(keys[i], ) + spec] = (grid[j], wts[j])
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
        if b == 1:
            grid, wts = grids[0][None], weights[0][None]
        else:
            grid, wts = torch.stack(grids), torch.stack(weights)
        out = self._sample(heatmaps, grid, wts)
        return out.reshape(out.shape[:2] + tuple(int(n) for n in cube_shape))

    def project_cubes(self, heatmaps: Tensor, cams: Dict, centers: Tensor,
                      batch_index: Tensor, cube_size: Sequence[float],
                      cube_shape: Sequence[int]) -> Tensor:
        """Project M person cubes, each around its own centre.

        Args:
            heatmaps (Tensor): ``(B, V, C, H, W)`` heatmaps.
            cams (dict): Batched cameras ``(B, V, ...)``.
            centers (Tensor): ``(M, 3)`` cube centres in mm.
            batch_index (Tensor): ``(M,)`` sample index of each cube.
            cube_size (Sequence[float]): Cube side lengths in mm.
            cube_shape (Sequence[int]): Voxel counts ``(X, Y, Z)``.

        Returns:
            Tensor: ``(M, C, X, Y, Z)`` cubes (``M`` may be 0).
        """
        self._check(heatmaps, cams)
        shape = tuple(int(n) for n in cube_shape)
        m = centers.shape[0]
        c = heatmaps.shape[2]
        if m == 0:
            return heatmaps.new_zeros((0, c) + shape)
        dev, dt = heatmaps.device, heatmaps.dtype
        batch_index = batch_index.to(device=dev, dtype=torch.long)
        sub = {
            k: cams[k].index_select(0, batch_index)
            for k in CAMERA_FIELDS
        }
        sub.update(input_size=cams['input_size'],
                   dist_model=cams['dist_model'])
        # camera-space points = R @ offset (cached per camera set and
        # cube spec) + (R @ centre + t)
        keys = self._keys(cams)
        spec = (tuple(float(v) for v in cube_size), shape, str(dev), dt)
        uniq = sorted(set(batch_index.tolist()))
        rotated = []
        for b in uniq:
            entry = self._cube_cache.get((keys[b], ) + spec) \
                if self.cache_size > 0 else None
            if entry is None:
                self.cache_misses += 1
                offs = self.offsets(cube_size, shape, dev, dt)
                entry = offs @ cams['R'][b].transpose(-1, -2)  # (V, P, 3)
                if self.cache_size > 0:
                    self._cube_cache[(keys[b], ) + spec] = entry
                    while len(self._cube_cache) > self.cache_size:
                        self._cube_cache.popitem(last=False)
            else:
                self.cache_hits += 1
                self._cube_cache.move_to_end((keys[b], ) + spec)
            rotated.append(entry)
        local = torch.as_tensor(
            [uniq.index(b) for b in batch_index.tolist()], device=dev)
        shift = (sub['R'] @ centers.detach().to(dt)[:, None, :, None]
                 )[..., 0] + sub['t']  # (M, V, 3)
        if len(uniq) == 1:
            pts = rotated[0][None] + shift[:, :, None, :]
        else:
            pts = torch.stack(rotated).index_select(0, local) + \
                shift[:, :, None, :]
        with torch.no_grad():
            grid, seen = self._sampling_grid(pts, sub,
                                             tuple(heatmaps.shape[-2:]))
            wts = self._view_weights(seen)
        out = self._sample(heatmaps.index_select(0, batch_index), grid, wts)
        return out.reshape((m, c) + shape)
