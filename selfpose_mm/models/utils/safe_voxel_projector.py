"""A :class:`VoxelProjector` whose sampling grid is always finite."""
from typing import Dict, Tuple

import torch
from torch import Tensor

from selfpose_mm.registry import MODELS
from .voxel_projector import VoxelProjector

__all__ = ['SafeVoxelProjector']


@MODELS.register_module()
class SafeVoxelProjector(VoxelProjector):
    """:class:`VoxelProjector` that never samples at a NaN position.

    Voxels close to a camera plane (or far outside its field of view)
    project through the lens polynomial to ``inf``; ``inf - inf`` in the
    affine gives NaN, ``clamp`` keeps it, ``grid_sample`` returns NaN and
    the zero view weight does not remove it (``NaN * 0 = NaN``), so one
    such voxel poisons a cube and the 3D network's output. Here such grid
    points are moved outside the heatmap (zero padding) and marked unseen.
    Same output as the parent wherever the parent's is finite.

    Args:
        See :class:`VoxelProjector`.
    """

    def _sampling_grid(self, cam_pts: Tensor, cams: Dict,
                       heatmap_hw: Tuple[int, int]) -> Tuple[Tensor, Tensor]:
        grid, seen = super()._sampling_grid(cam_pts, cams, heatmap_hw)
        ok = torch.isfinite(grid).all(dim=-1)
        if bool(ok.all()):
            return grid, seen
        grid = torch.where(ok[..., None], grid, grid.new_full((), 1.1))
        return grid, seen * ok.to(seen.dtype)
