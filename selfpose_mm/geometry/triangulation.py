"""Batched, differentiable, confidence-weighted DLT triangulation.

All 3D quantities are in millimetres, 2D in pixels. Projection matrices
``P = K [R | t]`` are the distortion-free part of a camera: undistort the
2D points first (:func:`~selfpose_mm.geometry.camera.undistort_points`)
when the lenses have distortion.
"""
from typing import Optional, Union

import numpy as np
import torch
from torch import Tensor

__all__ = ['triangulate_dlt', 'triangulate_points_np', 'reprojection_error']

ArrayLike = Union[Tensor, np.ndarray]


def _normalise_views(P: Tensor, eps: float):
    """Per-view normalisation ``T`` derived from ``P`` itself.

    From ``M M^T = lambda^2 K K^T`` (``M = P[:, :3]``) we recover the
    principal point ``c`` and a mean focal length ``f``; ``T`` maps pixels
    to ``((u - cx) / f, (v - cy) / f)``. This is Hartley's isotropic 2D
    normalisation (centre near the points, unit spread) without relying on
    the data, so it also works for K = 1 joint or views with zero weight.

    Returns:
        ``(cx, cy, f)`` each ``(..., V)`` and ``P_n = T P / lambda``.
    """
    M = P[..., :3]
    MMt = M @ M.transpose(-1, -2)
    lam2 = MMt[..., 2, 2].clamp_min(eps)
    cx = MMt[..., 0, 2] / lam2
    cy = MMt[..., 1, 2] / lam2
    f2 = 0.5 * (MMt[..., 0, 0] + MMt[..., 1, 1]) / lam2 - 0.5 * (
        cx * cx + cy * cy)
    f = f2.clamp_min(eps).sqrt()
    lam = lam2.sqrt()
    p1 = (P[..., 0, :] - cx[..., None] * P[..., 2, :]) / f[..., None]
    p2 = (P[..., 1, :] - cy[..., None] * P[..., 2, :]) / f[..., None]
    Pn = torch.stack([p1, p2, P[..., 2, :]], dim=-2) / lam[..., None, None]
    return cx, cy, f, Pn


def _normalise_world(Pn: Tensor, eps: float):
    """Similarity ``X = s X' + c`` centred on the camera rig.

    ``c`` is the mean camera centre and ``s`` the RMS distance of the
    centres from it, so homogeneous coordinates are O(1) for points inside
    the rig (Hartley's 3D normalisation, again without data).
    """
    M, p4 = Pn[..., :3], Pn[..., 3]
    centers = torch.linalg.solve(M, -p4.unsqueeze(-1)).squeeze(-1)
    c = centers.mean(dim=-2)  # (..., 3)
    s = (centers - c.unsqueeze(-2)).square().sum(-1).mean(-1).sqrt()
    s = s.clamp_min(eps)
    P_col = s[..., None, None, None] * M
    p_last = (M @ c.unsqueeze(-2).unsqueeze(-1)).squeeze(-1) + p4
    return c, s, torch.cat([P_col, p_last.unsqueeze(-1)], dim=-1)


def triangulate_dlt(points2d: Tensor,
                    proj_matrices: Tensor,
                    weights: Optional[Tensor] = None,
                    eps: float = 1e-12) -> Tensor:
    """Confidence-weighted linear (DLT) triangulation, batched.

    For every point the rows ``w_v (x p3 - p1)`` and ``w_v (y p3 - p2)``
    of all views are stacked into ``A`` and ``X`` is the eigenvector of
    ``A^T A`` with the smallest eigenvalue. For conditioning each view is
    first normalised (pixels -> approx. normalised camera coordinates, P
    rescaled to match) and the world is re-centred on the camera rig and
    rescaled; the solution is mapped back, so noise-free input is
    reproduced exactly. All ``(..., K)`` 4x4 systems are solved by one
    batched ``torch.linalg.eigh``, which is differentiable as long as the
    two smallest eigenvalues differ (i.e. at least two non-degenerate
    weighted views).

    A weight of zero removes a view for that point. Points with fewer than
    two positively weighted views are ill-posed: they are returned at the
    mean camera centre with zero gradient (mask them with
    ``(weights > 0).sum(-2) >= 2``).

    Args:
        points2d: 2D points ``(..., V, K, 2)`` in pixels (undistorted).
        proj_matrices: Projection matrices ``(..., V, 3, 4)`` mapping
            homogeneous mm to pixels; leading dims broadcast with
            ``points2d``'s.
        weights: Non-negative confidences ``(..., V, K)`` or None (all
            ones). Rows are multiplied by the weight (not its square root).
        eps: Floor for divisions (degenerate matrices / points at
            infinity).

    Returns:
        3D points ``(..., K, 3)`` in mm, dtype and device of ``points2d``.
    """
    if points2d.dim() < 3 or points2d.shape[-1] != 2:
        raise ValueError(f'points2d must be (..., V, K, 2), got '
                         f'{tuple(points2d.shape)}')
    P = torch.as_tensor(
        proj_matrices, dtype=points2d.dtype, device=points2d.device)
    if P.dim() < 3 or tuple(P.shape[-2:]) != (3, 4):
        raise ValueError(f'proj_matrices must be (..., V, 3, 4), got '
                         f'{tuple(P.shape)}')
    V = points2d.shape[-3]
    if P.shape[-3] != V:
        raise ValueError(f'points2d has {V} views but proj_matrices has '
                         f'{P.shape[-3]}')
    if V < 2:
        raise ValueError('triangulation needs at least 2 views')
    if weights is None:
        weights = points2d.new_ones(points2d.shape[:-1])
    else:
        weights = torch.as_tensor(
            weights, dtype=points2d.dtype, device=points2d.device)
        if weights.shape[-2:] != points2d.shape[-3:-1]:
            raise ValueError(f'weights must be (..., V, K) = '
                             f'{tuple(points2d.shape[:-1])}, got '
                             f'{tuple(weights.shape)}')

    cx, cy, f, Pn = _normalise_views(P, eps)
    c, s, Pnn = _normalise_world(Pn, eps)
    # normalised 2D points (..., V, K)
    xn = (points2d[..., 0] - cx[..., None]) / f[..., None]
    yn = (points2d[..., 1] - cy[..., None]) / f[..., None]
    p1, p2, p3 = (Pnn[..., i, None, :] for i in range(3))  # (..., V, 1, 4)
    w = weights[..., None]
    r1 = w * (xn[..., None] * p3 - p1)  # (..., V, K, 4)
    r2 = w * (yn[..., None] * p3 - p2)
    AtA = (r1.unsqueeze(-1) * r1.unsqueeze(-2) +
           r2.unsqueeze(-1) * r2.unsqueeze(-2)).sum(dim=-4)  # (..., K,4,4)
    trace = AtA.diagonal(dim1=-2, dim2=-1).sum(-1)
    AtA = AtA / trace.clamp_min(eps)[..., None, None]

    valid = (weights > 0).sum(dim=-2) >= 2  # (..., K)
    fallback = torch.diag(
        torch.tensor([4.0, 3.0, 2.0, 1.0], dtype=AtA.dtype, device=AtA.device))
    AtA = torch.where(valid[..., None, None], AtA, fallback)
    # AtA squares the condition number: its smallest eigenvector is solved
    # in float64 (4x4 per point, cheap), which keeps float32 inputs
    # sub-0.05 mm instead of depending on the LAPACK build's float32 path
    _, evecs = torch.linalg.eigh(AtA.double())
    Xh = evecs[..., :, 0].to(AtA.dtype)  # (..., K, 4)
    wh = Xh[..., 3:]
    sign = torch.where(wh < 0, -torch.ones_like(wh), torch.ones_like(wh))
    wh = torch.where(wh.abs() < eps, sign * eps, wh)
    X = Xh[..., :3] / wh
    return s[..., None, None] * X + c.unsqueeze(-2)


def triangulate_points_np(points2d: np.ndarray,
                          proj_matrices: np.ndarray,
                          weights: Optional[np.ndarray] = None) -> np.ndarray:
    """NumPy convenience wrapper of :func:`triangulate_dlt` (float64).

    Args:
        points2d: ``(..., V, K, 2)`` pixels (e.g. ``(V, K, 2)``).
        proj_matrices: ``(..., V, 3, 4)``.
        weights: ``(..., V, K)`` or None.

    Returns:
        ``(..., K, 3)`` mm as a float64 array.
    """
    pts = torch.as_tensor(np.asarray(points2d, dtype=np.float64))
    P = torch.as_tensor(np.asarray(proj_matrices, dtype=np.float64))
    w = None if weights is None else torch.as_tensor(
        np.asarray(weights, dtype=np.float64))
    return triangulate_dlt(pts, P, w).numpy()


def reprojection_error(points3d: ArrayLike, points2d: ArrayLike,
                       proj_matrices: ArrayLike) -> ArrayLike:
    """Pixel distance between projected 3D points and observed 2D points.

    Args:
        points3d: 3D points ``(..., K, 3)`` in mm.
        points2d: Observations ``(..., V, K, 2)`` in pixels.
        proj_matrices: ``(..., V, 3, 4)``.

    Returns:
        Errors ``(..., V, K)`` in pixels (NumPy in, NumPy out).
    """
    is_np = not isinstance(points3d, Tensor)
    X = torch.as_tensor(np.asarray(points3d,
                                   dtype=np.float64)) if is_np else points3d
    x = torch.as_tensor(points2d, dtype=X.dtype, device=X.device)
    P = torch.as_tensor(proj_matrices, dtype=X.dtype, device=X.device)
    Xh = torch.cat([X, torch.ones_like(X[..., :1])], dim=-1)
    proj = Xh.unsqueeze(-3) @ P.transpose(-1, -2)  # (..., V, K, 3)
    uv = proj[..., :2] / proj[..., 2:]
    err = (uv - x).norm(dim=-1)
    return err.numpy() if is_np else err
