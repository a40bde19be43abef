"""Draw synthetic people as thick, colour-coded stick figures."""
from typing import Dict, Sequence

import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from selfpose_mm.geometry import Camera
from selfpose_mm.registry import TRANSFORMS

__all__ = ['RenderStickFigures', 'MADS_PARENTS']

#: Parent of each MADS-19 joint (the root's parent is itself).
MADS_PARENTS = (0, 0, 1, 2, 3, 4, 1, 6, 7, 8, 0, 10, 11, 12, 0, 14, 15, 16,
                0)
#: Torso polygon of the MADS-19 layout: r-shoulder, l-shoulder, l-hip,
#: r-hip.
_TORSO = (10, 14, 6, 2)


def _link_colors(num: int) -> np.ndarray:
    """Distinct BGR colours, one per link (HSV wheel, fixed order)."""
    hsv = np.stack([
        (np.arange(num) * 180 // num).astype(np.uint8),
        np.full(num, 220, np.uint8),
        np.full(num, 230, np.uint8)
    ], -1)[None]
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2BGR)[0].astype(int)


@TRANSFORMS.register_module()
class RenderStickFigures(BaseTransform):
    """Render the 3D pose into every camera as limbs of constant 3D width.

    Limbs are lines whose width is ``2 * limb_radius`` mm at their depth,
    each link has its own colour (so left and right are distinguishable),
    the torso is a filled quadrilateral and the head a disc; everything is
    painted far to near. The background is a random flat colour with
    Gaussian noise, drawn from a generator seeded by ``sample_idx`` so a
    sample always looks the same.

    Required Keys:
        - keypoints_3d (K, 3) world mm in the MADS-19 layout
        - cameras (list[dict]): V dicts with K, R, t, image_size
        - sample_idx (int)

    Added Keys:
        - imgs (list[np.ndarray]): V BGR images ``(H, W, 3)``

    Args:
        parents (Sequence[int]): Parent of each joint (links to draw).
        limb_radius (float): Limb half-width in mm. Defaults to 45.
        head_radius (float): Head radius in mm. Defaults to 110.
        head_index (int): Joint drawn as the head. Defaults to 18.
        noise_std (float): Background noise std (grey levels).
        seed (int): Base seed of the background generator.
    """

    def __init__(self,
                 parents: Sequence[int] = MADS_PARENTS,
                 limb_radius: float = 45.,
                 head_radius: float = 110.,
                 head_index: int = 18,
                 noise_std: float = 12.,
                 seed: int = 0) -> None:
        self.parents = tuple(parents)
        self.links = [(p, c) for c, p in enumerate(self.parents) if p != c]
        self.colors = _link_colors(len(self.links))
        self.limb_radius = limb_radius
        self.head_radius = head_radius
        self.head_index = head_index
        self.noise_std = noise_std
        self.seed = seed

    def _render(self, X: np.ndarray, cam: dict,
                rng: np.random.Generator) -> np.ndarray:
        w, h = (int(v) for v in cam['image_size'])
        bg = rng.uniform(40, 215, size=3)
        img = bg + rng.normal(0, self.noise_std, size=(h, w, 3))
        img = np.clip(img, 0, 255).astype(np.uint8)
        camera = Camera(
            name='render', K=cam['K'], R=cam['R'], t=cam['t'])
        depth = camera.world_to_camera(X)[:, 2]
        uv = camera.project(X)
        f = float(camera.K[0, 0])
        shift = 4  # sub-pixel precision of cv2 drawing
        pts = np.round(uv * (1 << shift)).astype(np.int64)
        items: list = []
        for i, (a, b) in enumerate(self.links):
            items.append((0.5 * (depth[a] + depth[b]), 'limb', i))
        items.append((float(depth[list(_TORSO)].mean()) + 30., 'torso', 0))
        items.append((float(depth[self.head_index]), 'head', 0))
        for z, kind, i in sorted(items, key=lambda it: -it[0]):
            if z <= 1.:
                continue
            if kind == 'limb':
                a, b = self.links[i]
                thick = max(1, int(round(2 * self.limb_radius * f / z)))
                color = tuple(int(c) for c in self.colors[i])
                cv2.line(img, tuple(pts[a]), tuple(pts[b]), color, thick,
                         cv2.LINE_AA, shift)
                for j in (a, b):
                    cv2.circle(img, tuple(pts[j]), thick << (shift - 1),
                               color, -1, cv2.LINE_AA, shift)
            elif kind == 'torso':
                poly = pts[list(_TORSO)].reshape(-1, 1, 2).astype(np.int32)
                cv2.fillPoly(img, [poly], (90, 90, 90), cv2.LINE_AA, shift)
            else:
                r = max(1, int(round(self.head_radius * f / z)))
                cv2.circle(img, tuple(pts[self.head_index]), r << shift,
                           (200, 200, 245), -1, cv2.LINE_AA, shift)
        return img

    def transform(self, results: Dict) -> Dict:
        rng = np.random.default_rng(
            (self.seed, int(results.get('sample_idx', 0))))
        X = np.asarray(results['keypoints_3d'], dtype=np.float64)
        results['imgs'] = [
            self._render(X, cam, rng) for cam in results['cameras']
        ]
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(limb_radius={self.limb_radius}, '
                f'head_radius={self.head_radius})')

