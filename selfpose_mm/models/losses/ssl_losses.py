"""SelfPose3d's self-supervised losses (render-and-compare side).

* :class:`AttentionHeatmapLoss`: ``mean((T - R)² A) + w mean((A - 1)²)``
  (adaptive supervision attention; plain MSE without attention).
* :class:`MatchedL1Loss`: identity-free 2D joint L1 between the projected
  3D poses and the per-view pseudo 2D poses, Hungarian-matched per view and
  sample on detached costs; optionally the worst (view, sample) entry is
  dropped as an outlier.

Note:
    Shape symbols: B batch, V views, N predicted people, T pseudo people,
    K joints, H/W heatmap size.
"""
from typing import Optional, Sequence, Tuple

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment
from torch import Tensor, nn

from selfpose_mm.registry import MODELS

__all__ = ['AttentionHeatmapLoss', 'MatchedL1Loss']


@MODELS.register_module()
class AttentionHeatmapLoss(nn.Module):
    """Attention-weighted heatmap MSE with the attention regulariser.

    Per element the objective is ``A · e + reg_weight · (A - 1)²`` with
    ``e = (T - R)²``, minimised at ``A* = 1 - e / (2 reg_weight)``: pixels
    whose pseudo label the model cannot explain get a low weight.

    Args:
        reg_weight (float): Weight of ``mean((A - 1)²)``. Defaults to 0.1
            (SelfPose3d ``ATTN_WEIGHT``).
        loss_weight (float): Weight of the heatmap term. Defaults to 1.
    """

    def __init__(self, reg_weight: float = 0.1,
                 loss_weight: float = 1.) -> None:
        super().__init__()
        self.reg_weight = float(reg_weight)
        self.loss_weight = float(loss_weight)

    def forward(self, rendered: Tensor, target: Tensor,
                attention: Optional[Tensor] = None
                ) -> Tuple[Tensor, Optional[Tensor]]:
        """Heatmap term and regulariser (``None`` without attention).

        Args:
            rendered (Tensor): ``(B, V, K, H, W)`` rendered heatmaps.
            target (Tensor): ``(B, V, K, H, W)`` pseudo targets.
            attention (Tensor, optional): ``(B, V, K, H, W)`` in (0, 1).

        Returns:
            tuple: ``(loss_heatmap, loss_reg)``.
        """
        err = (target - rendered).square()
        if attention is None:
            return self.loss_weight * err.mean(), None
        loss = self.loss_weight * (err * attention).mean()
        reg = self.reg_weight * (attention - 1.).square().mean()
        return loss, reg


@MODELS.register_module()
class MatchedL1Loss(nn.Module):
    """Hungarian-matched 2D L1 between projected and pseudo 2D poses.

    Coordinates are divided by the heatmap ``(W, H)``. For each view and
    sample, ``cost[t, n] = mean_{k, xy} |p_n - q_t| · vis_t`` over pseudo
    people ``t`` and predicted people ``n``; the assignment is solved on
    the detached cost (``scipy.optimize.linear_sum_assignment``) and the
    matched costs are summed. Entries without pseudo or predicted people
    are skipped; with ``drop_worst`` the largest remaining entry is
    dropped (SelfPose3d ``L1_ATTN``), the rest are averaged.

    Args:
        drop_worst (bool): Drop the worst (view, sample). Defaults to True.
        loss_weight (float): Defaults to 0.01 (SelfPose3d ``L1_WEIGHT``).
    """

    def __init__(self, drop_worst: bool = True,
                 loss_weight: float = 0.01) -> None:
        super().__init__()
        self.drop_worst = bool(drop_worst)
        self.loss_weight = float(loss_weight)

    def forward(self, pred: Tensor, pred_mask: Tensor, target: Tensor,
                target_vis: Tensor, size: Sequence[float]) -> Tensor:
        """Matched L1.

        Args:
            pred (Tensor): ``(B, N, V, K, 2)`` projected joints (px).
            pred_mask (Tensor): ``(B, N)`` bool, real predictions.
            target (Tensor): ``(B, V, T, K, 2)`` pseudo joints (px).
            target_vis (Tensor): ``(B, V, T, K)`` pseudo visibility.
            size (Sequence[float]): ``(W, H)`` normaliser.

        Returns:
            Tensor: Scalar loss (zero, still in the graph, when nothing
            matches).
        """
        norm = pred.new_tensor([float(size[0]), float(size[1])])
        p = (pred / norm).permute(0, 2, 1, 3, 4)  # (B, V, N, K, 2)
        q = target.to(pred.dtype) / norm
        vis = target_vis.to(pred.dtype)
        diff = (p[:, :, None] - q[:, :, :, None]).abs()  # (B,V,T,N,K,2)
        cost = (diff * vis[:, :, :, None, :, None]).mean(dim=(-1, -2))
        has_t = vis.sum(-1) > 0  # (B, V, T)
        c_np = cost.detach().cpu().numpy()
        ht = has_t.cpu().numpy()
        pm = pred_mask.cpu().numpy()
        rows, bv_index, entries = [], [], []
        b_, v_ = c_np.shape[:2]
        for i in range(b_ * v_):  # tiny assignment problems (scipy)
            b, v = divmod(i, v_)
            ti, ni = np.nonzero(ht[b, v])[0], np.nonzero(pm[b])[0]
            if len(ti) == 0 or len(ni) == 0:
                continue
            r, c = linear_sum_assignment(c_np[b, v][np.ix_(ti, ni)])
            rows.append(np.stack([np.full(len(r), b), np.full(len(r), v),
                                  ti[r], ni[c]]))
            bv_index.append(np.full(len(r), len(entries)))
            entries.append(i)
        if not entries:
            return cost.sum() * 0.
        idx = torch.as_tensor(np.concatenate(rows, 1), device=cost.device)
        matched = cost[idx[0], idx[1], idx[2], idx[3]]
        seg = torch.as_tensor(np.concatenate(bv_index), device=cost.device)
        per = matched.new_zeros(len(entries)).index_add(0, seg, matched)
        if self.drop_worst and per.numel() > 1:
            keep = torch.ones_like(per, dtype=torch.bool)
            keep[per.detach().argmax()] = False
            per = per[keep]
        return self.loss_weight * per.mean()
