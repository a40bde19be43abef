"""Multi-view self-supervised lifting objective (no 3D labels).

Each view's predicted root-relative 3D pose is placed at the root,
moved into every other view by the known relative camera motion and
projected (with lens distortion) into that view. Three terms compare the
projections:

- ``loss_mv_self``: view i's pose projected into view i vs view i's 2D;
- ``loss_mv_cross``: view i's pose projected into view j != i vs view j's
  2D;
- ``loss_mv_consistency``: in every view j, the projections of the poses
  predicted from two different views i < i' vs each other.

All are mean 2D joint distances (visibility weighted), each divided by a
per-(sample, target view) scale so they are unit-free and comparable
across datasets, image sizes and subject distances.

The cameras come as one :class:`~selfpose_mm.structures.MultiViewCameras`
``(B, V)`` (the stack of the data samples' ``cameras``); projection,
undistortion and the pinhole matrices go through its methods.
"""
from typing import Dict, Optional

import torch
from torch import Tensor, nn

from selfpose_mm.geometry import triangulate_dlt
from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras

__all__ = ['MultiViewConsistencyLoss', 'triangulate_root']


def triangulate_root(keypoints_2d: Tensor,
                     cameras: MultiViewCameras,
                     root_index: int = 0,
                     visible: Optional[Tensor] = None) -> Tensor:
    """World position of the root joint from its V calibrated 2D views.

    The root's pixels are undistorted and triangulated by linear DLT with
    the pinhole ``K [R | t]`` (no 3D label is involved). Not
    differentiated: it is data, not a prediction.

    Args:
        keypoints_2d (Tensor): ``(B, V, K, 2)`` original-image pixels.
        cameras (MultiViewCameras): ``(B, V)`` calibrated cameras
            (world→camera, mm, with distortion).
        root_index (int): Root joint.
        visible (Tensor, optional): ``(B, V, K)`` weights.

    Returns:
        Tensor: ``(B, 3)`` world mm.
    """
    with torch.no_grad():
        root = keypoints_2d[:, :, root_index:root_index + 1]  # (B, V, 1, 2)
        und = cameras.undistort(root)
        P = cameras.projection_matrices  # (B, V, 3, 4)
        w = None if visible is None else \
            visible[:, :, root_index:root_index + 1]
        return triangulate_dlt(und, P, w)[:, 0]


@MODELS.register_module()
class MultiViewConsistencyLoss(nn.Module):
    """Reconstruction and cross-view consistency of multi-view lifting.

    **Root handling.** The network predicts *root-relative* camera-frame
    joints (root joint forced to 0 by the caller). The absolute placement
    needed for projection comes from the root joint triangulated from the
    V views' 2D (:func:`triangulate_root`, no 3D label), or from
    ``root_world`` when given. Consequently the metric scale is pinned by
    the calibrated cameras (a pose scaled by s about the correct root no
    longer reprojects), so predictions are in real mm and P1 is
    meaningful; P2 (Procrustes) would be unaffected by any residual scale.

    **Normalisation** (``normalize``): pixel residuals in target view j are
    divided by

    - ``'pose'``: the RMS distance of view j's observed joints from their
      centroid (the 2D pose size, detached), so 0.05 means 5 % of the
      subject's image size whatever the resolution or distance;
    - ``'focal'``: ``fx`` of view j (residuals in normalised image units,
      about metric error / depth);
    - ``'none'``: raw pixels.

    Note:
        - B: batch, V: views, K: joints.

    Args:
        self_weight (float): Weight of ``loss_mv_self``. Defaults to 1.
        cross_weight (float): Weight of ``loss_mv_cross``. Defaults to 1.
        consistency_weight (float): Weight of ``loss_mv_consistency``.
            Defaults to 1.
        normalize (str): ``'pose'``, ``'focal'`` or ``'none'``.
        root_index (int): Root joint. Defaults to 0.
        min_depth (float): Depths (mm) are clamped to at least this before
            the perspective division, so wild early predictions cannot
            cross the image plane. Defaults to 100.
        max_normalized (float): Normalised image coordinates ``x/z, y/z``
            are clamped to ``[-max_normalized, max_normalized]`` before the
            distortion polynomial (which explodes far outside the field of
            view; its gradient there is meaningless). 1.0 = 45 degrees off
            the optical axis, beyond the HumanEva/H36M images (about 0.47).
            Defaults to 1.
    """

    NORMALIZE = ('pose', 'focal', 'none')

    def __init__(self,
                 self_weight: float = 1.,
                 cross_weight: float = 1.,
                 consistency_weight: float = 1.,
                 normalize: str = 'pose',
                 root_index: int = 0,
                 min_depth: float = 100.,
                 max_normalized: float = 1.) -> None:
        super().__init__()
        if normalize not in self.NORMALIZE:
            raise ValueError(f'normalize must be one of {self.NORMALIZE}, '
                             f'got {normalize!r}')
        self.self_weight = self_weight
        self.cross_weight = cross_weight
        self.consistency_weight = consistency_weight
        self.normalize = normalize
        self.root_index = root_index
        self.min_depth = min_depth
        self.max_normalized = max_normalized

    @staticmethod
    def _wmean(err: Tensor, w: Tensor) -> Tensor:
        return (err * w).sum() / w.sum().clamp(min=1e-6)

    def _scale(self, kp: Tensor, vis: Tensor, K: Tensor) -> Tensor:
        """(B, V) divisor of the pixel residuals of each target view."""
        if self.normalize == 'none':
            return kp.new_ones(kp.shape[:2])
        if self.normalize == 'focal':
            return K[..., 0, 0]
        w = vis[..., None]
        mean = (kp * w).sum(-2, keepdim=True) / w.sum(-2, keepdim=True).clamp(
            min=1e-6)
        var = (((kp - mean)**2).sum(-1) * vis).sum(-1) / vis.sum(-1).clamp(
            min=1e-6)
        return var.sqrt().clamp(min=1e-3).detach()

    def project_all(self,
                    pose_rel: Tensor,
                    root_world: Tensor,
                    cameras: MultiViewCameras) -> Tensor:
        """Project every view's pose into every view.

        Args:
            pose_rel (Tensor): ``(B, V, K, 3)`` root-relative mm, camera
                axes of the input view.
            root_world (Tensor): ``(B, 3)`` world mm.
            cameras (MultiViewCameras): ``(B, V)`` (world→camera, mm).

        Returns:
            Tensor: ``(B, V_src, V_tgt, K, 2)`` pixels.
        """
        R, t = cameras.R, cameras.t
        root_cam = (R @ root_world[:, None, :, None])[..., 0] + t  # (B,V,3)
        pose_abs = pose_rel + root_cam[:, :, None]
        # relative motion i -> j: R_ij = R_j R_i^T, t_ij = t_j - R_ij t_i
        R_ij = R[:, None] @ R[:, :, None].transpose(-1, -2)  # (B,Vi,Vj,3,3)
        t_ij = t[:, None] - (R_ij @ t[:, :, None, :, None])[..., 0]
        X = pose_abs[:, :, None] @ R_ij.transpose(-1, -2) + t_ij[..., None, :]
        # guard the perspective division and the distortion polynomial
        # (wild early predictions): depth >= min_depth, |x/z|, |y/z| <=
        # max_normalized (exact for everything inside the field of view)
        z = X[..., 2:].clamp(min=self.min_depth)
        xy = (X[..., :2] / z).clamp(-self.max_normalized,
                                    self.max_normalized)
        # target view j on the structure's V axis: (B, Vj, Vi * K, 3)
        b, vi, vj, k = X.shape[:4]
        pts = torch.cat([xy, torch.ones_like(z)], -1).transpose(1, 2)
        uv = cameras.project_camera_points(pts.reshape(b, vj, vi * k, 3))
        return uv.reshape(b, vj, vi, k, 2).transpose(1, 2)

    def forward(self,
                pose_rel: Tensor,
                keypoints_2d: Tensor,
                cameras: MultiViewCameras,
                visible: Optional[Tensor] = None,
                root_world: Optional[Tensor] = None) -> Dict[str, Tensor]:
        """Loss terms.

        Args:
            pose_rel (Tensor): ``(B, V, K, 3)`` predicted root-relative
                camera-frame mm (the root joint is re-zeroed here).
            keypoints_2d (Tensor): ``(B, V, K, 2)`` observed pixels.
            cameras (MultiViewCameras): ``(B, V)`` calibrated cameras
                (world→camera, mm; converted to ``pose_rel``'s dtype and
                device).
            visible (Tensor, optional): ``(B, V, K)`` 2D weights.
            root_world (Tensor, optional): ``(B, 3)`` world root in mm;
                None triangulates it from ``keypoints_2d``.

        Returns:
            dict: ``loss_mv_self``, ``loss_mv_cross``,
            ``loss_mv_consistency`` (weighted) and ``mv_reproj_px`` (cross
            residual in pixels, a logged extra).
        """
        if pose_rel.dim() != 4 or pose_rel.shape[-1] != 3:
            raise ValueError(f'pose_rel must be (B, V, K, 3), got '
                             f'{tuple(pose_rel.shape)}')
        b, v, k, _ = pose_rel.shape
        if v < 2:
            raise ValueError('the multi-view loss needs >= 2 views')
        kp = keypoints_2d.to(pose_rel)
        if not isinstance(cameras, MultiViewCameras):
            raise TypeError(f'cameras must be a MultiViewCameras (B, V), '
                            f'got {type(cameras).__name__}')
        if cameras.batch_shape != (b, v):
            raise ValueError(f'cameras have batch_shape '
                             f'{cameras.batch_shape}, expected {(b, v)}')
        cams = cameras.to(pose_rel)
        vis = kp.new_ones(b, v, k) if visible is None else visible.to(kp)
        r = self.root_index
        pose_rel = pose_rel - pose_rel[:, :, r:r + 1]
        if root_world is None:
            root_world = triangulate_root(kp, cams, r, vis)
        proj = self.project_all(pose_rel, root_world.to(kp),
                                cams)  # (B, Vi, Vj, K, 2)
        scale = self._scale(kp, vis, cams.K)  # (B, Vj)
        res = (proj - kp[:, None]).norm(dim=-1)  # (B, Vi, Vj, K)
        w_rec = vis[:, :, None] * vis[:, None]  # input i and target j
        eye = torch.eye(v, dtype=torch.bool, device=kp.device)
        w_self = w_rec * eye[None, :, :, None]
        w_cross = w_rec * (~eye)[None, :, :, None]
        norm_res = res / scale[:, None, :, None]
        ii, jj = torch.triu_indices(v, v, 1, device=kp.device)
        diff = (proj[:, ii] - proj[:, jj]).norm(dim=-1)  # (B, P, Vj, K)
        w_con = (vis[:, ii] * vis[:, jj])[:, :, None] * vis[:, None]
        with torch.no_grad():
            px = self._wmean(res, w_cross)
        return dict(
            loss_mv_self=self.self_weight * self._wmean(norm_res, w_self),
            loss_mv_cross=self.cross_weight * self._wmean(norm_res, w_cross),
            loss_mv_consistency=self.consistency_weight * self._wmean(
                diff / scale[:, None, :, None], w_con),
            mv_reproj_px=px)
