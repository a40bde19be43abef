"""Emulate a 2D pose detector's errors on projected 2D poses."""
from typing import Dict, Sequence, Tuple

import numpy as np
from mmcv.transforms import BaseTransform

from selfpose_mm.registry import TRANSFORMS
from ..camera_utils import results_cameras

__all__ = ['EmulateDetections']

#: Left/right swap of the Panoptic-15 joints (VoxelPose FLIP_LR_JOINTS15).
PANOPTIC15_FLIP = (0, 1, 2, 9, 10, 11, 12, 13, 14, 3, 4, 5, 6, 7, 8)
#: Limbs of the Panoptic-15 skeleton plus torso diagonals: the segments
#: that occlude joints of people behind them.
PANOPTIC15_OCCLUDERS = ((0, 1), (0, 2), (0, 3), (3, 4), (4, 5), (0, 9),
                        (9, 10), (10, 11), (2, 6), (2, 12), (6, 7), (7, 8),
                        (12, 13), (13, 14), (3, 12), (9, 6), (3, 6),
                        (9, 12))
#: A mean standing 2D skeleton (x right, y down, units of body height,
#: origin at the mid-hip) for false positives.
_TEMPLATE = np.array([[0., -0.30], [0.02, -0.40], [0., 0.], [0.11, -0.29],
                      [0.14, -0.13], [0.15, 0.02], [0.06, 0.], [0.07, 0.25],
                      [0.07, 0.49], [-0.11, -0.29], [-0.14, -0.13],
                      [-0.15, 0.02], [-0.06, 0.], [-0.07, 0.25],
                      [-0.07, 0.49]])


@TRANSFORMS.register_module()
class EmulateDetections(BaseTransform):
    """Turn exact 2D poses into detector-like 2D poses with scores.

    All effects act per view and are drawn from a generator seeded by the
    sample (``results['sample_seed']``, set by the datasets from their
    ``seed`` and the index), so a sample is reproducible. In order:

    1. **occlusion**: a joint that lies, in 2D, within ``limb_radius`` (mm,
       converted to pixels at the occluder's depth) of a limb of another
       person who is closer to the camera (by ``occlusion_margin`` mm) is
       occluded: its score is multiplied by ``occlusion_score`` and its
       noise by ``occlusion_noise``. Needs ``keypoints_depth``
       (:class:`ProjectPoses`);
    2. **noise**: Gaussian, std ``noise_px + noise_rel * d`` pixels, where
       ``d`` is the diagonal of the person's 2D box in that view;
    3. **outliers**: with ``outlier_prob`` a joint jumps by up to
       ``outlier_rel * d`` and gets a score in ``outlier_score``;
    4. **left/right swaps** of a whole person with ``swap_prob``;
    5. **missed joints** (score 0) with ``miss_joint_prob``; joints outside
       the image or not annotated keep score 0;
    6. **dropped people** (all scores 0) with ``drop_person_prob``;
    7. **false positives**: ``Poisson(false_positive_rate)`` ghost people
       per view, each a fragment (a random ``fp_keep`` fraction of the
       joints) of a jittered template skeleton ``fp_height`` pixels tall,
       placed uniformly in the image, scores in ``fp_score``.

    Visible joints get a score ``N(score_mean, score_std)`` clipped to
    [0.05, 1]. False positives are appended as extra people with
    zero-score padding, so ``M' = M + max_v #FP_v``.

    Required Keys:
        - keypoints_2d (V, M, K, 2) original pixels
        - keypoints_2d_scores (V, M, K) (0 = not visible)
        - cameras (``MultiViewCameras`` ``(V,)``: image sizes and focal
          lengths)
        - keypoints_depth (V, M, K) (optional, enables occlusion)
        - sample_seed (optional, int)

    Modified Keys:
        - keypoints_2d (V, M', K, 2), keypoints_2d_scores (V, M', K)

    Args:
        noise_px (float): Base noise std in pixels. Defaults to 2.
        noise_rel (float): Noise std per pixel of box diagonal. Defaults to
            0.01.
        outlier_prob (float): Per-joint outlier probability. Defaults to
            0.02.
        outlier_rel (float): Maximum outlier offset in box diagonals.
            Defaults to 0.25.
        outlier_score (tuple): Score range of outliers. Defaults to
            ``(0.1, 0.6)``.
        swap_prob (float): Per-person left/right swap probability.
            Defaults to 0.02.
        miss_joint_prob (float): Per-joint miss probability. Defaults to
            0.05.
        drop_person_prob (float): Per-(view, person) drop probability.
            Defaults to 0.05.
        false_positive_rate (float): Mean false positives per view.
            Defaults to 0.3.
        fp_keep (tuple): Range of the kept joint fraction of a false
            positive. Defaults to ``(0.3, 1.0)``.
        fp_height (tuple): Height range of false positives in pixels.
            Defaults to ``(150, 500)``.
        fp_score (tuple): Score range of false positives. Defaults to
            ``(0.1, 0.6)``.
        occlusion (bool): Enable the depth-tested occlusion. Defaults to
            True.
        limb_radius (float): Occluder limb radius in mm. Defaults to 80.
        occlusion_margin (float): Depth margin in mm. Defaults to 100.
        occlusion_score (float): Score factor of occluded joints. Defaults
            to 0.3.
        occlusion_noise (float): Noise factor of occluded joints. Defaults
            to 3.
        score_mean (float): Mean score of visible joints. Defaults to 0.85.
        score_std (float): Score std. Defaults to 0.1.
        flip_indices (Sequence[int]): Left/right permutation for swaps.
            Defaults to Panoptic-15.
        occluder_limbs (Sequence[tuple]): Occluding segments. Defaults to
            the Panoptic-15 limbs plus torso diagonals.
        seed (int): Seed used when the sample carries no ``sample_seed``.
            Defaults to 0.
    """

    def __init__(self,
                 noise_px: float = 2.,
                 noise_rel: float = 0.01,
                 outlier_prob: float = 0.02,
                 outlier_rel: float = 0.25,
                 outlier_score: Tuple[float, float] = (0.1, 0.6),
                 swap_prob: float = 0.02,
                 miss_joint_prob: float = 0.05,
                 drop_person_prob: float = 0.05,
                 false_positive_rate: float = 0.3,
                 fp_keep: Tuple[float, float] = (0.3, 1.),
                 fp_height: Tuple[float, float] = (150., 500.),
                 fp_score: Tuple[float, float] = (0.1, 0.6),
                 occlusion: bool = True,
                 limb_radius: float = 80.,
                 occlusion_margin: float = 100.,
                 occlusion_score: float = 0.3,
                 occlusion_noise: float = 3.,
                 score_mean: float = 0.85,
                 score_std: float = 0.1,
                 flip_indices: Sequence[int] = PANOPTIC15_FLIP,
                 occluder_limbs: Sequence[Tuple[int, int]] = (
                     PANOPTIC15_OCCLUDERS),
                 seed: int = 0) -> None:
        for name, p in (('outlier_prob', outlier_prob),
                        ('swap_prob', swap_prob),
                        ('miss_joint_prob', miss_joint_prob),
                        ('drop_person_prob', drop_person_prob)):
            if not 0. <= p <= 1.:
                raise ValueError(f'EmulateDetections: {name} must be in '
                                 f'[0, 1], got {p}')
        self.noise_px, self.noise_rel = noise_px, noise_rel
        self.outlier_prob, self.outlier_rel = outlier_prob, outlier_rel
        self.outlier_score = tuple(outlier_score)
        self.swap_prob = swap_prob
        self.miss_joint_prob = miss_joint_prob
        self.drop_person_prob = drop_person_prob
        self.false_positive_rate = false_positive_rate
        self.fp_keep, self.fp_height = tuple(fp_keep), tuple(fp_height)
        self.fp_score = tuple(fp_score)
        self.occlusion = occlusion
        self.limb_radius = limb_radius
        self.occlusion_margin = occlusion_margin
        self.occlusion_score = occlusion_score
        self.occlusion_noise = occlusion_noise
        self.score_mean, self.score_std = score_mean, score_std
        self.flip_indices = np.asarray(flip_indices, np.int64)
        self.occluder_limbs = np.asarray(occluder_limbs, np.int64)
        self.seed = seed
        self._rng = np.random.default_rng(seed)

    # ------------------------------------------------------------------
    def _occluded(self, kp: np.ndarray, vis: np.ndarray, depth: np.ndarray,
                  focal: np.ndarray) -> np.ndarray:
        """Depth-tested 2D occlusion mask (V, M, K)."""
        V, M, K = vis.shape
        limbs = self.occluder_limbs
        if M < 2 or limbs.size == 0 or limbs.max() >= K:
            return np.zeros((V, M, K), bool)
        a, b = kp[:, :, limbs[:, 0]], kp[:, :, limbs[:, 1]]  # (V, M, L, 2)
        da, db = depth[:, :, limbs[:, 0]], depth[:, :, limbs[:, 1]]
        ok = vis[:, :, limbs[:, 0]] & vis[:, :, limbs[:, 1]]
        ab = b - a
        p = kp[:, :, :, None, None]  # (V, M, K, 1, 1, 2) vs (V, 1, 1, M, L)
        a_, ab_ = a[:, None, None], ab[:, None, None]
        s = ((p - a_) * ab_).sum(-1) / np.maximum((ab_**2).sum(-1), 1e-9)
        s = np.clip(s, 0., 1.)
        dist = np.linalg.norm(p - (a_ + s[..., None] * ab_), axis=-1)
        d_seg = da[:, None, None] + s * (db - da)[:, None, None]
        radius = self.limb_radius * focal[:, None, None, None, None] / \
            np.maximum(d_seg, 1.)
        closer = d_seg < depth[:, :, :, None, None] - self.occlusion_margin
        other = ~np.eye(M, dtype=bool)[None, :, None, :, None]
        hit = (dist < radius) & closer & ok[:, None, None] & other
        return hit.any(axis=(-1, -2)) & vis

    def _false_positives(self, rng: np.random.Generator, V: int, K: int,
                         size: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        counts = rng.poisson(self.false_positive_rate, size=V)
        n = int(counts.max()) if V else 0
        kp = np.zeros((V, n, K, 2))
        sc = np.zeros((V, n, K))
        if n == 0:
            return kp, sc
        tmpl = np.zeros((K, 2))
        tmpl[:min(K, 15)] = _TEMPLATE[:min(K, 15)]
        h = rng.uniform(*self.fp_height, size=(V, n, 1, 1))
        mirror = np.ones((V, n, 1, 2))
        mirror[..., 0] = np.where(rng.random((V, n, 1)) < 0.5, -1., 1.)
        jitter = rng.normal(0., 0.04, size=(V, n, K, 2))
        centre = rng.uniform(0., 1., size=(V, n, 1, 2)) * size[:, None, None]
        kp = centre + (tmpl + jitter) * h * mirror
        keep = rng.random((V, n, K)) < rng.uniform(
            *self.fp_keep, size=(V, n, 1))
        real = np.arange(n)[None, :, None] < counts[:, None, None]
        sc = rng.uniform(*self.fp_score, size=(V, n, K)) * keep * real
        inside = ((kp >= 0) & (kp <= size[:, None, None] - 1)).all(-1)
        return kp, sc * inside

    def transform(self, results: Dict) -> Dict:
        if 'sample_seed' in results:
            rng = np.random.default_rng([int(results['sample_seed']), 7919])
        else:
            rng = self._rng
        kp = np.asarray(results['keypoints_2d'], np.float64).copy()
        sc_in = np.asarray(results['keypoints_2d_scores'], np.float64)
        V, M, K = sc_in.shape
        cams = results_cameras(results, 'EmulateDetections')
        size = cams.image_size.double().numpy()  # (V, 2)
        vis = sc_in > 0
        # Person box diagonals per view (V, M).
        hi = np.where(vis[..., None], kp, -np.inf).max(2)
        lo = np.where(vis[..., None], kp, np.inf).min(2)
        ext = np.where(vis.any(-1)[..., None], hi - lo, 0.)
        diag = np.linalg.norm(ext, axis=-1)
        occ = np.zeros((V, M, K), bool)
        depth = results.get('keypoints_depth')
        if self.occlusion and depth is not None and \
                np.shape(depth) == (V, M, K):
            occ = self._occluded(kp, vis, np.asarray(depth, np.float64),
                                 cams.K[:, 0, 0].double().numpy())
        sigma = (self.noise_px + self.noise_rel * diag)[..., None]
        sigma = sigma * np.where(occ, self.occlusion_noise, 1.)
        kp += rng.normal(size=(V, M, K, 2)) * sigma[..., None]
        score = np.clip(
            rng.normal(self.score_mean, self.score_std, size=(V, M, K)),
            0.05, 1.)
        score = np.where(occ, score * self.occlusion_score, score)
        out = rng.random((V, M, K)) < self.outlier_prob
        jump = rng.uniform(-1., 1., size=(V, M, K, 2)) * \
            self.outlier_rel * diag[..., None, None]
        kp = np.where(out[..., None], kp + jump, kp)
        score = np.where(out, rng.uniform(*self.outlier_score,
                                          size=(V, M, K)), score)
        swap = rng.random((V, M)) < self.swap_prob
        if swap.any() and len(self.flip_indices) == K:
            kp = np.where(swap[..., None, None], kp[:, :, self.flip_indices],
                          kp)
            score = np.where(swap[..., None], score[:, :, self.flip_indices],
                             score)
            vis = np.where(swap[..., None], vis[:, :, self.flip_indices],
                           vis)
        miss = rng.random((V, M, K)) < self.miss_joint_prob
        drop = rng.random((V, M)) < self.drop_person_prob
        inside = ((kp >= 0) & (kp <= size[:, None, None] - 1)).all(-1)
        keep = vis & ~miss & ~drop[..., None] & inside
        score = score * keep
        fp_kp, fp_sc = self._false_positives(rng, V, K, size)
        results['keypoints_2d'] = np.concatenate([kp, fp_kp],
                                                 1).astype(np.float32)
        results['keypoints_2d_scores'] = np.concatenate(
            [score, fp_sc], 1).astype(np.float32)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(noise_px={self.noise_px}, '
                f'noise_rel={self.noise_rel}, '
                f'miss_joint_prob={self.miss_joint_prob}, '
                f'drop_person_prob={self.drop_person_prob}, '
                f'false_positive_rate={self.false_positive_rate})')
