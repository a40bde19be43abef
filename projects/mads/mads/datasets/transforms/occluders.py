"""Synthetic occluders for evaluation: textured rectangles and ellipses
pasted over the views, with the pixel masks they cover."""
from typing import Dict, Optional, Tuple

import numpy as np
from mmcv.transforms import BaseTransform

from selfpose_mm.registry import TRANSFORMS

__all__ = ['RandomOccluders']


def _under(mask: np.ndarray, keypoints: np.ndarray) -> np.ndarray:
    """Joints on a masked pixel (rounded position), all views at once.

    Args:
        mask: ``(V, H, W)`` bool.
        keypoints: ``(V, K, 2)`` pixels.

    Returns:
        ``(V, K)`` bool; joints outside the image are never hidden.
    """
    V, H, W = mask.shape
    ij = np.floor(keypoints + 0.5).astype(np.int64)
    inside = ((ij[..., 0] >= 0) & (ij[..., 0] < W) & (ij[..., 1] >= 0) &
              (ij[..., 1] < H))
    ij = np.clip(ij, 0, [W - 1, H - 1])
    return inside & mask[np.arange(V)[:, None], ij[..., 1], ij[..., 0]]


@TRANSFORMS.register_module()
class RandomOccluders(BaseTransform):
    """Paste ``num_occluders`` opaque textured shapes on every view.

    Each shape is an axis-aligned rectangle or an ellipse (50/50) whose
    side / diameter is ``size_range`` times the crop side, with a random
    colour and a stripe texture, centred uniformly within ``centre_range``
    of the crop (fractions of the side, default the central 60%, where
    the subject is). All shapes of all views are rasterised at once by
    broadcasting. Labels are **not** changed (this is a test-time
    corruption); the joints under an occluder are reported.

    Required Keys:
        - imgs (list[np.ndarray]): V images ``(H, W, 3)`` of one size
        - keypoints_2d (V, K, 2) (optional)

    Modified Keys:
        - imgs

    Added Keys:
        - occluder_masks (V, H, W) bool: the pixels the occluders cover
        - keypoints_2d_occluded (V, K) bool: joints under an occluder

    Args:
        num_occluders (tuple): Inclusive ``(min, max)`` shapes per view.
        size_range (tuple): Shape size as a fraction of the crop side.
        centre_range (tuple): Centre range as fractions of the side.
        seed (int, optional): If given, shapes are drawn from a generator
            seeded by ``(seed, sample_idx)`` (reproducible evaluation);
            otherwise from NumPy's global generator.
    """

    def __init__(self,
                 num_occluders: Tuple[int, int] = (1, 2),
                 size_range: Tuple[float, float] = (0.15, 0.3),
                 centre_range: Tuple[float, float] = (0.2, 0.8),
                 seed: Optional[int] = None) -> None:
        lo, hi = (int(v) for v in num_occluders)
        if not 0 <= lo <= hi:
            raise ValueError('num_occluders must be (min, max) with 0 <= '
                             f'min <= max, got {num_occluders}')
        if not 0 < size_range[0] <= size_range[1]:
            raise ValueError(f'size_range must be 0 < min <= max, got '
                             f'{size_range}')
        self.num_occluders = (lo, hi)
        self.size_range = tuple(size_range)
        self.centre_range = tuple(centre_range)
        self.seed = seed

    def _rng(self, results: Dict):
        if self.seed is None:
            return np.random
        return np.random.default_rng(
            (self.seed, int(results.get('sample_idx', 0))))

    def transform(self, results: Dict) -> Dict:
        imgs = results['imgs']
        H, W = imgs[0].shape[:2]
        V = len(imgs)
        rng = self._rng(results)
        S = self.num_occluders[1]
        side = float(min(H, W))
        draw = rng.integers if hasattr(rng, 'integers') else rng.randint
        count = draw(self.num_occluders[0], S + 1, size=(V, 1))
        active = np.arange(S)[None] < count  # (V, S)
        c = rng.uniform(*self.centre_range, size=(V, S, 2)) * [W, H]
        half = rng.uniform(*self.size_range, size=(V, S, 2)) * side / 2.
        ellipse = rng.uniform(size=(V, S)) < 0.5
        colour = rng.uniform(0, 255, size=(V, S, 3))
        stripe = rng.uniform(4., 12., size=(V, S))
        ys, xs = np.mgrid[0:H, 0:W].astype(np.float64)
        dx = (xs - c[..., 0, None, None]) / half[..., 0, None, None]
        dy = (ys - c[..., 1, None, None]) / half[..., 1, None, None]
        inside = np.where(ellipse[..., None, None], dx * dx + dy * dy <= 1.,
                          (np.abs(dx) <= 1.) & (np.abs(dy) <= 1.))
        inside &= active[..., None, None]  # (V, S, H, W)
        # the last shape over a pixel is on top
        top = (S - 1) - np.argmax(inside[:, ::-1], axis=1)  # (V, H, W)
        mask = inside.any(1)
        vv = np.arange(V)[:, None, None]
        band = ((xs + ys)[None] // stripe[vv, top]) % 2  # (V, H, W)
        paint = colour[vv, top] * (0.6 + 0.4 * band)[..., None]
        out = np.where(mask[..., None], paint.clip(0, 255),
                       np.stack(imgs).astype(np.float64))
        results['imgs'] = [im.astype(imgs[0].dtype) for im in out]
        results['occluder_masks'] = mask
        if 'keypoints_2d' in results:
            kp = np.asarray(results['keypoints_2d'])
            results['keypoints_2d_occluded'] = _under(mask, kp)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_occluders='
                f'{self.num_occluders}, size_range={self.size_range}, '
                f'seed={self.seed})')
