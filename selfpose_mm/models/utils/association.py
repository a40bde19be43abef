"""Cross-view association of 2D people by epipolar geometry.

Pure helpers of :class:`~selfpose_mm.models.GeometricBaseline`: fundamental
matrices from calibrated cameras, a vectorised person-to-person epipolar
distance over all detection pairs, and greedy average-linkage clustering
with at most one 2D person per view in each cluster.

Note:
    V views, P padded people per view, N = V * P flattened 2D people,
    K joints.
"""
from typing import List, Sequence

import numpy as np
import torch
from torch import Tensor

__all__ = [
    'fundamental_matrices', 'epipolar_distance_matrix', 'cluster_people'
]


def _skew(v: Tensor) -> Tensor:
    """Cross-product matrices ``[v]_x`` of ``(..., 3)`` vectors."""
    zero = torch.zeros_like(v[..., 0])
    x, y, z = v.unbind(-1)
    return torch.stack([
        torch.stack([zero, -z, y], -1),
        torch.stack([z, zero, -x], -1),
        torch.stack([-y, x, zero], -1)
    ], -2)


def fundamental_matrices(K: Tensor, R: Tensor, t: Tensor) -> Tensor:
    """Fundamental matrices between all ordered view pairs.

    ``F[a, b]`` maps a homogeneous pixel ``x_a`` of view ``a`` to its
    epipolar line ``l_b = F[a, b] x_a`` in view ``b`` (``x_b^T l_b = 0``).
    With ``R_ab = R_b R_a^T`` and ``t_ab = t_b - R_ab t_a``,
    ``F = K_b^-T [t_ab]_x R_ab K_a^-1``. The diagonal is zero.

    Args:
        K (Tensor): Intrinsics ``(V, 3, 3)``.
        R (Tensor): World-to-camera rotations ``(V, 3, 3)``.
        t (Tensor): Translations ``(V, 3)`` (any unit).

    Returns:
        Tensor: ``(V, V, 3, 3)``, each normalised to unit Frobenius norm.
    """
    R_ab = R[None] @ R.transpose(-1, -2)[:, None]  # (a, b): R_b R_a^T
    t_ab = t[None] - (R_ab @ t[:, None, :, None]).squeeze(-1)
    K_inv = torch.linalg.inv(K)
    F = K_inv.transpose(-1, -2)[None] @ _skew(t_ab) @ R_ab @ K_inv[:, None]
    norm = F.flatten(-2).norm(dim=-1).clamp_min(1e-12)
    F = F / norm[..., None, None]
    eye = torch.eye(K.shape[0], dtype=torch.bool, device=K.device)
    return F.masked_fill(eye[..., None, None], 0.)


def epipolar_distance_matrix(keypoints: Tensor,
                             views: Tensor,
                             F: Tensor,
                             score_thr: float = 0.3,
                             min_joints: int = 4) -> Tensor:
    """Person-to-person epipolar distance over all pairs of 2D people.

    For every pair of people in different views and every joint confident
    in both, the symmetric point-to-epipolar-line distance (mean of the two
    directions, pixels) is computed; the pair's distance is the median over
    those joints, or ``inf`` with fewer than ``min_joints`` of them or for
    people of the same view.

    Args:
        keypoints (Tensor): ``(N, K, 3)`` as ``(x, y, score)`` in
            undistorted pixels.
        views (Tensor): View index of each person ``(N,)``.
        F (Tensor): ``(V, V, 3, 3)`` from :func:`fundamental_matrices`.
        score_thr (float): Joints need a score above this. Defaults to 0.3.
        min_joints (int): Minimum common confident joints. Defaults to 4.

    Returns:
        Tensor: Symmetric ``(N, N)`` distances in pixels.
    """
    N = keypoints.shape[0]
    if N == 0:
        return keypoints.new_zeros((0, 0))
    xh = torch.cat([keypoints[..., :2],
                    torch.ones_like(keypoints[..., :1])], -1)  # (N, K, 3)
    Fnm = F[views[:, None], views[None, :]]  # (N, N, 3, 3)
    lines_m = torch.einsum('nmij,nkj->nmki', Fnm, xh)  # lines in m's view
    num = (lines_m * xh[None]).sum(-1).abs()  # (N, M, K): x_m . F x_n
    d_in_m = num / lines_m[..., :2].norm(dim=-1).clamp_min(1e-9)
    # the transposed direction: lines of m in n's view are the (m, n) entry
    d_in_n = d_in_m.transpose(0, 1)
    ok = keypoints[..., 2] > score_thr
    common = ok[:, None] & ok[None]
    common &= (views[:, None] != views[None])[..., None]
    dist = ((d_in_m + d_in_n) / 2).masked_fill(~common, float('nan'))
    med = torch.nanquantile(dist, 0.5, dim=-1)
    enough = common.sum(-1) >= min_joints
    return torch.where(enough, med, torch.full_like(med, float('inf')))


def cluster_people(dist: np.ndarray,
                   views: Sequence[int],
                   big: Sequence[bool],
                   threshold: float = 30.) -> List[List[int]]:
    """Greedy average-linkage clustering with one person per view.

    Pairs are visited by increasing distance. Two clusters merge when they
    share no view and the mean distance over their finite cross pairs is
    below ``threshold``. "Big" people (many confident joints) are clustered
    first; in a second pass all people, so small fragments attach to the
    big clusters.

    Args:
        dist (np.ndarray): ``(N, N)`` symmetric distances, ``inf`` = never.
        views (Sequence[int]): View of each person, ``N`` ints.
        big (Sequence[bool]): Whether each person takes part in the first
            pass, ``N`` bools.
        threshold (float): Linkage threshold, pixels. Defaults to 30.

    Returns:
        List[List[int]]: Clusters (person indices) with at least 2 views,
        in order of their smallest member.
    """
    N = len(views)
    label = np.arange(N)
    views = np.asarray(views)
    big = np.asarray(big, dtype=bool)
    iu, ju = np.triu_indices(N, 1)
    d = dist[iu, ju]
    keep = d < threshold
    order = np.argsort(d[keep], kind='stable')
    pairs = np.stack([iu[keep], ju[keep]], 1)[order]
    for first_pass in (True, False):
        for i, j in pairs:
            if first_pass and not (big[i] and big[j]):
                continue
            a, b = label[i], label[j]
            if a == b:
                continue
            ma, mb = label == a, label == b
            if np.intersect1d(views[ma], views[mb]).size:
                continue
            cross = dist[np.ix_(ma, mb)]
            cross = cross[np.isfinite(cross)]
            if cross.size and cross.mean() < threshold:
                label[mb] = a
    clusters = []
    for lab in np.unique(label):
        members = np.flatnonzero(label == lab)
        if np.unique(views[members]).size >= 2:
            clusters.append(members.tolist())
    return sorted(clusters, key=min)
