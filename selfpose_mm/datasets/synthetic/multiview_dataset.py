"""The synthetic multi-view world: people, cameras, generated on the fly."""
from collections import OrderedDict
from typing import List, Optional, Sequence, Tuple

import numpy as np
from mmengine.dataset import BaseDataset

from selfpose_mm.geometry import load_calibration
from selfpose_mm.registry import DATASETS
from selfpose_mm.utils import resolve_dataset_meta_path
from ..camera_utils import project_to_views, stack_cameras
from .pose_sources import build_pose_source
from .procedural_rig import PANOPTIC_LIKE_RIG, procedural_rig

__all__ = ['SyntheticMultiViewDataset']

_ROOT = 2


def _seed(*parts: int) -> int:
    return int(np.random.SeedSequence(list(parts)).generate_state(1)[0])


@DATASETS.register_module()
class SyntheticMultiViewDataset(BaseDataset):
    """Several people in a calibrated multi-camera space; no download.

    Index ``i`` is frame ``i % clip_length`` of scene clip
    ``i // clip_length``. A clip is drawn from ``(seed, clip)`` alone:
    1..N people (``num_people``) from the ``pose_source`` (procedural
    bodies with smooth motion, or CMU mocap), each placed so that its root
    stays inside ``placement_range`` for the whole clip and at least
    ``min_person_distance`` from every other root at every frame (rejection
    sampling; a person that does not fit after ``max_tries`` is left out)
    and, with ``min_views``, whose root is seen at least ``view_margin``
    pixels inside ``min_views`` cameras at every frame (VoxelPose's
    CampusSynthetic rule: people nobody can triangulate are not placed).
    The cameras are a procedural rig (``rig``; ``num_rigs`` distinct rigs
    drawn from the seed, clip ``c`` uses rig ``c % num_rigs``) or a real
    calibration (``calibration``). Nothing is stored: ``num_samples`` may
    be huge (use it with ``InfiniteSampler`` for an endless stream); a
    fixed validation split is simply another ``seed``.

    The results dict holds the contract's internal keys
    (``keypoints_3d`` (M, K, 3), ``keypoints_3d_visible``,
    ``instance_ids``, ``cameras`` (``MultiViewCameras`` ``(V,)``), ``camera_names``) and
    ``sample_seed``, which seeds the random transforms
    (:class:`EmulateDetections`) so a sample is reproducible.

    Args:
        num_samples (int): Dataset length. Defaults to 1000.
        seed (int): World seed. Defaults to 0.
        clip_length (int): Frames per scene clip (1 = independent frames).
            Defaults to 32.
        fps (float): Frame rate of the clips. Defaults to 30.
        num_people (tuple): Inclusive range of people per clip. Defaults to
            ``(1, 4)``.
        placement_range (tuple): ``((x_min, x_max), (y_min, y_max))`` mm,
            where roots stay. Defaults to +-1800 mm around the origin.
        min_person_distance (float): Minimum root distance in mm. Defaults
            to 700.
        max_tries (int): Placement attempts per person. Defaults to 30.
        min_views (int): Cameras that must see each root (0 = no test).
            Defaults to 0.
        view_margin (float): Pixels inside the image for ``min_views``.
            Defaults to 10.
        rig (dict, optional): Arguments of :func:`procedural_rig`, merged
            over :data:`PANOPTIC_LIKE_RIG` (5 cameras, 1920x1080, f 1390-
            1600 px, Panoptic-like distortion, about 3 m away).
        num_rigs (int): Distinct procedural rigs. Defaults to 1.
        calibration (dict, optional): Use a real rig instead:
            ``dict(file=..., convention='auto', image_size=None, **opts)``
            passed to :func:`selfpose_mm.geometry.load_calibration`
            (``opts`` e.g. ``camera_names`` for Panoptic);
            ``image_size`` fills cameras whose file has none.
        pose_source (dict, optional): ``dict(type='ProceduralPoseSource',
            ...)`` (default) or ``dict(type='MocapPoseSource', files=...)``.
        cache_clips (int): Clips kept in memory. Defaults to 16.
        pipeline (Sequence[dict]): Transforms.
        test_mode (bool): MMEngine test-mode flag.
        **kwargs: Passed to :class:`mmengine.dataset.BaseDataset`
            (``metainfo``, ``max_refetch``...).
    """

    METAINFO = dict(from_file=resolve_dataset_meta_path('panoptic_body3d'))

    def __init__(self,
                 num_samples: int = 1000,
                 seed: int = 0,
                 clip_length: int = 32,
                 fps: float = 30.,
                 num_people: Tuple[int, int] = (1, 4),
                 placement_range: Tuple[Tuple[float, float],
                                        Tuple[float, float]] = (
                                            (-1800., 1800.), (-1800.,
                                                              1800.)),
                 min_person_distance: float = 700.,
                 max_tries: int = 30,
                 min_views: int = 0,
                 view_margin: float = 10.,
                 rig: Optional[dict] = None,
                 num_rigs: int = 1,
                 calibration: Optional[dict] = None,
                 pose_source: Optional[dict] = None,
                 cache_clips: int = 16,
                 pipeline: Sequence[dict] = (),
                 test_mode: bool = False,
                 **kwargs) -> None:
        if num_samples < 1 or clip_length < 1:
            raise ValueError('SyntheticMultiViewDataset: num_samples and '
                             'clip_length must be >= 1')
        lo, hi = int(num_people[0]), int(num_people[1])
        if not 0 <= lo <= hi:
            raise ValueError(f'num_people must be (lo, hi) with 0 <= lo <= '
                             f'hi, got {num_people}')
        self.num_samples = int(num_samples)
        self.seed = int(seed)
        self.clip_length = int(clip_length)
        self.fps = float(fps)
        self.num_people = (lo, hi)
        self.placement_range = np.asarray(placement_range, np.float64)
        self.min_person_distance = float(min_person_distance)
        self.max_tries = int(max_tries)
        self.min_views = int(min_views)
        self.view_margin = float(view_margin)
        self.pose_source = build_pose_source(pose_source)
        self.cache_clips = int(cache_clips)
        self._cache: 'OrderedDict[int, dict]' = OrderedDict()
        self.rigs = self._build_rigs(rig, num_rigs, calibration)
        self.rig_cameras = [stack_cameras(c) for c in self.rigs]
        super().__init__(
            ann_file='', pipeline=list(pipeline), test_mode=test_mode,
            serialize_data=False, **kwargs)

    # ------------------------------------------------------------------
    def _build_rigs(self, rig: Optional[dict], num_rigs: int,
                    calibration: Optional[dict]) -> List[list]:
        if calibration is not None:
            cfg = dict(calibration)
            path = cfg.pop('file')
            size = cfg.pop('image_size', None)
            cams = list(load_calibration(path, **cfg).values())
            for c in cams:
                if c.image_size is None:
                    if size is None:
                        raise ValueError(
                            f'{path}: camera {c.name} has no image size; '
                            'add image_size=(W, H) to the calibration cfg')
                    c.image_size = (int(size[0]), int(size[1]))
            return [cams]
        params = dict(PANOPTIC_LIKE_RIG)
        params.update(rig or {})
        return [
            procedural_rig(np.random.default_rng(_seed(self.seed, r, 101)),
                           **params) for r in range(max(1, num_rigs))
        ]

    def full_init(self) -> None:
        """Nothing to load: samples are generated on demand."""
        self._fully_initialized = True

    def __len__(self) -> int:
        return self.num_samples

    def load_data_list(self) -> List[dict]:
        """Unused (samples are generated in :meth:`get_data_info`)."""
        return []

    # ------------------------------------------------------------------
    def _seen_enough(self, roots: np.ndarray, rig: int) -> bool:
        """Whether roots (T, 3) are inside >= ``min_views`` images."""
        cams = self.rig_cameras[rig]
        uv, vis, _ = project_to_views(roots[None], cams)  # (V, 1, T, ...)
        size = cams.image_size.double().numpy()[:, None, None]
        m = self.view_margin
        inside = vis & (uv >= m).all(-1) & (uv <= size - 1 - m).all(-1)
        return bool((inside[:, 0].sum(0) >= self.min_views).all())

    def _place(self, clips: np.ndarray, rng: np.random.Generator,
               rig: int = 0) -> List[np.ndarray]:
        """Translate clips (N, T, K, 3) without overlap; keep the fits."""
        (x0, x1), (y0, y1) = self.placement_range
        placed: List[np.ndarray] = []
        for clip in clips:
            root = clip[:, _ROOT, :2]  # (T, 2)
            lo = np.array([x0, y0]) - root.min(0)
            hi = np.array([x1, y1]) - root.max(0)
            if (hi < lo).any():
                continue  # the path is longer than the space
            for _ in range(self.max_tries):
                off = rng.uniform(lo, hi)
                path = root + off
                if all(
                        np.linalg.norm(path - p[:, _ROOT, :2], axis=-1).min()
                        >= self.min_person_distance for p in placed):
                    moved = clip.copy()
                    moved[..., :2] += off
                    if self.min_views and not self._seen_enough(
                            moved[:, _ROOT], rig):
                        continue
                    placed.append(moved)
                    break
        return placed

    def _clip(self, c: int) -> dict:
        if c in self._cache:
            self._cache.move_to_end(c)
            return self._cache[c]
        rng = np.random.default_rng(_seed(self.seed, c, 202))
        n = int(rng.integers(self.num_people[0], self.num_people[1] + 1))
        clips = self.pose_source.sample_clip(n, self.clip_length, rng,
                                             self.fps) if n else \
            np.zeros((0, self.clip_length, 15, 3))
        people = self._place(clips, rng, c % len(self.rigs))
        joints = np.stack(people, 0) if people else np.zeros(
            (0, self.clip_length, clips.shape[2], 3))
        entry = dict(joints=joints.astype(np.float32),
                     rig=c % len(self.rigs))
        self._cache[c] = entry
        if len(self._cache) > self.cache_clips:
            self._cache.popitem(last=False)
        return entry

    def get_data_info(self, idx: int) -> dict:
        """Generate sample ``idx`` (see the class docstring)."""
        if not 0 <= idx < self.num_samples:
            raise IndexError(f'index {idx} out of range '
                             f'[0, {self.num_samples})')
        c, f = divmod(int(idx), self.clip_length)
        clip = self._clip(c)
        kp3d = clip['joints'][:, f]
        M, K = kp3d.shape[:2]
        cams = self.rigs[clip['rig']]
        return dict(
            sample_idx=int(idx),
            sequence=f'synthetic_s{self.seed}_c{c:07d}',
            frame_id=f,
            subject='synthetic',
            action='synthetic',
            keypoints_3d=kp3d.copy(),
            keypoints_3d_visible=np.ones((M, K), np.float32),
            instance_ids=np.arange(M, dtype=np.int64),
            cameras=self.rig_cameras[clip['rig']],
            camera_names=[cam.name for cam in cams],
            sample_seed=_seed(self.seed, int(idx), 303))
