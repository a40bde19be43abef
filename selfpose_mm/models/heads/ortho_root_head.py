"""Root head on a bird's-eye-view plane plus z-columns (Faster VoxelPose
HDN), a drop-in for :class:`VoxelRootHead`."""
from typing import Dict, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import Tensor

from selfpose_mm.models.utils.compute_precision import run_net
from selfpose_mm.models.utils.plane_ops import (gaussian_line_target,
                                                gaussian_plane_target,
                                                nms_topk_2d)
from selfpose_mm.models.utils.voxel_ops import voxel_index_to_world
from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import ConfigType, LossDict

__all__ = ['OrthoRootHead', 'refine_peak']


def refine_peak(values: Tensor, index: Tensor) -> Tensor:
    """Sub-cell peak offsets from a 3-point parabola along the last dim.

    Args:
        values (Tensor): ``(N, L)`` scores.
        index (Tensor): ``(N,)`` integer peak positions.

    Returns:
        Tensor: ``(N,)`` offsets in cells, in [-0.5, 0.5] (0 at the ends
        or where the parabola is not concave).
    """
    n = values.shape[-1]
    lo = (index - 1).clamp(min=0)
    hi = (index + 1).clamp(max=n - 1)
    f0 = values.gather(-1, lo[:, None])[:, 0]
    f1 = values.gather(-1, index[:, None])[:, 0]
    f2 = values.gather(-1, hi[:, None])[:, 0]
    curv = f0 - 2. * f1 + f2
    off = 0.5 * (f0 - f2) / curv.clamp(max=-1e-12)
    inside = (index > 0) & (index < n - 1) & (curv < 0) & \
        torch.isfinite(off)
    return torch.where(inside, off.clamp(-0.5, 0.5), torch.zeros_like(off))


@MODELS.register_module()
class OrthoRootHead(BaseModule):
    """Propose person centres from a top view and per-proposal columns.

    The projected root space ``(B, C, X, Y, Z)`` is max-projected along z
    to a bird's-eye view ``(B, C, X, Y)``; a 2D hourglass (``net2d``,
    C -> 1) scores it. Decoding keeps 3x3 local maxima, takes the top
    ``max_num`` cells, and runs a 1D hourglass (``net1d``, C -> 1) on each
    proposal's column ``(C, Z)`` of the space to place it in height.
    Centres are refined to sub-cell precision by a 3-point parabola per
    axis (the reference's offset branch was removed, #26, which leaves its
    centres quantised to the grid). ``conf = top-view peak * column peak``
    (reference), valid when above ``score_threshold``.

    Training (``loss``): MSE of the top view against 2D Gaussians
    (``target_sigma`` mm) at the GT roots, and MSE of the columns at the
    GT roots' cells against 1D Gaussians at their heights. The reference
    trains the 1D net on the matched proposals' columns; the GT cells are
    the ones those proposals converge to and need no matching.

    The output of :meth:`forward` is a dict, ``bev (B, X, Y)`` and the
    input ``volume`` (the columns are read from it), which the estimators
    pass back to :meth:`decode` and :meth:`loss` unchanged.

    Args:
        net2d (dict): 2D network, e.g. ``PlaneHourglass(C, 1)``.
        net1d (dict): 1D network, e.g. ``PlaneHourglass(C, 1, dims=1)``.
        space_size, space_center, cube_shape, input_joints, max_num,
            nms_kernel, score_threshold, target_sigma: As
            :class:`VoxelRootHead`; X and Y must divide by the 2D net's
            divisor and Z by the 1D net's.
        loss (dict): Loss called as ``loss(pred, target)``. Defaults to
            mmpose's ``MSELoss``.
        weight_1d (float): Weight of the column loss relative to the top
            view's. Defaults to 1.
        channels_last (bool): Run the 2D net on channels-last tensors.
            Defaults to False (no gain measured at these widths).
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 net2d: ConfigType,
                 net1d: ConfigType,
                 space_size: Sequence[float] = (8000., 8000., 2000.),
                 space_center: Sequence[float] = (0., -500., 800.),
                 cube_shape: Sequence[int] = (80, 80, 20),
                 input_joints: Optional[Sequence[int]] = None,
                 max_num: int = 10,
                 nms_kernel: int = 3,
                 score_threshold: float = 0.3,
                 target_sigma: float = 200.,
                 loss: ConfigType = dict(type='MSELoss'),
                 weight_1d: float = 1.,
                 channels_last: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.space_size = tuple(float(s) for s in space_size)
        self.space_center = tuple(float(c) for c in space_center)
        self.cube_shape = tuple(int(n) for n in cube_shape)
        if len(self.cube_shape) != 3 or len(self.space_size) != 3:
            raise ValueError('OrthoRootHead: space_size and cube_shape need '
                             'three entries (x, y, z)')
        self.input_joints = (None if input_joints is None else
                             [int(j) for j in input_joints])
        self.max_num = int(max_num)
        self.nms_kernel = int(nms_kernel)
        self.score_threshold = float(score_threshold)
        self.target_sigma = float(target_sigma)
        self.weight_1d = float(weight_1d)
        self.channels_last = bool(channels_last)
        #: network precision; set by the estimator's ``compute_dtype``
        self.compute_dtype: Optional[torch.dtype] = None
        self.net2d = MODELS.build(net2d)
        self.net1d = MODELS.build(net1d)
        self.loss_module = MODELS.build(loss)
        for name, net, sizes in (('net2d', self.net2d, self.cube_shape[:2]),
                                 ('net1d', self.net1d, self.cube_shape[2:])):
            div = getattr(net, 'divisor', 1)
            if any(n % div for n in sizes):
                raise ValueError(
                    f'OrthoRootHead.cube_shape={self.cube_shape}: {name} '
                    f'needs {"X, Y" if name == "net2d" else "Z"} divisible '
                    f'by {div}')

    def select_channels(self, heatmaps: Tensor) -> Tensor:
        """Keep the channels the root net sees: ``(B, V, C', H, W)``."""
        if self.input_joints is None:
            return heatmaps
        return heatmaps[:, :, self.input_joints]

    def forward(self, space: Tensor) -> Dict[str, Tensor]:
        """``(B, C, X, Y, Z)`` space -> ``bev (B, X, Y)`` and the space."""
        top = space.amax(dim=-1)
        bev = run_net(self.net2d, top, self.compute_dtype,
                      self.channels_last)
        return dict(bev=bev[:, 0], volume=space)

    def _columns(self, volume: Tensor, bi: Tensor, ix: Tensor,
                 iy: Tensor) -> Tensor:
        """1D scores ``(N, Z)`` of the columns ``volume[bi, :, ix, iy]``."""
        cols = volume.permute(0, 2, 3, 1, 4)[bi, ix, iy]  # (N, C, Z)
        return run_net(self.net1d, cols, self.compute_dtype)[:, 0]

    def _cell(self, d: int, value: Tensor) -> Tensor:
        """World mm -> nearest cell index along axis d (clamped)."""
        n, s, c = self.cube_shape[d], self.space_size[d], \
            self.space_center[d]
        idx = torch.round((value - c + s / 2.) / s * (n - 1))
        return idx.clamp(0, n - 1).long()

    @torch.no_grad()
    def decode(self, out: Dict[str, Tensor]) -> Dict[str, Tensor]:
        """NMS + top-k on the top view, heights from the columns.

        Returns:
            dict: ``centers (B, N, 3)`` mm, ``scores (B, N)`` (sorted by
            the top-view score; ``-inf`` beyond the local maxima) and
            ``valid (B, N)`` bool.
        """
        bev = out['bev'].detach()
        b, nx, ny = bev.shape
        peak, idx = nms_topk_2d(bev, self.max_num, self.nms_kernel)
        n = peak.shape[1]
        bi = torch.arange(b, device=bev.device).repeat_interleave(n)
        ix, iy = idx[..., 0].reshape(-1), idx[..., 1].reshape(-1)
        col = self._columns(out['volume'].detach(), bi, ix, iy)  # (BN, Z)
        zpeak, iz = col.max(dim=-1)
        fx = ix.to(bev.dtype) + refine_peak(bev[bi, :, iy], ix)
        fy = iy.to(bev.dtype) + refine_peak(bev[bi, ix, :], iy)
        fz = iz.to(bev.dtype) + refine_peak(col, iz)
        centers = voxel_index_to_world(
            torch.stack([fx, fy, fz], -1), self.space_size, self.cube_shape,
            self.space_center)
        scores = peak * zpeak.reshape(b, n)
        scores = torch.where(torch.isfinite(peak), scores, peak)
        return dict(
            centers=centers.reshape(b, n, 3).to(bev.dtype),
            scores=scores,
            valid=scores > self.score_threshold)

    def targets(self, roots: Tensor,
                mask: Tensor) -> Tuple[Tensor, Tensor, Tuple[Tensor, ...]]:
        """Top-view target ``(B, X, Y)``, column targets ``(M, Z)`` and the
        GT cells ``(bi, ix, iy)`` of the M masked roots."""
        bev_t = gaussian_plane_target(roots[..., :2], mask,
                                      self.space_size[:2],
                                      self.cube_shape[:2],
                                      self.space_center[:2],
                                      self.target_sigma)
        bi, mi = mask.nonzero(as_tuple=True)
        r = roots[bi, mi]
        cells = (bi, self._cell(0, r[:, 0]), self._cell(1, r[:, 1]))
        col_t = gaussian_line_target(r[:, 2:], torch.ones_like(r[:, 2:],
                                                               dtype=bool),
                                     self.space_size[2], self.cube_shape[2],
                                     self.space_center[2], self.target_sigma)
        return bev_t, col_t, cells

    def _column_loss(self, volume: Tensor, cells: Tuple[Tensor, ...],
                     col_t: Tensor) -> Tensor:
        """MSE of the GT cells' columns against their 1D targets."""
        if cells[0].numel() == 0:  # keep the 1D net in the graph (DDP)
            return sum(p.sum() for p in self.net1d.parameters()) * 0.
        return F.mse_loss(self._columns(volume, *cells), col_t)

    def loss_terms(self, out: Dict[str, Tensor], roots: Tensor,
                   mask: Tensor) -> Tuple[Tensor, Tensor]:
        """Per-sample top-view MSE ``(B,)`` and the column MSE (scalar),
        unweighted."""
        bev = out['bev']
        bev_t, col_t, cells = self.targets(roots.to(bev), mask)
        per = F.mse_loss(bev, bev_t, reduction='none').flatten(1).mean(1)
        return per, self._column_loss(out['volume'], cells, col_t)

    def loss(self, out: Dict[str, Tensor], roots: Tensor,
             mask: Tensor) -> LossDict:
        """Supervised root losses.

        Args:
            out (dict): :meth:`forward` output.
            roots (Tensor): ``(B, M, 3)`` GT roots in mm (padded).
            mask (Tensor): ``(B, M)`` bool, real roots.

        Returns:
            dict: ``loss_root`` (top view, through ``loss``) and
            ``loss_root_z`` (columns, scaled by the loss module's
            ``loss_weight`` and ``weight_1d``).
        """
        bev = out['bev']
        bev_t, col_t, cells = self.targets(roots.to(bev), mask)
        w = float(getattr(self.loss_module, 'loss_weight', 1.))
        return dict(
            loss_root=self.loss_module(bev, bev_t),
            loss_root_z=w * self.weight_1d *
            self._column_loss(out['volume'], cells, col_t))
