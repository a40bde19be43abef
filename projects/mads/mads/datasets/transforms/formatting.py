"""Heatmap targets per view and packing of multi-view samples."""
from typing import Dict, Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData

from selfpose_mm.datasets import results_cameras
from selfpose_mm.registry import KEYPOINT_CODECS, TRANSFORMS
from selfpose_mm.structures import MultiViewPoseDataSample

__all__ = ['EncodeViewHeatmaps', 'PackMultiViewPose']


@TRANSFORMS.register_module()
class EncodeViewHeatmaps(BaseTransform):
    """Encode every view's 2D keypoints with a heatmap codec.

    Required Keys:
        - keypoints_2d (V, K, 2) crop pixels, keypoints_2d_visible (V, K)

    Added Keys:
        - heatmaps (V, K, H, W), heatmap_weights (V, K)

    Args:
        codec (dict): e.g. ``dict(type='MSRAHeatmap', input_size=(128,
            128), heatmap_size=(32, 32), sigma=2)``, the same object the
            head decodes with.
    """

    def __init__(self, codec: dict) -> None:
        self.codec = KEYPOINT_CODECS.build(codec)

    def transform(self, results: Dict) -> Dict:
        kp = np.asarray(results['keypoints_2d'], np.float32)
        vis = np.asarray(results['keypoints_2d_visible'], np.float32)
        hms, ws = [], []
        for v in range(len(kp)):  # the codec encodes one instance
            enc = self.codec.encode(kp[v:v + 1], vis[v:v + 1])
            hms.append(enc['heatmaps'])
            ws.append(enc['keypoint_weights'][0])
        results['heatmaps'] = np.stack(hms).astype(np.float32)
        results['heatmap_weights'] = np.stack(ws).astype(np.float32)
        return results


@TRANSFORMS.register_module()
class PackMultiViewPose(BaseTransform):
    """Pack a cropped multi-view sample into ``inputs`` and a data sample.

    ``inputs`` is ``(V, 3, H, W)`` float32 raw BGR values; the data sample
    (a ``MultiViewPoseDataSample``) holds:

    - ``cameras``: the crop cameras of ``CropViews``, a float64
      ``MultiViewCameras`` ``(V,)`` (crop-pixel ``K``, ``R``, ``t`` mm,
      ``dist``, ``image_size``; see
      :func:`~projects.mads.mads.models.ops.stack_camera_tensors`);
    - metainfo: ``input_affine`` ``(V, 2, 3)``, ``input_size`` and the
      ``meta_keys``;
    - ``gt_instances`` (NumPy, for the metrics): ``keypoints_3d``
      ``(1, K, 3)`` world mm, ``keypoints_3d_visible`` ``(1, K)``,
      ``keypoints_2d`` ``(1, V, K, 2)``, ``keypoints_2d_visible``
      ``(1, V, K)``, ``instance_ids`` ``(1,)``;
    - ``gt_instance_labels`` (tensors, for the losses): ``keypoints_3d``,
      ``keypoints_3d_weights`` ``(1, K)``, ``keypoints_2d``,
      ``keypoints_2d_weights`` ``(1, V, K)`` (after occlusion masking) and
      ``heatmaps`` ``(1, V, K, H, W)`` / ``heatmap_weights`` when encoded.

    Args:
        meta_keys (Sequence[str]): Extra keys copied into the metainfo
            when present.
    """

    def __init__(self,
                 meta_keys: Sequence[str] = ('sample_idx', 'subject',
                                             'action', 'sequence',
                                             'frame_id', 'camera_names',
                                             'img_paths')) -> None:
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: Dict) -> Dict:
        imgs = np.stack(results['imgs']).transpose(0, 3, 1, 2)
        inputs = torch.from_numpy(np.ascontiguousarray(imgs, np.float32))
        X = np.asarray(results['keypoints_3d'], np.float32)
        vis3d = np.asarray(results['keypoints_3d_visible'], np.float32)
        kp2d = np.asarray(results['keypoints_2d'], np.float32)
        vis2d = np.asarray(results['keypoints_2d_visible'], np.float32)
        w3d = np.asarray(results.get('keypoints_3d_weights', vis3d),
                         np.float32)
        sample = MultiViewPoseDataSample()
        sample.cameras = results_cameras(results, 'PackMultiViewPose')
        gt = InstanceData()
        gt.keypoints_3d = X[None]
        gt.keypoints_3d_visible = vis3d[None]
        gt.keypoints_2d = kp2d[None]
        gt.keypoints_2d_visible = vis2d[None]
        gt.instance_ids = np.zeros(1, np.int64)
        sample.gt_instances = gt
        labels = InstanceData()
        labels.keypoints_3d = torch.from_numpy(X[None])
        labels.keypoints_3d_weights = torch.from_numpy(w3d[None])
        labels.keypoints_2d = torch.from_numpy(kp2d[None])
        labels.keypoints_2d_weights = torch.from_numpy(vis2d[None])
        if 'heatmaps' in results:
            labels.heatmaps = torch.from_numpy(results['heatmaps'][None])
            labels.heatmap_weights = torch.from_numpy(
                results['heatmap_weights'][None])
        sample.gt_instance_labels = labels
        meta = dict(
            input_affine=results['input_affine'],
            input_size=results['input_size'])
        meta.update(
            {k: results[k]
             for k in self.meta_keys if k in results})
        sample.set_metainfo(meta)
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'
