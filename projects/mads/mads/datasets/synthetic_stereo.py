"""A procedural calibrated stereo rig with stick-figure people (CPU sized).
"""
from typing import List, Sequence, Tuple

import numpy as np
from mmengine.dataset import BaseDataset

from selfpose_mm.datasets.synthetic import ProceduralBody
from selfpose_mm.geometry import look_at
from selfpose_mm.registry import DATASETS
from selfpose_mm.utils import resolve_dataset_meta_path

__all__ = ['SyntheticStereoDataset', 'panoptic15_to_mads19', 'stereo_rig']


def panoptic15_to_mads19(poses: np.ndarray) -> np.ndarray:
    """Map Panoptic-15 poses to the MADS-19 layout (mm, z up).

    The joints MADS has and Panoptic-15 lacks are synthesised: each foot is
    the ankle moved 130 mm forward (horizontal body front) and 50 mm down,
    each hand the wrist extended by 30% of the forearm, the head 1.2 x the
    neck-to-nose vector.

    Args:
        poses: ``(N, 15, 3)``.

    Returns:
        ``(N, 19, 3)``.
    """
    p = np.asarray(poses, dtype=np.float64)
    left = p[:, 6] - p[:, 12]  # r-hip -> l-hip
    fwd = np.cross(left, np.array([0., 0., 1.]))
    fwd /= np.linalg.norm(fwd, axis=-1, keepdims=True).clip(1e-6)
    down = np.array([0., 0., -50.])
    out = np.empty((len(p), 19, 3))
    out[:, 0], out[:, 1] = p[:, 0], p[:, 2]
    for dst, src in ((2, 12), (3, 13), (4, 14), (6, 6), (7, 7), (8, 8),
                     (10, 9), (11, 10), (12, 11), (14, 3), (15, 4),
                     (16, 5)):
        out[:, dst] = p[:, src]
    out[:, 5] = p[:, 14] + 130. * fwd + down
    out[:, 9] = p[:, 8] + 130. * fwd + down
    out[:, 13] = p[:, 11] + 0.3 * (p[:, 11] - p[:, 10])
    out[:, 17] = p[:, 5] + 0.3 * (p[:, 5] - p[:, 4])
    out[:, 18] = p[:, 0] + 1.2 * (p[:, 1] - p[:, 0])
    return out


def stereo_rig(num_views: int = 2,
               baseline_deg: float = 45.,
               radius: float = 3500.,
               height: float = 1100.,
               target: Sequence[float] = (0., 0., 900.),
               focal: float = 300.,
               image_size: Tuple[int, int] = (256, 192)) -> List[dict]:
    """Cameras on an arc around ``target``, ``baseline_deg`` apart.

    Returns:
        list[dict]: V camera dicts (``name``, ``K``, ``R``, ``t`` mm,
        ``dist``, ``image_size``), world z up.
    """
    w, h = image_size
    K = np.array([[focal, 0., (w - 1) / 2.], [0., focal, (h - 1) / 2.],
                  [0., 0., 1.]])
    cams = []
    for v in range(num_views):
        az = np.deg2rad(baseline_deg * (v - (num_views - 1) / 2.))
        pos = (target[0] + radius * np.cos(az),
               target[1] + radius * np.sin(az), height)
        R, t = look_at(pos, target)
        cams.append(
            dict(
                name=f'view{v}',
                K=K.copy(),
                R=R,
                t=t,
                dist=np.zeros(5),
                image_size=np.array([w, h])))
    return cams


@DATASETS.register_module()
class SyntheticStereoDataset(BaseDataset):
    """Procedural people (MADS-19 joints) seen by a calibrated stereo rig.

    Poses come from :class:`selfpose_mm.datasets.synthetic.ProceduralBody`
    (random yaw, limb angles and size) placed within ``position_jitter`` mm
    of the rig's target; the cameras come from :func:`stereo_rig`. The
    images are rendered on the fly by ``RenderStickFigures`` in the
    pipeline, so the dataset only stores poses. Deterministic by ``seed``.

    Args:
        num_samples (int): Dataset length.
        seed (int): Random seed (use different seeds for train and val).
        num_views (int): Cameras V. Defaults to 2.
        baseline_deg (float): Angle between neighbouring cameras.
        radius (float): Camera distance from the target in mm.
        height (float): Camera height in mm.
        focal (float): Focal length in pixels.
        image_size (tuple): Full frame ``(width, height)``.
        position_jitter (float): Max offset of the person in x and y, mm.
        pipeline (Sequence[dict]): Transforms.
        test_mode (bool): MMEngine test mode.
        **kwargs: Forwarded to :class:`mmengine.dataset.BaseDataset`.
    """

    METAINFO = dict(from_file=resolve_dataset_meta_path('mads'))

    def __init__(self,
                 num_samples: int = 1000,
                 seed: int = 0,
                 num_views: int = 2,
                 baseline_deg: float = 45.,
                 radius: float = 3500.,
                 height: float = 1100.,
                 focal: float = 300.,
                 image_size: Tuple[int, int] = (256, 192),
                 position_jitter: float = 300.,
                 pipeline: Sequence[dict] = (),
                 test_mode: bool = False,
                 **kwargs) -> None:
        if num_samples < 1:
            raise ValueError(f'num_samples must be >= 1, got {num_samples}')
        self.num_samples = num_samples
        self.seed = seed
        self.position_jitter = position_jitter
        self.cameras = stereo_rig(num_views, baseline_deg, radius, height,
                                  focal=focal, image_size=image_size)
        super().__init__(
            ann_file='', pipeline=list(pipeline), test_mode=test_mode,
            **kwargs)

    def load_data_list(self) -> List[dict]:
        """Sample every pose (vectorised)."""
        rng = np.random.default_rng(self.seed)
        n = self.num_samples
        xy = rng.uniform(-self.position_jitter, self.position_jitter,
                         size=(n, 2))
        poses = panoptic15_to_mads19(
            ProceduralBody().sample(n, rng, root_xy=xy))
        vis = np.ones(poses.shape[1], np.float32)
        return [
            dict(
                sample_idx=i,
                keypoints_3d=poses[i].astype(np.float32),
                keypoints_3d_visible=vis.copy(),
                cameras=self.cameras,
                subject='synthetic',
                action='random',
                sequence=f'seed{self.seed}',
                frame_id=i) for i in range(n)
        ]
