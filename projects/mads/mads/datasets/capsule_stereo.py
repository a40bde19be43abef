"""The synthetic stereo rig with volumetric people, distractors and clutter,
pre-rendered once (optionally cached on disk) so training reads images."""
import hashlib
import json
import os
import os.path as osp
from typing import List, Optional, Tuple

import numpy as np
from tqdm import tqdm

from selfpose_mm.datasets.synthetic import ProceduralBody
from selfpose_mm.registry import DATASETS, TRANSFORMS
from .synthetic_stereo import SyntheticStereoDataset, panoptic15_to_mads19

__all__ = ['CapsuleStereoDataset']

#: Part of every cache fingerprint; 2 = one hue per limb segment.
RENDER_VERSION = 2


@DATASETS.register_module()
class CapsuleStereoDataset(SyntheticStereoDataset):
    """:class:`SyntheticStereoDataset` plus distractor people and images.

    Each sample adds ``num_distractors`` (a random integer in the given
    range) other :class:`ProceduralBody` people on a ring of
    ``distractor_radius`` mm around the target (``others_3d``). With
    ``prerender`` (a transform config, normally ``RenderCapsuleBodies``)
    every sample's views are rendered once when the dataset is built and
    stored as ``imgs`` (plus ``keypoints_2d_self_occluded``), so the
    pipeline starts at the crop; ``cache_file`` keeps them on disk (an
    ``.npz``, reused only if every generating argument matches, else
    rebuilt).

    Args:
        num_distractors (tuple): Inclusive ``(min, max)`` other people.
        distractor_radius (tuple): Ring ``(min, max)`` in mm.
        distractor_angles (tuple): Azimuth range in degrees from +x (the
            default keeps the people off the line between
            :func:`stereo_rig`'s cameras and the subject, so they overlap
            the subject partly, not entirely).
        prerender (dict, optional): Renderer transform config.
        cache_file (str, optional): ``.npz`` path for the rendered views.
        render_workers (int): Processes that render the views when the
            cache is built (each sample's scene is seeded by its index, so
            the images do not depend on this). Defaults to 1.
        **kwargs: :class:`SyntheticStereoDataset` arguments.
    """

    def __init__(self,
                 num_distractors: Tuple[int, int] = (0, 2),
                 distractor_radius: Tuple[float, float] = (1000., 2200.),
                 distractor_angles: Tuple[float, float] = (60., 300.),
                 prerender: Optional[dict] = None,
                 cache_file: Optional[str] = None,
                 render_workers: int = 1,
                 **kwargs) -> None:
        lo, hi = (int(v) for v in num_distractors)
        if not 0 <= lo <= hi:
            raise ValueError('num_distractors must be (min, max) with '
                             f'0 <= min <= max, got {num_distractors}')
        self.num_distractors = (lo, hi)
        self.distractor_radius = tuple(distractor_radius)
        self.distractor_angles = tuple(distractor_angles)
        self.prerender = prerender
        self.cache_file = cache_file
        self.render_workers = max(1, int(render_workers))
        self._rig_args = {
            k: kwargs.get(k)
            for k in ('num_views', 'baseline_deg', 'radius', 'height',
                      'focal', 'image_size', 'position_jitter')
        }
        super().__init__(**kwargs)

    def _others(self, n: int) -> List[np.ndarray]:
        rng = np.random.default_rng((self.seed, 7919))
        lo, hi = self.num_distractors
        counts = rng.integers(lo, hi + 1, size=n)
        total = int(counts.sum())
        ang = np.deg2rad(rng.uniform(*self.distractor_angles, total))
        rad = rng.uniform(*self.distractor_radius, total)
        xy = np.stack([rad * np.cos(ang), rad * np.sin(ang)], -1)
        poses = panoptic15_to_mads19(
            ProceduralBody().sample(max(total, 1), rng,
                                    root_xy=xy if total else None))
        poses = poses[:total].astype(np.float32)
        return np.split(poses, np.cumsum(counts)[:-1])

    def _fingerprint(self) -> str:
        spec = dict(
            n=self.num_samples,
            seed=self.seed,
            jitter=self.position_jitter,
            rig=self._rig_args,
            distractors=[
                self.num_distractors, self.distractor_radius,
                self.distractor_angles
            ],
            render=self.prerender,
            # bump when the renderer's output changes for the same arguments
            render_version=RENDER_VERSION)
        return hashlib.sha1(
            json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()

    def load_data_list(self) -> List[dict]:
        """Poses (vectorised), distractors and, if asked, rendered views."""
        infos = super().load_data_list()
        for info, others in zip(infos, self._others(len(infos))):
            info['others_3d'] = others
        if self.prerender is None:
            return infos
        imgs, occl = self._load_cache()
        if imgs is None:
            out = _render_all(self.prerender, infos, self.render_workers)
            imgs = np.stack([np.stack(o['imgs']) for o in out])
            occl = np.stack([o['keypoints_2d_self_occluded'] for o in out])
            self._save_cache(imgs, occl)
        for i, info in enumerate(infos):
            info['imgs'] = list(imgs[i])
            info['keypoints_2d_self_occluded'] = occl[i]
        return infos

    def _load_cache(self) -> Tuple[Optional[np.ndarray], ...]:
        if not self.cache_file or not osp.isfile(self.cache_file):
            return None, None
        with np.load(self.cache_file) as z:
            if str(z['fingerprint']) != self._fingerprint():
                return None, None
            return z['imgs'], z['occluded']

    def _save_cache(self, imgs: np.ndarray, occl: np.ndarray) -> None:
        if not self.cache_file:
            return
        os.makedirs(osp.dirname(osp.abspath(self.cache_file)), exist_ok=True)
        tmp = self.cache_file + '.tmp.npz'
        np.savez(tmp, imgs=imgs, occluded=occl,
                 fingerprint=np.array(self._fingerprint()))
        os.replace(tmp, self.cache_file)

    @property
    def rendered(self) -> bool:
        """Whether the samples carry pre-rendered ``imgs``."""
        return self.prerender is not None


def _render_one(args: Tuple[dict, dict]) -> dict:
    cfg, info = args
    return TRANSFORMS.build(cfg)(dict(info))


def _render_all(cfg: dict, infos: List[dict], workers: int) -> List[dict]:
    """Render every sample, with a progress bar, in ``workers`` processes."""
    jobs = [(cfg, info) for info in infos]
    desc = 'rendering capsule views'
    if workers <= 1:
        return [_render_one(j) for j in tqdm(jobs, desc=desc)]
    import multiprocessing as mp
    with mp.get_context('fork').Pool(workers) as pool:
        return list(
            tqdm(pool.imap(_render_one, jobs, chunksize=8),
                 total=len(jobs), desc=desc))
