"""Transforms for multi-view lifting samples (``MultiViewLiftingDataset``).

Pipeline: [``AddKeypoint2DNoise``] → ``EncodeMultiViewLifting`` →
``PackMultiViewLiftingInputs``.
"""
from typing import Dict, Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData

from selfpose_mm.registry import TRANSFORMS
from selfpose_mm.structures import MultiViewCameras, MultiViewPoseDataSample

__all__ = [
    'AddKeypoint2DNoise', 'EncodeMultiViewLifting',
    'PackMultiViewLiftingInputs'
]


@TRANSFORMS.register_module()
class AddKeypoint2DNoise(BaseTransform):
    """I.i.d. Gaussian pixel noise on ``keypoints_2d`` (any shape ``(...,
    2)``): ground-truth 2D is an exact projection, so robustness checks
    need it.

    Args:
        std (float): Standard deviation in pixels.
        seed (int, optional): Fixed seed (same noise on every call, for
            tests); None uses NumPy's global state.
    """

    def __init__(self, std: float, seed=None) -> None:
        if std < 0:
            raise ValueError(f'std must be >= 0, got {std}')
        self.std = float(std)
        self.seed = seed

    def transform(self, results: Dict) -> Dict:
        kp = np.asarray(results['keypoints_2d'], np.float32)
        rng = np.random.default_rng(self.seed) if self.seed is not None \
            else np.random
        results['keypoints_2d'] = kp + rng.normal(
            0., self.std, kp.shape).astype(np.float32)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(std={self.std})'


@TRANSFORMS.register_module()
class EncodeMultiViewLifting(BaseTransform):
    """Screen-normalise every view's 2D; make the 3D root-relative.

    Network input per view is VideoPose3D's ``xy / w * 2 - [1, h / w]`` (the
    same encoding as ``VideoLiftingLabel``, so single-view test samples
    from ``VideoPose3DDataset`` feed the same network). The 3D (evaluation
    only) becomes root-relative camera-frame mm.

    Required Keys:
        - keypoints_2d (V, K, 2) px, image_size (V, 2), keypoints_3d
          (V, K, 3) mm or None

    Added Keys:
        - keypoint_input (V, K, 2), keypoints_3d_rel (V, K, 3)

    Args:
        root_index (int): Root joint. Defaults to 0.
    """

    def __init__(self, root_index: int = 0) -> None:
        self.root_index = root_index

    def transform(self, results: Dict) -> Dict:
        kp = np.asarray(results['keypoints_2d'], np.float32)
        size = np.asarray(results['image_size'], np.float32)  # (V, 2)
        w = size[:, 0, None, None]
        offset = np.stack([np.ones_like(size[:, 0]), size[:, 1] / size[:, 0]],
                          -1)[:, None]
        results['keypoint_input'] = (kp / w * 2. - offset).astype(np.float32)
        kp3d = results.get('keypoints_3d')
        if kp3d is not None:
            kp3d = np.asarray(kp3d, np.float32)
            results['keypoints_3d_rel'] = \
                kp3d - kp3d[:, self.root_index:self.root_index + 1]
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(root_index={self.root_index})'


@TRANSFORMS.register_module()
class PackMultiViewLiftingInputs(BaseTransform):
    """Pack a multi-view frame into ``inputs`` and a
    ``MultiViewPoseDataSample``.

    ``inputs``: ``(V, K, 2)`` float tensor. Data sample:
    ``gt_instance_labels.keypoints_2d`` ``(V, K, 2)`` pixels and
    ``keypoints_2d_visible`` ``(V, K)`` (the self-supervised loss's
    targets); with 3D, ``gt_instances.keypoints_3d`` ``(V, K, 3)``
    root-relative camera-frame mm (metrics only); ``cameras``: the
    sample's :class:`MultiViewCameras` ``(V,)`` (world→camera, mm, with
    distortion) from ``results['cameras']``. Metainfo: ``image_size`` (V,
    2) and the ``meta_keys`` present.

    Args:
        meta_keys (Sequence[str]): Keys copied into the metainfo.
    """

    def __init__(self,
                 meta_keys: Sequence[str] = ('subject', 'action', 'sequence',
                                             'frame_id')) -> None:
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: Dict) -> Dict:
        inputs = torch.from_numpy(
            np.ascontiguousarray(results['keypoint_input'], np.float32))
        kp = np.ascontiguousarray(results['keypoints_2d'], np.float32)
        cameras = results.get('cameras')
        if not isinstance(cameras, MultiViewCameras):
            raise TypeError(
                'PackMultiViewLiftingInputs: results[\'cameras\'] must be a '
                f'MultiViewCameras (V,), got {type(cameras).__name__} (the '
                'dataset sets it, e.g. MultiViewLiftingDataset)')
        sample = MultiViewPoseDataSample()
        sample.cameras = cameras
        labels = InstanceData()
        labels.keypoints_2d = torch.from_numpy(kp)
        vis = results.get('keypoints_2d_visible')
        vis = np.ones(kp.shape[:2], np.float32) if vis is None else \
            np.asarray(vis, np.float32)
        labels.keypoints_2d_visible = torch.from_numpy(vis)
        sample.gt_instance_labels = labels
        if results.get('keypoints_3d_rel') is not None:
            gt = InstanceData()
            gt.keypoints_3d = results['keypoints_3d_rel']
            gt.keypoints_3d_visible = np.ones(kp.shape[:2], np.float32)
            sample.gt_instances = gt
        meta = {k: results[k] for k in self.meta_keys if k in results}
        meta.update(
            image_size=np.asarray(results['image_size'], np.float32))
        sample.set_metainfo(meta)
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'
