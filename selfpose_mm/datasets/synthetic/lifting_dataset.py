"""Single-view lifting samples drawn from the procedural multi-view world."""
from typing import List, Optional, Sequence, Tuple

import numpy as np
from mmengine.dataset import BaseDataset

from selfpose_mm.geometry.rig import ring_rig
from selfpose_mm.registry import DATASETS
from selfpose_mm.structures import MultiViewCameras
from .body_model import ProceduralBody

__all__ = ['SyntheticLiftingDataset']


@DATASETS.register_module()
class SyntheticLiftingDataset(BaseDataset):
    """Procedural people seen by a ring of cameras, one view per sample.

    Each sample is one person (Panoptic-15 joints) placed in a
    ``space_size`` area and seen by one camera of a ``num_cameras`` ring:
    the 2D input is its projection (plus Gaussian pixel noise), the target
    its camera-frame 3D pose in mm, and ``cameras`` that camera as a
    ``(1,)`` :class:`~selfpose_mm.structures.MultiViewCameras` in the
    camera frame of the 3D (``R = I``, ``t = 0``; ``K``, zero distortion,
    image size), so ``cameras.project(keypoints_3d)`` gives the noise-free
    2D. Fully deterministic by ``seed``; needs
    no download.

    Args:
        num_samples (int): Dataset length. Defaults to 2000.
        num_cameras (int): Cameras on the ring. Defaults to 5.
        seed (int): Random seed; use different seeds for train and val.
        space_size (tuple): ``(x, y)`` extent in mm people stand in.
        noise_px (float): Std of Gaussian 2D noise in pixels.
        rig (dict, optional): Extra keyword arguments for
            :func:`selfpose_mm.geometry.rig.ring_rig`.
        pipeline (Sequence[dict]): Transforms.
        test_mode (bool): MMEngine test mode flag.
        **kwargs: Passed to :class:`mmengine.dataset.BaseDataset`.
    """

    METAINFO = dict(
        dataset_name='synthetic_panoptic15', num_keypoints=15)

    def __init__(self,
                 num_samples: int = 2000,
                 num_cameras: int = 5,
                 seed: int = 0,
                 space_size: Tuple[float, float] = (4000., 4000.),
                 noise_px: float = 0.,
                 rig: Optional[dict] = None,
                 pipeline: Sequence[dict] = (),
                 test_mode: bool = False,
                 **kwargs) -> None:
        if num_samples < 1:
            raise ValueError(f'num_samples must be >= 1, got {num_samples}')
        self.num_samples = num_samples
        self.num_cameras = num_cameras
        self.seed = seed
        self.space_size = space_size
        self.noise_px = noise_px
        self.cameras = ring_rig(num_cameras, **(rig or {}))
        # one (1,) camera-frame structure per ring camera, shared by its
        # samples (structures are immutable)
        self.view_cameras = [
            MultiViewCameras(
                K=np.asarray(c['K'], np.float32)[None],
                R=np.eye(3, dtype=np.float32)[None],
                t=np.zeros((1, 3), np.float32),
                dist=np.asarray(c['dist'], np.float32)[None],
                image_size=np.asarray(c['image_size'], np.float32)[None])
            for c in self.cameras
        ]
        super().__init__(
            ann_file='', pipeline=list(pipeline), test_mode=test_mode,
            **kwargs)

    def load_data_list(self) -> List[dict]:
        """Generate every sample (vectorised over people)."""
        rng = np.random.default_rng(self.seed)
        n = self.num_samples
        half = np.asarray(self.space_size) / 2.
        xy = rng.uniform(-half, half, size=(n, 2))
        poses = ProceduralBody().sample(n, rng, root_xy=xy)  # (N, K, 3)
        cam_idx = np.arange(n) % self.num_cameras
        R = np.stack([c['R'] for c in self.cameras])[cam_idx]
        t = np.stack([c['t'] for c in self.cameras])[cam_idx]
        K = np.stack([c['K'] for c in self.cameras])[cam_idx]
        cam_pts = np.einsum('nij,nkj->nki', R, poses) + t[:, None]
        uv = np.einsum('nij,nkj->nki', K, cam_pts)
        uv = uv[..., :2] / uv[..., 2:]
        uv += rng.normal(0., self.noise_px, size=uv.shape)
        return [
            dict(
                sample_idx=i,
                camera=self.cameras[cam_idx[i]]['name'],
                camera_index=int(cam_idx[i]),
                subject='synthetic',
                action='random',
                frame_id=i,
                keypoints_2d=uv[i].astype(np.float32),
                keypoints_3d=cam_pts[i].astype(np.float32),
                keypoints_3d_visible=np.ones(poses.shape[1], np.float32))
            for i in range(n)
        ]

    def get_data_info(self, idx: int) -> dict:
        """A sample plus its camera's ``(1,)`` structure as ``cameras``."""
        info = super().get_data_info(idx)
        info['cameras'] = self.view_cameras[info['camera_index']]
        return info
