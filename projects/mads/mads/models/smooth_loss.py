"""Smooth keypoint MSE (learnable-triangulation / CDRNet recipe)."""
from typing import Optional

import torch
from torch import Tensor, nn

from selfpose_mm.registry import MODELS

__all__ = ['SmoothKeypointMSELoss']


@MODELS.register_module()
class SmoothKeypointMSELoss(nn.Module):
    """Element-wise squared error whose large values grow only as ``d^a``.

    For every coordinate ``d = (scale * (pred - target))^2``; values above
    ``threshold`` are replaced by ``d^alpha * threshold^(1 - alpha)``, which
    is continuous at the threshold. The result is averaged over the
    coordinates of the joints with a positive weight (masked joints give
    exactly zero loss and zero gradient, also where the prediction is not
    finite). With the recipe's values, ``threshold=400`` is 20 px per
    coordinate in 2D, and 20 cm with ``scale=0.1`` on millimetres in 3D.

    Args:
        threshold (float): Squared-error threshold. Defaults to 400.
        alpha (float): Exponent above the threshold. Defaults to 0.1.
        scale (float): Factor applied to both inputs (e.g. 0.1 mm -> cm).
            Defaults to 1.
        loss_weight (float): Final multiplier. Defaults to 1.
    """

    def __init__(self,
                 threshold: float = 400.,
                 alpha: float = 0.1,
                 scale: float = 1.,
                 loss_weight: float = 1.) -> None:
        super().__init__()
        if threshold <= 0:
            raise ValueError(f'threshold must be > 0, got {threshold}')
        self.threshold = threshold
        self.alpha = alpha
        self.scale = scale
        self.loss_weight = loss_weight

    def forward(self,
                pred: Tensor,
                target: Tensor,
                weight: Optional[Tensor] = None) -> Tensor:
        """Compute the loss.

        Args:
            pred: Predicted keypoints ``(..., K, D)``.
            target: Ground truth ``(..., K, D)``.
            weight: Joint weights ``(..., K)``; None means all ones. Only
                ``weight > 0`` selects joints; the value also scales them.

        Returns:
            Scalar loss.
        """
        if weight is None:
            weight = pred.new_ones(pred.shape[:-1])
        valid = (weight > 0)[..., None].expand_as(pred)
        diff = (pred - target) * self.scale
        diff = torch.where(valid, diff, torch.zeros_like(diff))
        d = diff.square() * weight[..., None]
        thr = self.threshold
        big = d > thr
        d_safe = torch.where(big, d, torch.full_like(d, thr))
        smooth = d_safe.pow(self.alpha) * thr**(1 - self.alpha)
        d = torch.where(big, smooth, d)
        count = valid.sum().clamp_min(1)
        return self.loss_weight * d.sum() / count

    def extra_repr(self) -> str:
        return (f'threshold={self.threshold}, alpha={self.alpha}, '
                f'scale={self.scale}, loss_weight={self.loss_weight}')
