"""Occlusion augmentation (Cutout, Hide-and-Seek) with mask-aware labels."""
from typing import Dict, Optional

import numpy as np
from mmcv.transforms import BaseTransform

from selfpose_mm.registry import TRANSFORMS

__all__ = ['Cutout', 'HideAndSeek', 'hidden_joints']

MASK_SCOPES = ('all', 'view', 'none')


def hidden_joints(mask: np.ndarray, keypoints: np.ndarray) -> np.ndarray:
    """Which joints fall on a masked pixel.

    Args:
        mask: Boolean ``(H, W)`` occlusion mask.
        keypoints: ``(K, 2)`` pixel coordinates (pixel centres at
            integers; a joint's pixel is its rounded position).

    Returns:
        Boolean ``(K,)``; joints outside the image are never hidden.
    """
    h, w = mask.shape
    ij = np.floor(np.asarray(keypoints) + 0.5).astype(np.int64)
    inside = ((ij[:, 0] >= 0) & (ij[:, 0] < w) & (ij[:, 1] >= 0) &
              (ij[:, 1] < h))
    out = np.zeros(len(ij), dtype=bool)
    out[inside] = mask[ij[inside, 1], ij[inside, 0]]
    return out


class _Occlusion(BaseTransform):
    """Shared logic: per view with probability ``prob``, fill a random mask
    and take the joints under it out of the loss.

    ``mask_scope`` decides what a hidden joint loses: ``'all'`` (the
    recipe) zeroes its 2D weight in every view and its 3D weight;
    ``'view'`` zeroes only that view's 2D weight (the 3D weight too,
    because the triangulation then rests on one view); ``'none'`` keeps
    the labels (classic Hide-and-Seek: learn to infer hidden parts).

    Required Keys:
        - imgs (list[np.ndarray]): V images
        - keypoints_2d (V, K, 2), keypoints_2d_visible (V, K)
        - keypoints_3d_weights (K,) (optional)

    Modified Keys:
        - imgs, keypoints_2d_visible, keypoints_3d_weights

    Added Keys:
        - occlusion_masks (list[np.ndarray | None]): V boolean masks
    """

    def __init__(self, prob: float, fill_value: int,
                 mask_scope: str) -> None:
        if not 0. <= prob <= 1.:
            raise ValueError(f'prob must be in [0, 1], got {prob}')
        if mask_scope not in MASK_SCOPES:
            raise ValueError(f'mask_scope must be one of {MASK_SCOPES}, got '
                             f'{mask_scope!r}')
        self.prob = prob
        self.fill_value = fill_value
        self.mask_scope = mask_scope

    def make_mask(self, h: int, w: int) -> np.ndarray:
        """A boolean ``(h, w)`` mask (True = hidden)."""
        raise NotImplementedError

    def transform(self, results: Dict) -> Optional[Dict]:
        imgs = results['imgs']
        kp = np.asarray(results['keypoints_2d'])
        vis = np.array(results['keypoints_2d_visible'], np.float32)
        w3d = np.array(
            results.get('keypoints_3d_weights', vis.min(0)), np.float32)
        masks = []
        hidden = np.zeros(vis.shape, dtype=bool)
        for v, img in enumerate(imgs):
            if np.random.rand() >= self.prob:
                masks.append(None)
                continue
            mask = self.make_mask(*img.shape[:2])
            img = img.copy()
            img[mask] = self.fill_value
            imgs[v] = img
            masks.append(mask)
            hidden[v] = hidden_joints(mask, kp[v])
        if self.mask_scope == 'all':
            any_hidden = hidden.any(0)
            vis[:, any_hidden] = 0
            w3d[any_hidden] = 0
        elif self.mask_scope == 'view':
            vis[hidden] = 0
            w3d[hidden.any(0)] = 0
        results['imgs'] = imgs
        results['keypoints_2d_visible'] = vis
        results['keypoints_3d_weights'] = w3d
        results['occlusion_masks'] = masks
        return results


@TRANSFORMS.register_module()
class Cutout(_Occlusion):
    """Fill ``num_holes`` squares of ``hole_size`` px, centres uniform over
    the whole image and clipped at the borders (the recipe: 6 x 40 px on a
    256 crop, fill 128, p = 0.3). See :class:`_Occlusion` for the keys and
    ``mask_scope``.

    Args:
        prob (float): Probability per view. Defaults to 0.3.
        num_holes (int): Number of squares. Defaults to 6.
        hole_size (int): Side in pixels. Defaults to 40.
        fill_value (int): Fill grey level. Defaults to 128.
        mask_scope (str): ``'all'``, ``'view'`` or ``'none'``.
    """

    def __init__(self,
                 prob: float = 0.3,
                 num_holes: int = 6,
                 hole_size: int = 40,
                 fill_value: int = 128,
                 mask_scope: str = 'all') -> None:
        super().__init__(prob, fill_value, mask_scope)
        self.num_holes = num_holes
        self.hole_size = hole_size

    def make_mask(self, h: int, w: int) -> np.ndarray:
        mask = np.zeros((h, w), dtype=bool)
        half = self.hole_size / 2.
        cx = np.random.randint(0, w, size=self.num_holes)
        cy = np.random.randint(0, h, size=self.num_holes)
        for x, y in zip(cx, cy):
            x0, x1 = int(max(0, x - half)), int(min(w, x + half))
            y0, y1 = int(max(0, y - half)), int(min(h, y + half))
            mask[y0:y1, x0:x1] = True
        return mask

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(prob={self.prob}, num_holes='
                f'{self.num_holes}, hole_size={self.hole_size}, '
                f'mask_scope={self.mask_scope!r})')


@TRANSFORMS.register_module()
class HideAndSeek(_Occlusion):
    """Split the image into a ``grid_size`` x ``grid_size`` grid and fill
    ``int(hide_ratio * grid_size**2)`` cells chosen without replacement
    (the recipe: 4 x 4, 6 cells). See :class:`_Occlusion`.

    Args:
        prob (float): Probability per view. Defaults to 0.3.
        grid_size (int): Cells per side. Defaults to 4.
        hide_ratio (float): Fraction of cells hidden. Defaults to 0.4.
        fill_value (int): Fill grey level. Defaults to 128.
        mask_scope (str): ``'all'``, ``'view'`` or ``'none'``.
    """

    def __init__(self,
                 prob: float = 0.3,
                 grid_size: int = 4,
                 hide_ratio: float = 0.4,
                 fill_value: int = 128,
                 mask_scope: str = 'all') -> None:
        super().__init__(prob, fill_value, mask_scope)
        self.grid_size = grid_size
        self.hide_ratio = hide_ratio

    def make_mask(self, h: int, w: int) -> np.ndarray:
        g = self.grid_size
        n = int(self.hide_ratio * g * g)
        cells = np.random.choice(g * g, size=n, replace=False)
        ys = np.linspace(0, h, g + 1).round().astype(int)
        xs = np.linspace(0, w, g + 1).round().astype(int)
        mask = np.zeros((h, w), dtype=bool)
        for c in cells:
            r, q = divmod(int(c), g)
            mask[ys[r]:ys[r + 1], xs[q]:xs[q + 1]] = True
        return mask

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(prob={self.prob}, grid_size='
                f'{self.grid_size}, hide_ratio={self.hide_ratio}, '
                f'mask_scope={self.mask_scope!r})')
