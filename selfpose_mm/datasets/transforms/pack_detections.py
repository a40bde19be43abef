"""Packing of multi-view 2D detections for detection-input estimators
(e.g. :class:`~selfpose_mm.models.GeometricBaseline`)."""
from typing import Dict, Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData

from selfpose_mm.registry import TRANSFORMS
from selfpose_mm.structures import MultiViewPoseDataSample
from ..camera_utils import results_cameras

__all__ = ['PackMultiViewDetections', 'SplitDetectionScores']


@TRANSFORMS.register_module()
class PackMultiViewDetections(BaseTransform):
    """Pack multi-view 2D detections and the 3D GT of one frame.

    Required Keys:

    - keypoints_2d (``(V, P, K, 3)`` x, y, score; or ``(V, P, K, 2)``
      together with ``keypoints_2d_scores`` ``(V, P, K)``, the voxel
      contract's form)
    - keypoints_3d (``(M, J, 3)`` mm), keypoints_3d_visible (``(M, J)``),
      instance_ids (``(M,)``): the GT, as in the voxel contract (optional)
    - cameras (``MultiViewCameras`` ``(V,)``, optional: estimators that
      triangulate need it)
    - the ``meta_keys`` present

    Added Keys:

    - inputs (Tensor ``(V, P, K, 3)``)
    - data_samples (``MultiViewPoseDataSample`` with ``cameras``,
      ``gt_instances.keypoints_3d``, ``keypoints_3d_visible`` and
      ``instance_ids``, and the metainfo)

    Args:
        meta_keys (Sequence[str]): Keys copied into the metainfo. Defaults
            to frame and sequence identifiers, image sizes and camera
            names.
    """

    def __init__(self,
                 meta_keys: Sequence[str] = ('frame_id',
                                             'sequence', 'image_size',
                                             'dataset_name',
                                             'camera_names')) -> None:
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: Dict) -> Dict:
        """Build ``inputs`` and the data sample."""
        sample = MultiViewPoseDataSample()
        if 'cameras' in results or 'camera_params' in results:
            sample.cameras = results_cameras(results,
                                             'PackMultiViewDetections')
        gt = InstanceData()
        if 'keypoints_3d' in results:
            kpts = np.asarray(results['keypoints_3d'], dtype=np.float32)
            gt.keypoints_3d = kpts
            gt.keypoints_3d_visible = np.asarray(
                results.get('keypoints_3d_visible',
                            np.ones(kpts.shape[:2])), np.float32)
            gt.instance_ids = np.asarray(
                results.get('instance_ids', np.arange(len(kpts))),
                dtype=np.int64)
        sample.gt_instances = gt
        sample.set_metainfo(
            {k: results[k]
             for k in self.meta_keys if k in results})
        dets = np.asarray(results['keypoints_2d'], dtype=np.float32)
        if dets.shape[-1] == 2:
            if 'keypoints_2d_scores' not in results:
                raise KeyError('keypoints_2d has (x, y) only; '
                               'keypoints_2d_scores (V, P, K) is required')
            scores = np.asarray(results['keypoints_2d_scores'], np.float32)
            dets = np.concatenate([dets, scores[..., None]], -1)
        if dets.ndim != 4 or dets.shape[-1] != 3:
            raise ValueError(f'keypoints_2d must be (V, P, K, 3), got '
                             f'{dets.shape}')
        return dict(inputs=torch.as_tensor(dets), data_samples=sample)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'


@TRANSFORMS.register_module()
class SplitDetectionScores(BaseTransform):
    """Detections ``(V, P, K, 3)`` into the voxel contract's two fields.

    Recordings (:class:`~selfpose_mm.apis.io.MultiViewRecording`) hold
    ``keypoints_2d`` as ``x, y, score``; the heatmap transforms
    (``RenderInputHeatmaps``) read ``keypoints_2d (V, P, K, 2)`` and
    ``keypoints_2d_scores (V, P, K)``, which training gets from
    ``ProjectPoses`` + ``EmulateDetections``. Already split inputs pass
    unchanged.

    Required Keys: keypoints_2d. Modified Keys: keypoints_2d. Added Keys:
    keypoints_2d_scores.
    """

    def transform(self, results: Dict) -> Dict:
        """Split the score channel off."""
        kp = np.asarray(results['keypoints_2d'], np.float32)
        if kp.ndim != 4 or kp.shape[-1] not in (2, 3):
            raise ValueError(f'keypoints_2d must be (V, P, K, 3), got '
                             f'{kp.shape}')
        if kp.shape[-1] == 3:
            results['keypoints_2d'] = kp[..., :2]
            results['keypoints_2d_scores'] = kp[..., 2]
        return results
