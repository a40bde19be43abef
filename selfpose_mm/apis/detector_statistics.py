"""Label-free statistics of a real 2D detector, for the detector emulator.

The synthetic worlds degrade projected poses with
:class:`~selfpose_mm.datasets.transforms.EmulateDetections`. Its defaults
are guesses; this module measures the same quantities on real multi-view
detections **without any label**: the 3D people come from a training-free
multi-view reconstruction of the same detections (e.g. the
``GeometricBaseline``), and every statistic compares each view's detections
with the reprojection of those people.

Per frame (all people, views and joints at once):

1. Every 3D person is projected to every view; a view "sees" it when at
   least half of its joints fall inside the image.
2. Each view's 2D people are matched to the projections by the Hungarian
   method on the median joint distance, gated at ``gate_rel`` x the
   projected box diagonal.
3. Matched pairs give the joint miss rate (joint inside the image, score
   0), the score distribution, outliers (residual above ``outlier_rel`` x
   diagonal, at least ``outlier_min_px``; the emulator draws offsets in
   a square of +-0.25 diagonals, so about 87 % of its outliers pass
   this bar) and
   left/right swaps (the flipped detection fits at least twice as well; a
   swap of a person seen from the side moves little and is not seen, so
   ``swap_prob`` is a lower bound).
4. Unmatched projections are dropped people; unmatched detections with at
   least ``min_fp_joints`` joints are false positives.
5. Noise: each joint is re-triangulated (DLT) from its ``n >= 3`` inlier
   views, and ``sum |r_v|^2 / (2n - 3)`` is an unbiased estimate of the
   per-coordinate variance (``2n`` equations, 3 unknowns). Estimates are
   binned by box diagonal and ``sigma = noise_px + noise_rel * diag`` (the
   emulator's model) is fitted by weighted least squares.

Residuals against a reconstruction made from the same detections are
slightly optimistic for people seen by few views; the ``2n - 3`` correction
removes the bias of the re-triangulation itself.
"""
import warnings
from typing import Dict, Sequence

import numpy as np
import torch
from scipy.optimize import linear_sum_assignment

from selfpose_mm.geometry import (project_points, projection_matrix,
                                  triangulate_dlt, undistort_points)
from selfpose_mm.structures import MultiViewCameras

__all__ = ['DetectorStatistics', 'fit_noise_model']


def fit_noise_model(diag: np.ndarray, var: np.ndarray,
                    num_bins: int = 6) -> Dict[str, float]:
    """Fit ``sigma = a + b * diag`` to per-joint variance estimates.

    Args:
        diag (np.ndarray): Box diagonals ``(N,)`` in pixels.
        var (np.ndarray): Unbiased per-coordinate variance estimates
            ``(N,)`` in px^2.
        num_bins (int): Quantile bins of ``diag``. Defaults to 6.

    Returns:
        dict: ``noise_px`` (a), ``noise_rel`` (b), both clipped at 0, and
        the bins' ``diag`` / ``sigma`` / ``count``.
    """
    diag, var = np.asarray(diag, float), np.asarray(var, float)
    if len(diag) < 2 * num_bins:
        raise ValueError(f'fit_noise_model: {len(diag)} estimates are too '
                         f'few for {num_bins} bins')
    edges = np.quantile(diag, np.linspace(0, 1, num_bins + 1))
    idx = np.clip(np.searchsorted(edges, diag, side='right') - 1, 0,
                  num_bins - 1)
    count = np.bincount(idx, minlength=num_bins).astype(float)
    keep = count > 0
    d = np.bincount(idx, diag, num_bins)[keep] / count[keep]
    s = np.sqrt(np.bincount(idx, var, num_bins)[keep] / count[keep])
    w = count[keep]
    A = np.stack([np.ones_like(d), d], 1) * np.sqrt(w)[:, None]
    a, b = np.linalg.lstsq(A, s * np.sqrt(w), rcond=None)[0]
    if b < 0:  # no growth with size: a constant
        a, b = float(np.average(s, weights=w)), 0.
    elif a < 0:  # proportional to size
        a, b = 0., float((w * d * s).sum() / (w * d * d).sum())
    return dict(noise_px=float(a), noise_rel=float(b), bins_diag=d.tolist(),
                bins_sigma=s.tolist(), bins_count=w.astype(int).tolist())


class DetectorStatistics:
    """Accumulate detector statistics over frames, then :meth:`summary`.

    Args:
        flip_indices (Sequence[int]): Left/right permutation of the joints.
        gate_rel (float): Matching gate in box diagonals. Defaults to 0.2.
        outlier_rel (float): Outlier residual in box diagonals. Defaults
            to 0.1.
        outlier_min_px (float): Smallest outlier residual. Defaults to 20.
        min_fp_joints (int): Joints of an unmatched detection to count as a
            false positive. Defaults to 5.
    """

    def __init__(self,
                 flip_indices: Sequence[int],
                 gate_rel: float = 0.2,
                 outlier_rel: float = 0.1,
                 outlier_min_px: float = 20.,
                 min_fp_joints: int = 5) -> None:
        self.flip = np.asarray(flip_indices, int)
        self.gate_rel = gate_rel
        self.outlier_rel = outlier_rel
        self.outlier_min_px = outlier_min_px
        self.min_fp_joints = min_fp_joints
        self.n = dict(frames=0, views=0, seen=0, matched=0, fp=0,
                      joints_inside=0, joints_missed=0, joints_detected=0,
                      outliers=0, swaps=0)
        self.scores = []
        self.noise_diag = []
        self.noise_var = []

    def add(self, keypoints_2d: np.ndarray, scores: np.ndarray,
            poses_3d: np.ndarray, cameras: MultiViewCameras,
            image_size: np.ndarray) -> None:
        """Add one frame.

        Args:
            keypoints_2d (np.ndarray): Detections ``(V, P, K, 2)`` px.
            scores (np.ndarray): Their scores ``(V, P, K)``; 0 = missing.
            poses_3d (np.ndarray): Reconstructed people ``(N, K, 3)`` mm;
                NaN marks an unknown joint.
            cameras (MultiViewCameras): The frame's ``(V,)`` cameras (a
                data sample's ``cameras``).
            image_size (np.ndarray): ``(V, 2)`` width, height.
        """
        kp = np.asarray(keypoints_2d, float)
        sc = np.asarray(scores, float)
        X = np.asarray(poses_3d, float)
        V, P, K = sc.shape
        self.n['frames'] += 1
        self.n['views'] += V
        det_people = (sc > 0).sum(-1) >= self.min_fp_joints  # (V, P)
        if len(X) == 0:
            self.n['fp'] += int(det_people.sum())
            return
        N = len(X)
        valid3d = np.isfinite(X).all(-1)  # (N, K)
        Xf = np.where(valid3d[..., None], X, 0.)
        if not isinstance(cameras, MultiViewCameras):
            raise TypeError('DetectorStatistics.add: cameras must be a '
                            f'MultiViewCameras (V,), got '
                            f'{type(cameras).__name__}')
        cp = {n: getattr(cameras, n).detach().cpu().numpy()
              for n in ('K', 'R', 't', 'dist')}
        dist_model = cameras.dist_model
        uv = project_points(
            np.broadcast_to(Xf.reshape(1, N * K, 3), (V, N * K, 3)),
            cp['K'], cp['R'], cp['t'], cp['dist'],
            dist_model).reshape(V, N, K, 2)
        size = np.asarray(image_size, float)[:, None, None]
        inside = ((uv >= 0) & (uv < size)).all(-1) & valid3d[None]
        seen = inside.sum(-1) >= 0.5 * valid3d.sum(-1)[None]  # (V, N)
        lo = np.where(inside[..., None], uv, np.inf).min(2)
        hi = np.where(inside[..., None], uv, -np.inf).max(2)
        diag = np.linalg.norm(hi - lo, axis=-1)  # (V, N)
        diag = np.where(np.isfinite(diag), diag, 0.)
        # (V, N, P, K) distances of joints valid on both sides
        d = np.linalg.norm(uv[:, :, None] - kp[:, None], axis=-1)
        both = inside[:, :, None] & (sc[:, None] > 0)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', RuntimeWarning)
            med = np.nanmedian(np.where(both, d, np.nan), -1)
        enough = both.sum(-1) >= 3
        cost = np.where(enough & seen[..., None], med, np.inf)
        gate = self.gate_rel * diag[..., None]
        match = np.full((V, N), -1)
        for v in range(V):  # one small assignment per view
            c = np.where(cost[v] < gate[v], cost[v], 1e9)
            rows, cols = linear_sum_assignment(c)
            ok = c[rows, cols] < 1e9
            match[v, rows[ok]] = cols[ok]
        self.n['seen'] += int(seen.sum())
        self.n['matched'] += int((match >= 0).sum())
        matched_det = np.zeros((V, P), bool)
        vv, nn = np.nonzero(match >= 0)
        matched_det[vv, match[vv, nn]] = True
        self.n['fp'] += int((det_people & ~matched_det).sum())
        if len(vv) == 0:
            return
        pp = match[vv, nn]
        m_uv, m_in = uv[vv, nn], inside[vv, nn]  # (M, K, 2), (M, K)
        m_kp, m_sc = kp[vv, pp], sc[vv, pp]
        m_diag = diag[vv, nn]
        det = m_in & (m_sc > 0)
        self.n['joints_inside'] += int(m_in.sum())
        self.n['joints_missed'] += int((m_in & (m_sc <= 0)).sum())
        self.n['joints_detected'] += int(det.sum())
        res = np.linalg.norm(m_kp - m_uv, axis=-1)  # (M, K)
        thr = np.maximum(self.outlier_rel * m_diag, self.outlier_min_px)
        flipped = np.linalg.norm(m_kp[:, self.flip] - m_uv, axis=-1)
        fdet = det & (m_sc[:, self.flip] > 0)
        with np.errstate(all='ignore'), warnings.catch_warnings():
            warnings.simplefilter('ignore', RuntimeWarning)
            med_o = np.nanmedian(np.where(fdet, res, np.nan), -1)
            med_f = np.nanmedian(np.where(fdet, flipped, np.nan), -1)
        swap = (fdet.sum(-1) >= 4) & (med_f < 0.5 * med_o) & \
            (med_o > thr)
        self.n['swaps'] += int(swap.sum())
        # a swapped person's joints are judged in their swapped place
        res = np.where(swap[:, None], flipped, res)
        outlier = det & (res > thr[:, None])
        self.n['outliers'] += int(outlier.sum())
        self.scores.append(m_sc[det & ~outlier])
        self._noise(vv, nn, m_kp, det & ~outlier & ~swap[:, None], m_diag,
                    cp, dist_model, V, N, K)

    def _noise(self, vv, nn, m_kp, use, m_diag, cp, dist_model, V, N,
               K) -> None:
        """Re-triangulate every joint from its inlier views (batched)."""
        pts = np.zeros((N, V, K, 2))
        w = np.zeros((N, V, K))
        dg = np.zeros((N, V))
        und = undistort_points(m_kp, cp['K'][vv], cp['dist'][vv],
                               dist_model=dist_model)
        pts[nn, vv] = und
        w[nn, vv] = use
        dg[nn, vv] = m_diag
        Pm = projection_matrix(cp['K'], cp['R'],
                               np.asarray(cp['t']).reshape(V, 3))
        X = triangulate_dlt(torch.as_tensor(pts), torch.as_tensor(Pm),
                            torch.as_tensor(w)).numpy()  # (N, K, 3)
        re = project_points(
            np.broadcast_to(X.reshape(1, N * K, 3), (V, N * K, 3)),
            cp['K'], cp['R'], cp['t'], cp['dist'],
            dist_model).reshape(V, N, K, 2).transpose(1, 0, 2, 3)
        obs = np.zeros((N, V, K, 2))
        obs[nn, vv] = m_kp
        r2 = (((re - obs)**2).sum(-1) * w).sum(1)  # (N, K)
        n = w.sum(1)
        ok = n >= 3
        var = r2[ok] / (2 * n[ok] - 3)
        d = ((dg[..., None] * w).sum(1) / np.maximum(n, 1))[ok]
        self.noise_var.append(var)
        self.noise_diag.append(d)

    def summary(self) -> Dict[str, float]:
        """The emulator's parameters and the counts behind them."""
        n = self.n
        if n['matched'] == 0:
            raise ValueError('DetectorStatistics: no detection matched a '
                             'reconstructed person; are the cameras and '
                             'the detections in the same frame and units?')
        sc = np.concatenate(self.scores)
        out = fit_noise_model(np.concatenate(self.noise_diag),
                              np.concatenate(self.noise_var))
        out.update(
            outlier_prob=n['outliers'] / max(n['joints_detected'], 1),
            swap_prob=n['swaps'] / n['matched'],
            miss_joint_prob=n['joints_missed'] / max(n['joints_inside'], 1),
            drop_person_prob=1. - n['matched'] / max(n['seen'], 1),
            false_positive_rate=n['fp'] / max(n['views'], 1),
            score_mean=float(sc.mean()),
            score_std=float(sc.std()),
            counts=dict(n))
        return out

    @staticmethod
    def emulator_kwargs(summary: Dict[str, float],
                        digits: int = 3) -> Dict[str, float]:
        """The ``EmulateDetections`` keyword arguments of a summary."""
        keys = ('noise_px', 'noise_rel', 'outlier_prob', 'swap_prob',
                'miss_joint_prob', 'drop_person_prob',
                'false_positive_rate', 'score_mean', 'score_std')
        return {k: round(float(summary[k]), digits) for k in keys}
