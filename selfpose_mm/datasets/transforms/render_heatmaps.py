"""Render input heatmaps from 2D poses (VoxelPose's Shelf/Campus mode)."""
from typing import Dict

import numpy as np
from mmcv.transforms import BaseTransform

from selfpose_mm.geometry import apply_affine
from selfpose_mm.registry import TRANSFORMS
from ..camera_utils import results_cameras

__all__ = ['RenderInputHeatmaps', 'render_gaussian_heatmaps']


def render_gaussian_heatmaps(points: np.ndarray, scores: np.ndarray,
                             heatmap_size, sigma: float) -> np.ndarray:
    """Max-over-people Gaussian heatmaps, vectorised over everything.

    Each joint is drawn at its continuous position (heatmap pixel ``k`` is
    at coordinate ``k``) as ``score * exp(-d^2 / (2 sigma^2))`` inside a
    ``(2r+1)^2`` window, ``r = ceil(3 sigma)``, and people are merged with
    a maximum (one ``scatter_reduce('amax')`` over all views and joints).

    Args:
        points (np.ndarray): Joints (V, M, K, 2) in heatmap pixels.
        scores (np.ndarray): Peak values (V, M, K); <= 0 skips a joint.
        heatmap_size (tuple): (W, H).
        sigma (float): Gaussian std in heatmap pixels.

    Returns:
        np.ndarray: Heatmaps (V, K, H, W) float32 in [0, max score].
    """
    W, H = int(heatmap_size[0]), int(heatmap_size[1])
    V, M, K = np.shape(scores)
    HW = H * W
    out = np.zeros(V * K * HW + 1, np.float32)  # last = dummy pixel
    if M > 0:
        r = int(np.ceil(3 * sigma))
        p = np.asarray(points, np.float32)
        s = np.clip(np.nan_to_num(np.asarray(scores, np.float32)), 0, None)
        ok = np.isfinite(p).all(-1)
        p = np.where(ok[..., None], p, -1e4)
        offs = np.arange(-r, r + 1, dtype=np.float32)
        c = np.floor(np.clip(p, -1e4, 1e4) + 0.5)  # nearest pixel
        ix = c[..., 0, None] + offs  # (V, M, K, S)
        iy = c[..., 1, None] + offs
        gx = np.exp(-(ix - p[..., 0, None])**2 / (2 * sigma**2))
        gy = np.exp(-(iy - p[..., 1, None])**2 / (2 * sigma**2))
        in_x = (ix >= 0) & (ix < W)
        in_y = (iy >= 0) & (iy < H)
        val = (s * ok)[..., None, None] * gy[..., :, None] * gx[..., None, :]
        base = (np.arange(V)[:, None, None] * K +
                np.arange(K)[None, None, :]) * HW  # (V, 1, K)
        idx = (iy[..., :, None] * W + ix[..., None, :]).astype(np.int64)
        idx = idx + base[..., None, None]
        inside = in_y[..., :, None] & in_x[..., None, :]
        idx = np.where(inside & (val > 0), idx, V * K * HW)
        # Indices are unique within one person's windows, so a per-person
        # gather-max-scatter is exact (the dummy pixel absorbs the rest).
        for m in range(M):
            i, v = idx[:, m].ravel(), val[:, m].ravel()
            out[i] = np.maximum(out[i], v)
    return out[:-1].reshape(V, K, H, W)


@TRANSFORMS.register_module()
class RenderInputHeatmaps(BaseTransform):
    """Draw the 2D (detected) poses as the network's input heatmaps.

    The 2D poses in original pixels are mapped through the cameras' input
    ``affine``
    (and the input->heatmap scale) and rendered with
    :func:`render_gaussian_heatmaps`; the peak of each joint is its score.

    Required Keys:
        - keypoints_2d (V, M, K, 2) original pixels
        - keypoints_2d_scores (V, M, K)
        - cameras (``MultiViewCameras`` ``(V,)`` with its ``affine`` set by
          ``MultiViewAffine``), input_size, heatmap_size

    Added Keys:
        - heatmaps (V, K, H, W) float32

    Args:
        sigma (float): Gaussian std in heatmap pixels. Defaults to 3
            (VoxelPose / SelfPose3d ``NETWORK.SIGMA``).
        min_score (float): Joints with a score at or below it are not
            drawn. Defaults to 0.
        peak_one (bool): Draw every drawn joint with peak 1 (VoxelPose's
            Campus mode) instead of its score. Defaults to False.
    """

    def __init__(self,
                 sigma: float = 3.,
                 min_score: float = 0.,
                 peak_one: bool = False) -> None:
        if sigma <= 0:
            raise ValueError(f'RenderInputHeatmaps: sigma must be > 0, got '
                             f'{sigma}')
        self.sigma = sigma
        self.min_score = min_score
        self.peak_one = peak_one

    def transform(self, results: Dict) -> Dict:
        kp = np.asarray(results['keypoints_2d'], np.float64)
        sc = np.asarray(results['keypoints_2d_scores'], np.float64)
        A = results_cameras(results,
                            'RenderInputHeatmaps').affine.double().numpy()
        in_w, in_h = results['input_size']
        hm_w, hm_h = results['heatmap_size']
        V, M, K = sc.shape
        pts = apply_affine(kp.reshape(V, M * K, 2), A).reshape(V, M, K, 2)
        pts = pts * [hm_w / in_w, hm_h / in_h]
        draw = sc > self.min_score
        peak = np.where(draw, 1. if self.peak_one else sc, 0.)
        results['heatmaps'] = render_gaussian_heatmaps(
            pts, peak, (hm_w, hm_h), self.sigma)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(sigma={self.sigma}, '
                f'min_score={self.min_score}, peak_one={self.peak_one})')
