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

from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras
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
        cube_lattice (int): Person cubes larger than this many voxels per
            axis are projected exactly on an ``L³`` lattice and
            interpolated to their voxels (about 10x cheaper geometry at
            64³; see :meth:`_lattice_grid`). 0 projects every voxel
            exactly (the reference). Defaults to 0.
        cube_chunk (int): Project and sample person cubes in chunks of
            this many, which bounds the peak memory (64³ x 5 views x 15
            channels is about 80 MB per cube of intermediates). 0 = all at
            once. Defaults to 0.
        sample_chunk (int): At most this many elements of per-view samples
            ``(S, V, C, points)`` exist at once; more points are sampled in
            chunks (same result). 0 = no limit. Defaults to ``2**22``
            (16 MB in float32).
    """

    def __init__(self,
                 cache_size: int = 16,
                 mask_behind_camera: bool = True,
                 eps: float = 1e-6,
                 cube_lattice: int = 0,
                 cube_chunk: int = 0,
                 sample_chunk: int = 2**22) -> None:
        super().__init__()
        if cube_lattice < 0 or cube_lattice == 1:
            raise ValueError(f'VoxelProjector.cube_lattice must be 0 (off) '
                             f'or >= 2, got {cube_lattice}')
        self.cube_lattice = int(cube_lattice)
        self.cube_chunk = int(cube_chunk)
        self.sample_chunk = int(sample_chunk)
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
    def _sampling_grid(self,
                       cam_pts: Tensor,
                       cams: MultiViewCameras,
                       heatmap_hw: Tuple[int, int],
                       uv: Optional[Tensor] = None,
                       unseen: Optional[Tensor] = None
                       ) -> Tuple[Tensor, Tensor]:
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
            cam_pts (Tensor): ``(S, V, P, 3)`` camera-space points in mm,
                or ``(S, V, P, 1)`` depths when ``uv`` is given.
            cams (MultiViewCameras): ``(S, V)`` cameras.
            heatmap_hw (tuple): Heatmap ``(H, W)``.
            uv (Tensor, optional): ``(S, V, P, 2)`` original-image pixels
                already computed (the interpolated cube path).
            unseen (Tensor, optional): ``(S, V, P)`` bool, points known to
                be unseen.

        Returns:
            tuple: ``grid (S, V, P, 2)`` normalised sample positions and
            ``seen (S, V, P)`` float view masks.
        """
        if uv is None:
            uv = self._project(cam_pts, cams)  # (S, V, P, 2) original px
        size = cams.image_size.unsqueeze(-2)  # (S, V, 1, 2)
        finite = torch.isfinite(uv).all(dim=-1)
        uv = torch.where(finite[..., None], uv, uv.new_tensor(-1.))
        seen = ((uv >= 0) & (uv < size)).all(dim=-1) & finite
        uv = torch.minimum(uv.clamp(min=-1.),
                           size.amax(dim=-1, keepdim=True).to(uv.dtype))
        if self.mask_behind_camera:
            seen = seen & (cam_pts[..., -1] > 0)
        if unseen is not None:
            seen = seen & ~unseen
        hm_h, hm_w = heatmap_hw
        in_w, in_h = cams.input_size
        # input px -> heatmap px -> [-1, 1] (align_corners=True)
        scale = uv.new_tensor([hm_w / in_w * 2. / max(hm_w - 1, 1),
                               hm_h / in_h * 2. / max(hm_h - 1, 1)])
        A = cams.affine * scale[:, None]  # (S, V, 2, 3)
        grid = torch.baddbmm(
            (A[..., 2] - 1.).reshape(-1, 1, 2),
            uv.reshape(-1, uv.shape[-2], 2),
            A[..., :2].transpose(-1, -2).reshape(-1, 2, 2))
        grid = grid.reshape(uv.shape).clamp_(-1.1, 1.1)
        return grid, seen.to(grid.dtype)

    @staticmethod
    def _project(cam_pts: Tensor, cams: MultiViewCameras) -> Tensor:
        """Camera-space ``(S, V, P, 3)`` -> original pixels ``(S, V, P,
        2)`` (distortion-free rigs skip the polynomial)."""
        return cams.project_camera_points(cam_pts, skip_zero_dist=True)

    def _lattice_grid(self, rotated: Tensor, shift: Tensor,
                      cams: MultiViewCameras,
                      shape: Tuple[int, int, int],
                      heatmap_hw: Tuple[int, int]) -> Tuple[Tensor, Tensor]:
        """Sampling grid of cubes from an exact coarse lattice.

        The exact projection (pinhole + distortion) runs on an ``L³``
        lattice spanning the same cube (``L = cube_lattice``); pixels and
        depths are trilinearly interpolated to the ``X * Y * Z`` voxels
        (``align_corners=True``: lattice points coincide with voxels).
        The map from a 2 m cube to pixels is smooth, so the error is a
        small fraction of a heatmap pixel (tested against the exact path).
        A voxel in a lattice cell with a non-finite or behind-camera
        corner is unseen.

        Args:
            rotated (Tensor): ``(M, V, L³, 3)`` lattice offsets rotated
                into the cameras.
            shift (Tensor): ``(M, V, 3)`` ``R @ centre + t``.
            cams (MultiViewCameras): ``(M, V)`` cameras.
            shape (tuple): Voxel counts.
            heatmap_hw (tuple): Heatmap ``(H, W)``.

        Returns:
            tuple: ``grid (M, V, P, 2)`` and ``seen (M, V, P)``.
        """
        m, v = shift.shape[:2]
        lat = self.cube_lattice
        pts = rotated + shift[:, :, None, :]
        uv = self._project(pts, cams)
        z = pts[..., 2:]
        bad = ~torch.isfinite(uv).all(dim=-1, keepdim=True)
        if self.mask_behind_camera:
            bad = bad | (z <= 0)
        uv = torch.where(bad, torch.zeros_like(uv), uv)
        chans = torch.cat([uv, z, bad.to(uv.dtype)], dim=-1)  # (M,V,L³,4)
        chans = chans.reshape(m * v, lat, lat, lat, 4).permute(0, 4, 1, 2, 3)
        fine = F.interpolate(chans, size=shape, mode='trilinear',
                             align_corners=True)
        fine = fine.reshape(m, v, 4, -1).transpose(-1, -2)  # (M,V,P,4)
        return self._sampling_grid(
            fine[..., 2:3], cams, heatmap_hw, uv=fine[..., :2],
            unseen=fine[..., 3] > 0)

    @staticmethod
    def _to_camera(points: Tensor, cams: MultiViewCameras) -> Tensor:
        """World ``(..., P, 3)`` -> camera ``(S, V, P, 3)``."""
        return cams.world_to_camera(points)

    def _view_weights(self, seen: Tensor) -> Tensor:
        return seen / (seen.sum(dim=1, keepdim=True) + self.eps)

    def _sample(self, heatmaps: Tensor, grid: Tensor,
                weights: Tensor) -> Tensor:
        """Bilinear sampling of all views at once, then the view mean.

        The ``(S, V, C, P)`` samples exist before the view sum; when they
        would exceed ``sample_chunk`` elements the points are taken in
        chunks (same arithmetic, bounded memory: a 64³ cube from 5 views
        of 15 joints is 78 MB at once).

        Args:
            heatmaps (Tensor): ``(S, V, C, H, W)``.
            grid (Tensor): ``(S, V, P, 2)``.
            weights (Tensor): ``(S, V, P)``.

        Returns:
            Tensor: ``(S, C, P)`` in [0, 1].
        """
        s, v, c, h, w = heatmaps.shape
        p = grid.shape[2]
        step = max(1, self.sample_chunk // (s * v * c)) \
            if self.sample_chunk > 0 else p
        flat = heatmaps.reshape(s * v, c, h, w)
        outs = []
        for lo in range(0, p, step):  # one chunk unless P is large
            hi = min(lo + step, p)
            sampled = F.grid_sample(
                flat,
                grid[:, :, lo:hi].reshape(s * v, 1, hi - lo, 2),
                mode='bilinear',
                padding_mode='zeros',
                align_corners=True).reshape(s, v, c, hi - lo)
            # in place: grid_sample's backward does not need its output
            outs.append(sampled.mul_(weights[:, :, None, lo:hi]).sum(dim=1))
        out = outs[0] if len(outs) == 1 else torch.cat(outs, dim=-1)
        return out.clamp_(0., 1.)

    @staticmethod
    def _check(heatmaps: Tensor, cams: MultiViewCameras) -> None:
        if heatmaps.dim() != 5:
            raise ValueError(f'heatmaps must be (B, V, C, H, W), got '
                             f'{tuple(heatmaps.shape)}')
        if not isinstance(cams, MultiViewCameras):
            raise TypeError(f'cams must be a MultiViewCameras (build it with '
                            f'batch_cameras()), got {type(cams).__name__}')
        if cams.input_size is None:
            raise ValueError('cams has no input_size (the network-input '
                             '(W, H) its affines map to)')
        b, v = heatmaps.shape[:2]
        if cams.batch_shape != (b, v):
            raise ValueError(
                f'cameras have leading shape {cams.batch_shape}, heatmaps '
                f'have (B, V) = {(b, v)}')

    # ------------------------------------------------------------------
    # public API
    # ------------------------------------------------------------------
    @staticmethod
    def _keys(cams: MultiViewCameras) -> list:
        # computed once per structure (one host copy), then kept with it
        return cams.sample_keys()

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

    def project_space(self, heatmaps: Tensor, cams: MultiViewCameras,
                      space_size: Sequence[float],
                      space_center: Sequence[float],
                      cube_shape: Sequence[int]) -> Tensor:
        """Project the fixed root space of every sample.

        Args:
            heatmaps (Tensor): ``(B, V, C, H, W)`` heatmaps.
            cams (MultiViewCameras): ``(B, V)`` cameras
                (``batch_cameras``); their ``sample_keys`` key the cache.
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
            sub = cams[idx]
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

    def project_cubes(self, heatmaps: Tensor, cams: MultiViewCameras,
                      centers: Tensor,
                      batch_index: Tensor, cube_size: Sequence[float],
                      cube_shape: Sequence[int]) -> Tensor:
        """Project M person cubes, each around its own centre.

        Args:
            heatmaps (Tensor): ``(B, V, C, H, W)`` heatmaps.
            cams (MultiViewCameras): ``(B, V)`` cameras.
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
        sub = cams[batch_index]
        # camera-space points = R @ offset (cached per camera set and
        # cube spec) + (R @ centre + t)
        keys = self._keys(cams)
        lattice = self._use_lattice(shape)
        pts_shape = (self.cube_lattice, ) * 3 if lattice else shape
        spec = (tuple(float(v) for v in cube_size), pts_shape, str(dev), dt)
        uniq = sorted(set(batch_index.tolist()))
        rotated = []
        for b in uniq:
            entry = self._cube_cache.get((keys[b], ) + spec) \
                if self.cache_size > 0 else None
            if entry is None:
                self.cache_misses += 1
                offs = self.offsets(cube_size, pts_shape, dev, dt)
                entry = offs @ cams.R[b].transpose(-1, -2)  # (V, P, 3)
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
        shift = (sub.R @ centers.detach().to(dt)[:, None, :, None]
                 )[..., 0] + sub.t  # (M, V, 3)
        table = rotated[0][None] if len(uniq) == 1 else torch.stack(rotated)
        hw = tuple(heatmaps.shape[-2:])
        chunk = self.cube_chunk if self.cube_chunk > 0 else m
        outs = []
        for lo in range(0, m, chunk):  # bounds the peak memory
            hi = min(lo + chunk, m)
            part = sub[lo:hi]
            rot = table.index_select(0, local[lo:hi]) if len(uniq) > 1 \
                else table.expand((hi - lo, ) + table.shape[1:])
            with torch.no_grad():
                if lattice:
                    grid, seen = self._lattice_grid(
                        rot, shift[lo:hi], part, shape, tuple(hw))
                else:
                    grid, seen = self._sampling_grid(
                        rot + shift[lo:hi, :, None, :], part, tuple(hw))
                wts = self._view_weights(seen)
            outs.append(
                self._sample(
                    heatmaps.index_select(0, batch_index[lo:hi]), grid,
                    wts))
        out = outs[0] if len(outs) == 1 else torch.cat(outs)
        return out.reshape((m, c) + shape)

    def _use_lattice(self, shape: Tuple[int, ...]) -> bool:
        """Whether cubes of this shape use the interpolated lattice."""
        return 1 < self.cube_lattice < min(shape)
