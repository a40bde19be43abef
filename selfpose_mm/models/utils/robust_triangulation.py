"""Per-joint robust triangulation of associated 2D people, 3D duplicate
merging and NaN-free joint filling.

Note:
    C clusters (3D people), M member 2D people per cluster (padded), Q
    member pairs, K joints, V views.
"""
import warnings
from typing import List, Optional, Sequence, Tuple

import numpy as np
import torch
from torch import Tensor

from selfpose_mm.geometry import triangulate_dlt

__all__ = [
    'ransac_triangulate', 'merge_duplicates', 'hop_distances',
    'fill_missing_joints'
]


def _project(X: Tensor, P: Tensor) -> Tuple[Tensor, Tensor]:
    """Project ``(..., K, 3)`` points with ``(..., 3, 4)`` matrices.

    Returns:
        Tuple[Tensor, Tensor]: Pixels ``(..., K, 2)`` and depths
        ``(..., K)``.
    """
    Xh = torch.cat([X, torch.ones_like(X[..., :1])], -1)
    x = Xh @ P.transpose(-1, -2)
    depth = x[..., 2]
    safe = torch.where(depth.abs() > 1e-9, depth, torch.full_like(depth, 1e-9))
    uv = x[..., :2] / safe.unsqueeze(-1)
    return uv, depth


def _one_per_view(inlier: Tensor, err: Tensor, views: Tensor) -> Tensor:
    """Keep, per view, only the inlier member with the smallest error.

    Args:
        inlier (Tensor): ``(..., M, K)`` booleans.
        err (Tensor): ``(..., M, K)`` reprojection errors.
        views (Tensor): ``(C, M)`` view ids; leading dims of ``inlier``
            start with C (extra dims between C and M broadcast).

    Returns:
        Tensor: The reduced inlier mask, shape of ``inlier``.
    """
    M = views.shape[-1]
    extra = inlier.dim() - 3
    shape = (views.shape[0], ) + (1, ) * extra + (M, M, 1)
    same = (views[:, :, None] == views[:, None, :]).view(shape)
    idx = torch.arange(M, device=views.device)
    earlier = (idx[None, :] < idx[:, None]).view((M, M, 1))
    e_m, e_o = err.unsqueeze(-2), err.unsqueeze(-3)  # m rows, o columns
    beaten = inlier.unsqueeze(-3) & same & ((e_o < e_m) |
                                            ((e_o == e_m) & earlier))
    return inlier & ~beaten.any(-2)


def ransac_triangulate(
        keypoints: Tensor,
        views: Tensor,
        P: Tensor,
        score_thr: float = 0.2,
        inlier_thr: float = 25.,
        refine_steps: int = 1) -> Tuple[Tensor, Tensor, Tensor]:
    """Per-joint consensus triangulation of clusters of 2D people.

    For every cluster and joint, every pair of confident observations from
    different views is triangulated (one batched DLT over all clusters,
    pairs and joints). Each hypothesis counts its inliers: members whose
    observation reprojects within ``inlier_thr`` pixels, in front of the
    camera, at most one per view; ties are broken by the summed confidence.
    The best inlier set is re-solved by confidence-weighted DLT;
    ``refine_steps`` times, inliers that the re-solved point reprojects
    beyond the threshold are dropped and the point re-solved. A joint is
    valid if it has at least two inliers, lies in front of every inlier
    camera and every inlier still reprojects within the threshold.

    Args:
        keypoints (Tensor): Members ``(C, M, K, 3)`` as ``(x, y, score)``,
            undistorted pixels; padding rows have score 0.
        views (Tensor): View id of each member ``(C, M)``, -1 for padding.
        P (Tensor): Projection matrices ``(V, 3, 4)`` (mm to pixels).
        score_thr (float): Observations need a score above this.
            Defaults to 0.2.
        inlier_thr (float): Reprojection threshold, pixels. Defaults to 25.
        refine_steps (int): Inlier-pruning re-solves. Defaults to 1.

    Returns:
        Tuple[Tensor, Tensor, Tensor]: Joints ``(C, K, 3)`` in mm (NaN where
        invalid), validity ``(C, K)`` and the inlier mask ``(C, M, K)``.
    """
    C, M, K, _ = keypoints.shape
    if C == 0 or M < 2:
        X = keypoints.new_full((C, K, 3), float('nan'))
        return (X, X[..., 0] == 0, keypoints.new_zeros((C, M, K),
                                                       dtype=torch.bool))
    Pm = P[views.clamp_min(0)]  # (C, M, 3, 4)
    xy, conf = keypoints[..., :2], keypoints[..., 2]
    obs = (conf > score_thr) & (views >= 0)[..., None]  # (C, M, K)
    ii, jj = torch.triu_indices(M, M, 1, device=keypoints.device)
    pair_ok = obs[:, ii] & obs[:, jj] & (views[:, ii] !=
                                         views[:, jj])[..., None]  # (C,Q,K)
    pts = torch.stack([xy[:, ii], xy[:, jj]], 2)  # (C, Q, 2, K, 2)
    Ppair = torch.stack([Pm[:, ii], Pm[:, jj]], 2)  # (C, Q, 2, 3, 4)
    hyp = triangulate_dlt(pts, Ppair)  # (C, Q, K, 3)
    uv, depth = _project(hyp[:, :, None], Pm[:, None])  # (C, Q, M, K, ...)
    err = (uv - xy[:, None]).norm(dim=-1)
    inl = obs[:, None] & (err < inlier_thr) & (depth > 0)
    inl = _one_per_view(inl, err, views)
    score = inl.sum(2) + 1e-3 * (conf[:, None] * inl).sum(2)  # (C, Q, K)
    score = score.masked_fill(~pair_ok, -1.)
    best = score.argmax(1)  # (C, K)
    gather = best[:, None, None, :].expand(C, 1, M, K)
    inl_best = inl.gather(1, gather).squeeze(1)  # (C, M, K)
    inl_best &= (score.max(1).values >= 2)[:, None]
    for _ in range(refine_steps):  # drop inliers the re-solve pushes out
        X = triangulate_dlt(xy, Pm, conf * inl_best)  # (C, K, 3)
        uv, depth = _project(X[:, None], Pm)  # (C, M, K)
        err = (uv - xy).norm(dim=-1)
        inl_best = inl_best & (err < inlier_thr) & (depth > 0)
    X = triangulate_dlt(xy, Pm, conf * inl_best)
    uv, depth = _project(X[:, None], Pm)
    err = (uv - xy).norm(dim=-1)
    bad = inl_best & ((err >= inlier_thr) | (depth <= 0))
    valid = (inl_best.sum(1) >= 2) & ~bad.any(1)
    X = X.masked_fill(~valid[..., None], float('nan'))
    return X, valid, inl_best & valid[:, None]


def merge_duplicates(X: np.ndarray,
                     valid: np.ndarray,
                     median_thr: float = 200.,
                     close_thr: float = 100.,
                     min_close: int = 3,
                     min_common: int = 3) -> List[List[int]]:
    """Groups of 3D people that are the same person.

    Two people are linked when the median distance over their common valid
    joints (at least ``min_common``) is below ``median_thr``, or when at
    least ``min_close`` common joints are closer than ``close_thr``. Groups
    are the connected components of the links.

    Args:
        X (np.ndarray): Joints ``(C, K, 3)`` in mm.
        valid (np.ndarray): Validity ``(C, K)``.
        median_thr (float): Median distance threshold, mm. Defaults to 200.
        close_thr (float): Close-joint threshold, mm. Defaults to 100.
        min_close (int): Close joints needed. Defaults to 3.
        min_common (int): Common joints needed for the median rule.
            Defaults to 3.

    Returns:
        List[List[int]]: Groups of indices (singletons included), ordered
        by their smallest member.
    """
    C = len(X)
    label = np.arange(C)
    if C < 2:
        return [[i] for i in range(C)]
    common = valid[:, None] & valid[None]
    d = np.linalg.norm(np.nan_to_num(X[:, None] - X[None]), axis=-1)
    d = np.where(common, d, np.nan)
    n_common = common.sum(-1)
    with warnings.catch_warnings():  # all-NaN rows: no common joints
        warnings.simplefilter('ignore', RuntimeWarning)
        med = np.nanmedian(d, axis=-1)
    close = (np.nan_to_num(d, nan=np.inf) < close_thr).sum(-1)
    link = ((n_common >= min_common) & (med < median_thr)) | (close >=
                                                              min_close)
    np.fill_diagonal(link, False)
    for i, j in zip(*np.nonzero(np.triu(link))):
        a, b = label[i], label[j]
        if a != b:
            label[label == b] = a
    groups = [np.flatnonzero(label == lab).tolist()
              for lab in np.unique(label)]
    return sorted(groups, key=min)


def hop_distances(num_joints: int,
                  links: Optional[Sequence[Sequence[int]]]) -> np.ndarray:
    """All-pairs hop counts on the skeleton graph (``inf`` if unreachable).

    Args:
        num_joints (int): K.
        links (Sequence, optional): Joint index pairs; ``None`` = no edges.

    Returns:
        np.ndarray: ``(K, K)`` float hop counts.
    """
    D = np.full((num_joints, num_joints), np.inf)
    np.fill_diagonal(D, 0)
    for a, b in links or ():
        D[a, b] = D[b, a] = 1
    for k in range(num_joints):  # Floyd-Warshall, once per model
        D = np.minimum(D, D[:, k:k + 1] + D[k:k + 1, :])
    return D


def fill_missing_joints(X: Tensor, valid: Tensor, hops: Tensor) -> Tensor:
    """Replace invalid joints so that no output joint is NaN.

    A missing joint takes the mean of the valid joints nearest to it on the
    skeleton graph (e.g. a wrist copies the elbow, a knee the mean of hip
    and ankle); joints with no reachable valid joint take the person's
    centroid. A NaN joint would make the PCP scorer's nearest-prediction
    choice fail the whole frame (``shelf_baseline.md``).

    Args:
        X (Tensor): ``(N, K, 3)``.
        valid (Tensor): ``(N, K)`` booleans; each person needs one valid
            joint.
        hops (Tensor): ``(K, K)`` from :func:`hop_distances`.

    Returns:
        Tensor: ``(N, K, 3)`` without NaN.
    """
    Xz = X.nan_to_num(0.)
    d = hops[None].masked_fill(~valid[:, None, :], float('inf'))  # (N,K,K)
    nearest = (d == d.min(-1, keepdim=True).values) & torch.isfinite(d)
    w = nearest.to(X.dtype)
    filled = (w @ Xz) / w.sum(-1, keepdim=True).clamp_min(1.)
    vw = valid.to(X.dtype)
    centroid = (vw[..., None] * Xz).sum(1) / vw.sum(1, keepdim=True).clamp(1.)
    filled = torch.where(nearest.any(-1, keepdim=True), filled,
                         centroid[:, None].expand_as(filled))
    return torch.where(valid[..., None], Xz, filled)
