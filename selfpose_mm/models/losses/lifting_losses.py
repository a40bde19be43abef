"""Losses of (semi-supervised) temporal lifting, after VideoPose3D."""
from typing import Optional, Sequence

import torch
from torch import Tensor, nn

from selfpose_mm.geometry import distort_points
from selfpose_mm.registry import MODELS

__all__ = ['WeightedMPJPELoss', 'ReprojectionLoss', 'BoneLengthLoss']


@MODELS.register_module()
class WeightedMPJPELoss(nn.Module):
    """``mean(w * ||pred - target||)`` over all leading dims.

    With ``w = 1 / z_root`` this is VideoPose3D's trajectory loss; with
    ``w = None`` (or all ones) it is plain MPJPE.

    Args:
        loss_weight (float): Multiplier. Defaults to 1.
    """

    def __init__(self, loss_weight: float = 1.) -> None:
        super().__init__()
        self.loss_weight = loss_weight

    def forward(self,
                pred: Tensor,
                target: Tensor,
                weight: Optional[Tensor] = None) -> Tensor:
        """pred/target ``(..., K, D)``; weight broadcastable to ``(..., K)``.
        """
        err = torch.norm(pred - target, dim=-1)
        if weight is not None:
            err = err * weight
        return err.mean() * self.loss_weight


@MODELS.register_module()
class ReprojectionLoss(nn.Module):
    """2D MPJPE between projected 3D and 2D keypoints in screen units.

    Back-projection of VideoPose3D's semi-supervised training, through the
    real camera **with distortion**: camera-frame 3D (model units) →
    ``(X/Z, Y/Z)`` → lens distortion (``'opencv'`` or ``'h36m'`` model,
    :func:`selfpose_mm.geometry.distort_points`) → pixels with ``K`` →
    screen-normalised ``x / w * 2 - [1, h / w]``, the same units as the 2D
    input. As VideoPose3D, ``X/Z`` is clamped to ``[-1, 1]`` (keeps the
    distortion polynomial in range for wild early predictions) and depth
    to ``>= min_depth`` (guards z <= 0, which VideoPose3D does not).

    Args:
        loss_weight (float): Multiplier. Defaults to 1.
        min_depth (float): Depth clamp, model units. Defaults to 0.1.
        clamp_xy (float, optional): Clamp of ``|X/Z|``; None disables.
            Defaults to 1 (VideoPose3D).
        linear (bool): Ignore distortion (``--linear-projection``).
    """

    def __init__(self,
                 loss_weight: float = 1.,
                 min_depth: float = 0.1,
                 clamp_xy: Optional[float] = 1.,
                 linear: bool = False) -> None:
        super().__init__()
        self.loss_weight = loss_weight
        self.min_depth = min_depth
        self.clamp_xy = clamp_xy
        self.linear = linear

    def project(self, points: Tensor, K: Tensor, dist: Tensor,
                image_size: Tensor, dist_model: str = 'opencv') -> Tensor:
        """Camera-frame ``(B, ..., 3)`` → screen units ``(B, ..., 2)``.

        Args:
            points (Tensor): ``(B, ..., 3)``.
            K (Tensor): ``(B, 3, 3)`` pixel intrinsics.
            dist (Tensor): ``(B, 5)`` ``(k1, k2, p1, p2, k3)``.
            image_size (Tensor): ``(B, 2)`` ``(w, h)``.
            dist_model (str): ``'opencv'`` or ``'h36m'``.
        """
        shape = points.shape
        pts = points.reshape(shape[0], -1, 3)
        xy = pts[..., :2] / pts[..., 2:].clamp(min=self.min_depth)
        if self.clamp_xy is not None:
            xy = xy.clamp(-self.clamp_xy, self.clamp_xy)
        if self.linear:
            dist = torch.zeros_like(dist)
        uv = distort_points(
            xy, K, dist, normalized=True, dist_model=dist_model)
        w = image_size[:, None, 0:1]
        h = image_size[:, None, 1:2]
        uv = uv / w * 2 - torch.cat([torch.ones_like(h), h / w], dim=-1)
        return uv.reshape(*shape[:-1], 2)

    def forward(self,
                points: Tensor,
                target: Tensor,
                K: Tensor,
                dist: Tensor,
                image_size: Tensor,
                dist_model: str = 'opencv') -> Tensor:
        """Mean 2D distance; ``points (B, L, K, 3)``, ``target (B, L, K,
        2)``."""
        uv = self.project(points, K, dist, image_size, dist_model)
        return torch.norm(uv - target, dim=-1).mean() * self.loss_weight


@MODELS.register_module()
class BoneLengthLoss(nn.Module):
    """L1 between the batch-mean bone lengths of two sets of poses.

    VideoPose3D's semi-supervised bone term: bone lengths of the labelled
    predictions (the reference) and the unlabelled ones, each averaged over
    batch and time, compared per bone; zero when the means coincide.

    Args:
        parents (Sequence[int]): Parent of each joint, ``-1`` for the root.
        loss_weight (float): Multiplier. Defaults to 1.
    """

    def __init__(self, parents: Sequence[int],
                 loss_weight: float = 1.) -> None:
        super().__init__()
        parents = list(parents)
        self.child = [j for j, p in enumerate(parents) if p >= 0]
        self.parent = [parents[j] for j in self.child]
        if not self.child:
            raise ValueError('parents defines no bone')
        self.loss_weight = loss_weight

    def bone_lengths(self, poses: Tensor) -> Tensor:
        """``(..., K, 3)`` → ``(..., num_bones)``."""
        return torch.norm(
            poses[..., self.child, :] - poses[..., self.parent, :], dim=-1)

    def forward(self, poses_ref: Tensor, poses: Tensor) -> Tensor:
        """``(B1, L, K, 3)`` and ``(B2, L, K, 3)`` → scalar."""
        ref = self.bone_lengths(poses_ref).reshape(-1, len(self.child))
        cur = self.bone_lengths(poses).reshape(-1, len(self.child))
        return (ref.mean(0) - cur.mean(0)).abs().mean() * self.loss_weight
