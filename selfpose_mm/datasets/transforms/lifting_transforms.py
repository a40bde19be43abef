"""Transforms for 2D→3D lifting samples."""
from typing import Dict, Optional, Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData

from selfpose_mm.registry import KEYPOINT_CODECS, TRANSFORMS
from selfpose_mm.structures import MultiViewPoseDataSample

__all__ = ['EncodeLiftingSample', 'PackLiftingInputs']


@TRANSFORMS.register_module()
class EncodeLiftingSample(BaseTransform):
    """Encode a lifting sample with a codec (the same one the head decodes).

    Required Keys:
        - keypoints_2d (K, 2) pixels
        - cameras (:class:`MultiViewCameras` ``(1,)``, distortion-free;
          a plain ``intrinsics`` (3, 3) matrix is still accepted instead)
        - keypoints_3d (K, 3) camera-frame mm (optional at test time)

    Added Keys:
        - keypoint_input, lifting_target, target_root

    Args:
        codec (dict): Codec config, e.g. ``dict(type='PinholeLiftingLabel',
            num_keypoints=15)``.
    """

    def __init__(self, codec: dict) -> None:
        self.codec = KEYPOINT_CODECS.build(codec)

    def transform(self, results: Dict) -> Dict:
        results.update(
            self.codec.encode(
                results['keypoints_2d'],
                cameras=results.get('cameras'),
                intrinsics=results.get('intrinsics'),
                keypoints_3d=results.get('keypoints_3d')))
        return results


@TRANSFORMS.register_module()
class PackLiftingInputs(BaseTransform):
    """Pack an encoded lifting sample into ``inputs`` and a data sample.

    Required Keys:
        - keypoint_input (K, 2)
        - lifting_target (K, 3), target_root (3,) (when 3D is known)
        - keypoints_3d_visible (K,) (optional, defaults to all ones)

    The packed ``PoseDataSample`` holds ``gt_instances.keypoints_3d``
    (1, K, 3) root-relative mm and ``gt_instances.keypoints_3d_visible``
    (1, K) for the metrics, ``gt_instance_labels.lifting_target``
    (1, K, 3) for the loss, the ``meta_keys`` as metainfo and, when the
    results have them, the ``cameras`` (``(1,)``
    :class:`MultiViewCameras`): the sample is a
    :class:`MultiViewPoseDataSample` (a ``PoseDataSample`` with that typed
    field).

    Args:
        meta_keys (Sequence[str]): Keys copied into the metainfo when
            present. Defaults to sample/camera/subject/action/frame ids.
    """

    def __init__(self,
                 meta_keys: Sequence[str] = ('sample_idx', 'camera',
                                             'subject', 'action',
                                             'frame_id', 'target_root')
                 ) -> None:
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: Dict) -> Dict:
        inputs = torch.from_numpy(
            np.ascontiguousarray(results['keypoint_input'], np.float32))
        sample = MultiViewPoseDataSample()
        if results.get('cameras') is not None:
            sample.cameras = results['cameras']
        target: Optional[np.ndarray] = results.get('lifting_target')
        if target is not None:
            k = target.shape[0]
            vis = np.asarray(
                results.get('keypoints_3d_visible', np.ones(k)),
                dtype=np.float32)
            gt = InstanceData()
            root = results['target_root']
            rel_mm = (np.asarray(results['keypoints_3d']) - root)[None]
            gt.keypoints_3d = rel_mm.astype(np.float32)
            gt.keypoints_3d_visible = vis[None]
            sample.gt_instances = gt
            labels = InstanceData()
            labels.lifting_target = torch.from_numpy(target[None])
            labels.lifting_target_weight = torch.from_numpy(vis[None])
            sample.gt_instance_labels = labels
        sample.set_metainfo(
            {k: results[k]
             for k in self.meta_keys if k in results})
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'
