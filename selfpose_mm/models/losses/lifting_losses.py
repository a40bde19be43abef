"""Losses of (semi-supervised) temporal lifting, after VideoPose3D."""
from typing import Optional, Sequence, Union

import torch
from torch import Tensor, nn

from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras

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
    ``(X/Z, Y/Z)`` → lens distortion (``'opencv'`` or ``'h36m'`` model)
    and pixels with ``K``, both by the sample's
    :class:`~selfpose_mm.structures.MultiViewCameras` (``(B, 1)``,
    :meth:`~selfpose_mm.structures.MultiViewCameras.project_camera_points`
    of ``(X/Z, Y/Z, 1)``) →
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

    @staticmethod
    def as_cameras(cameras: Union[MultiViewCameras, Tensor],
                   dist: Optional[Tensor] = None,
                   image_size: Optional[Tensor] = None,
                   dist_model: str = 'opencv') -> MultiViewCameras:
        """The ``(B, 1)`` camera structure of a batch.

        Args:
            cameras (MultiViewCameras | Tensor): A ``(B, 1)`` structure
                (one camera-frame view per sample; ``R``/``t`` are not
                used) or, the plain-tensor form, ``K (B, 3, 3)``.
            dist (Tensor, optional): With ``K``: ``(B, 5)``.
            image_size (Tensor, optional): With ``K``: ``(B, 2)`` ``(w,
                h)``.
            dist_model (str): With ``K``: ``'opencv'`` or ``'h36m'``.

        Returns:
            MultiViewCameras: Leading dims ``(B, 1)``, identity extrinsics
            for the tensor form.
        """
        if isinstance(cameras, MultiViewCameras):
            if not cameras.is_batched or cameras.num_views != 1:
                raise ValueError('ReprojectionLoss needs (B, 1) cameras (one '
                                 'view per sample), got batch shape '
                                 f'{cameras.batch_shape}')
            return cameras
        K = cameras
        if dist is None or image_size is None:
            raise ValueError('ReprojectionLoss: with K give dist and '
                             'image_size too (or pass a MultiViewCameras)')
        b = K.shape[0]
        eye = torch.eye(3, dtype=K.dtype, device=K.device).expand(b, 1, 3, 3)
        return MultiViewCameras(
            K=K[:, None], R=eye, t=K.new_zeros(b, 1, 3),
            dist=dist[:, None].to(K), image_size=image_size[:, None].to(K),
            dist_model=dist_model)

    def project(self,
                points: Tensor,
                cameras: Union[MultiViewCameras, Tensor],
                dist: Optional[Tensor] = None,
                image_size: Optional[Tensor] = None,
                dist_model: str = 'opencv') -> Tensor:
        """Camera-frame ``(B, ..., 3)`` → screen units ``(B, ..., 2)``.

        Args:
            points (Tensor): ``(B, ..., 3)`` camera-frame points.
            cameras (MultiViewCameras | Tensor): ``(B, 1)`` structure
                (``K``, ``dist``, ``dist_model`` and ``image_size`` are
                used), or ``K (B, 3, 3)`` with the next three arguments
                (see :meth:`as_cameras`).
            dist (Tensor, optional): ``(B, 5)`` with ``K``.
            image_size (Tensor, optional): ``(B, 2)`` ``(w, h)`` with ``K``.
            dist_model (str): With ``K``.
        """
        cams = self.as_cameras(cameras, dist, image_size, dist_model)
        cams = cams.to(device=points.device, dtype=points.dtype)
        if self.linear:
            cams = cams.without_distortion()
        shape = points.shape
        pts = points.reshape(shape[0], 1, -1, 3)
        xy = pts[..., :2] / pts[..., 2:].clamp(min=self.min_depth)
        if self.clamp_xy is not None:
            xy = xy.clamp(-self.clamp_xy, self.clamp_xy)
        # (X/Z, Y/Z, 1) through the structure: distortion and K
        uv = cams.project_camera_points(
            torch.cat([xy, torch.ones_like(xy[..., :1])], dim=-1))[:, 0]
        size = cams.image_size[:, 0]
        w = size[:, None, 0:1]
        h = size[:, None, 1:2]
        uv = uv / w * 2 - torch.cat([torch.ones_like(h), h / w], dim=-1)
        return uv.reshape(*shape[:-1], 2)

    def forward(self,
                points: Tensor,
                target: Tensor,
                cameras: Union[MultiViewCameras, Tensor],
                dist: Optional[Tensor] = None,
                image_size: Optional[Tensor] = None,
                dist_model: str = 'opencv') -> Tensor:
        """Mean 2D distance; ``points (B, L, K, 3)``, ``target (B, L, K,
        2)``; ``cameras`` a ``(B, 1)`` :class:`MultiViewCameras` (or the
        tensor form of :meth:`project`)."""
        uv = self.project(points, cameras, dist, image_size, dist_model)
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
