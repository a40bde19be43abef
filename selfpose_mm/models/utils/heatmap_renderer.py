"""Differentiable 2D Gaussian heatmap rendering of projected 3D joints.

SelfPose3d's render-and-compare: 3D joints are projected into every view
(full pinhole + lens distortion, then the view's 2x3 input affine and the
input -> heatmap scale), and drawn as isotropic Gaussians at their
continuous heatmap positions (no rounding). The renderer is separable and
fully batched: ``exp(-((u - x)² + (v - y)²) / 2σ²)`` is the outer product
of a row and a column Gaussian, so people are summed with one ``einsum``
and no ``(N, H, W)`` stack per person is ever built.

Note:
    Shape symbols: B batch, N people (candidates), V views, K joints,
    H/W heatmap size.
"""
from typing import Optional, Sequence, Tuple

import torch
from torch import Tensor, nn

from selfpose_mm.geometry import project_points
from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras

__all__ = ['DifferentiableHeatmapRenderer', 'project_to_heatmap',
           'gaussian_heatmaps']


def project_to_heatmap(points: Tensor, cams: MultiViewCameras,
                       heatmap_size: Sequence[int],
                       min_depth: float = 1.,
                       max_ratio: float = 3.) -> Tuple[Tensor, Tensor]:
    """World points ``(B, N, P, 3)`` -> heatmap pixels in every view.

    Args:
        points (Tensor): ``(B, N, P, 3)`` world points in mm.
        cams (MultiViewCameras): ``(B, V)`` cameras (``batch_cameras``),
            with ``affine`` mapping original to network-input pixels and
            ``input_size`` ``(W, H)``.
        heatmap_size (Sequence[int]): Heatmap ``(W, H)``.
        min_depth (float): Points closer to the camera plane (mm) are
            flagged as not in front of it. Defaults to 1.
        max_ratio (float): Points with ``|x / z|`` or ``|y / z|`` above it
            (far outside any field of view) are flagged too. Defaults to 3.

    Returns:
        tuple: ``uv (B, N, V, P, 2)`` heatmap pixels (differentiable) and
        ``front (B, N, V, P)`` bool (in front of the camera, in its field of
        view); flagged points sit on the optical axis.
    """
    # one more leading axis (people) than the structure's (B, V)
    R = cams.R[:, None]  # (B, 1, V, 3, 3)
    t = cams.t[:, None, :, None, :]  # (B, 1, V, 1, 3)
    cam_pts = points[:, :, None] @ R.transpose(-1, -2) + t  # (B,N,V,P,3)
    z = cam_pts[..., 2:]
    # in front of the camera and within a wide field of view (the lens
    # polynomial overflows far outside it); other points are replaced by
    # the optical axis (finite, no gradient) and flagged
    front = (z[..., 0] > min_depth) & (
        cam_pts[..., :2].abs() < max_ratio * z.clamp(min=min_depth)).all(-1)
    safe = cam_pts.new_tensor([0., 0., 1.])
    cam_pts = torch.where(front[..., None], cam_pts, safe)
    dist = cams.dist[:, None] if cams.has_distortion else None
    uv = project_points(cam_pts, cams.K[:, None], dist=dist,
                        dist_model=cams.dist_model)
    in_w, in_h = cams.input_size
    scale = uv.new_tensor([heatmap_size[0] / in_w, heatmap_size[1] / in_h])
    A = cams.affine[:, None]  # (B, 1, V, 2, 3)
    uv = (uv @ A[..., :2].transpose(-1, -2) + A[..., None, :, 2]) * scale
    return uv, front


def gaussian_heatmaps(points: Tensor,
                      weights: Tensor,
                      heatmap_size: Sequence[int],
                      sigma: float,
                      reduce: str = 'sum') -> Tensor:
    """Render ``(B, N, V, K, 2)`` points as ``(B, V, K, H, W)`` heatmaps.

    Args:
        points (Tensor): ``(B, N, V, K, 2)`` positions in heatmap pixels
            (pixel ``k`` is at coordinate ``k``).
        weights (Tensor): ``(B, N, V, K)`` peak values (0 = not drawn).
        heatmap_size (Sequence[int]): ``(W, H)``.
        sigma (float): Gaussian std in heatmap pixels.
        reduce (str): ``'sum'`` (SelfPose3d's renderer: sum over people,
            then clip to [0, 1]; differentiable) or ``'max'`` (the pseudo
            target recipe: max over people).

    Returns:
        Tensor: ``(B, V, K, H, W)`` heatmaps in [0, 1].
    """
    w, h = int(heatmap_size[0]), int(heatmap_size[1])
    xs = torch.arange(w, device=points.device, dtype=points.dtype)
    ys = torch.arange(h, device=points.device, dtype=points.dtype)
    s2 = 2. * float(sigma)**2
    pts = torch.nan_to_num(points, nan=-1e4).clamp(-1e4, 1e4)
    gx = torch.exp(-(xs - pts[..., :1]).square() / s2)  # (B,N,V,K,W)
    gy = torch.exp(-(ys - pts[..., 1:]).square() / s2)  # (B,N,V,K,H)
    gy = gy * weights[..., None].to(gy.dtype)
    b, _, v, k = weights.shape
    if points.shape[1] == 0:
        return points.new_zeros((b, v, k, h, w))
    if reduce == 'sum':
        out = torch.einsum('bnvkh,bnvkw->bvkhw', gy, gx)
    elif reduce == 'max':
        out = (gy[..., :, None] * gx[..., None, :]).amax(dim=1)
    else:
        raise ValueError(f'reduce must be "sum" or "max", got {reduce!r}')
    return out.clamp(0., 1.)


@MODELS.register_module()
class DifferentiableHeatmapRenderer(nn.Module):
    """Render 3D joints into every view as 2D Gaussian heatmaps.

    Gradients flow from the heatmaps to the 3D joints (through the
    Gaussians, the affine and the camera model). Joints behind a camera
    are not drawn in that view; otherwise there is no visibility masking
    (SelfPose3d: off-image joints simply vanish).

    Args:
        sigma (float): Gaussian std in heatmap pixels. Defaults to 3
            (SelfPose3d's hard-coded value).
        min_depth (float): Depth (mm) below which a joint counts as behind
            the camera. Defaults to 1.
    """

    def __init__(self, sigma: float = 3., min_depth: float = 1.) -> None:
        super().__init__()
        if sigma <= 0:
            raise ValueError(f'DifferentiableHeatmapRenderer: sigma must be '
                             f'> 0, got {sigma}')
        self.sigma = float(sigma)
        self.min_depth = float(min_depth)

    def project(self, joints: Tensor, cams: MultiViewCameras,
                heatmap_size: Sequence[int]) -> Tuple[Tensor, Tensor]:
        """``(B, N, K, 3)`` joints -> ``uv (B, N, V, K, 2)`` heatmap px and
        ``front (B, N, V, K)``; see :func:`project_to_heatmap`."""
        return project_to_heatmap(joints, cams, heatmap_size, self.min_depth)

    def forward(self,
                joints: Tensor,
                cams: MultiViewCameras,
                heatmap_size: Sequence[int],
                mask: Optional[Tensor] = None,
                sigma: Optional[float] = None) -> Tensor:
        """Render people ``(B, N, K, 3)`` into ``(B, V, K, H, W)``.

        Args:
            joints (Tensor): ``(B, N, K, 3)`` world joints in mm.
            cams (MultiViewCameras): ``(B, V)`` cameras.
            heatmap_size (Sequence[int]): ``(W, H)``.
            mask (Tensor, optional): ``(B, N)`` which people exist.
            sigma (float, optional): Overrides ``self.sigma``.

        Returns:
            Tensor: ``(B, V, K, H, W)``, people summed and clipped to [0, 1].
        """
        uv, front = self.project(joints, cams, heatmap_size)
        weights = front.to(joints.dtype)
        if mask is not None:
            weights = weights * mask[:, :, None, None].to(joints.dtype)
        return gaussian_heatmaps(uv, weights, heatmap_size,
                                 sigma or self.sigma, 'sum')
