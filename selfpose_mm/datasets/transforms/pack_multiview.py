"""Pack a multi-view sample into ``inputs`` and a
``MultiViewPoseDataSample``."""
from typing import Dict, Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData

from selfpose_mm.geometry import apply_affine
from selfpose_mm.registry import TRANSFORMS
from selfpose_mm.structures import MultiViewPoseDataSample
from ..camera_utils import project_to_views, results_cameras

__all__ = ['PackMultiViewInputs']


@TRANSFORMS.register_module()
class PackMultiViewInputs(BaseTransform):
    """The last transform of every voxel-pipeline dataset.

    Produces the packed multi-view format: ``inputs`` (V, C, H, W)
    float32 (heatmaps in [0, 1], or BGR pixels 0..255) and a
    ``MultiViewPoseDataSample`` whose ``cameras`` is the sample's
    ``MultiViewCameras`` ``(V,)`` (with the input affine and input size)
    and whose ``gt_instances`` hold
    ``keypoints_3d``
    (M, K, 3), ``keypoints_3d_visible`` (M, K), ``instance_ids`` (M,),
    ``keypoints_2d`` (M, V, K, 2) in network-input pixels and
    ``keypoints_2d_visible`` (M, V, K) (M may be 0), and whose metainfo
    holds ``input_size``, ``heatmap_size``, ``camera_names`` and the
    ``meta_keys`` (no camera arrays: they live in ``cameras``).

    Pseudo 2D labels without cross-view identity (SelfPose3d pickles) are
    packed, when present, as metainfo ``pseudo_keypoints_2d`` (V, M', K, 2)
    in network-input pixels and ``pseudo_keypoints_2d_visible`` (V, M', K).

    Required Keys:
        - heatmaps (V, K, H, W) or img (list of V (H, W, 3))
        - cameras (``MultiViewCameras`` ``(V,)`` with the input affine),
          input_size, heatmap_size
        - keypoints_3d, keypoints_3d_visible, instance_ids (optional; an
          empty frame when absent)
        - gt_keypoints_2d, gt_keypoints_2d_visible (optional; projected
          from ``keypoints_3d`` when absent)

    Args:
        meta_keys (Sequence[str]): Keys copied into the metainfo.
    """

    def __init__(self,
                 meta_keys: Sequence[str] = ('sample_idx', 'sequence',
                                             'frame_id', 'subject',
                                             'action', 'camera_names',
                                             'img_paths')) -> None:
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: Dict) -> Dict:
        if 'heatmaps' in results:
            inputs = torch.from_numpy(
                np.ascontiguousarray(results['heatmaps'], np.float32))
        elif 'img' in results:
            img = np.stack(results['img']).astype(np.float32)
            inputs = torch.from_numpy(
                np.ascontiguousarray(img.transpose(0, 3, 1, 2)))
        else:
            raise KeyError('PackMultiViewInputs: neither "heatmaps" '
                           '(RenderInputHeatmaps) nor "img" '
                           '(LoadMultiViewImages) in the results')
        cams = results_cameras(results, 'PackMultiViewInputs').with_affine(
            results['cameras'].affine, results['input_size'])
        A = cams.affine.double().numpy()
        V = A.shape[0]
        in_w, in_h = results['input_size']
        kp3d = np.asarray(results.get('keypoints_3d', np.zeros((0, 15, 3))),
                          np.float32)
        M, K = kp3d.shape[:2]
        vis3d = np.asarray(
            results.get('keypoints_3d_visible', np.ones((M, K))), np.float32)
        ids = np.asarray(results.get('instance_ids', np.arange(M)), np.int64)
        if 'gt_keypoints_2d' in results:
            uv = np.asarray(results['gt_keypoints_2d'], np.float64)
            vis2d = np.asarray(results['gt_keypoints_2d_visible']) > 0
        else:
            uv, vis2d, _ = project_to_views(kp3d, cams, vis3d)
        uv_in = apply_affine(uv.reshape(V, M * K, 2), A).reshape(V, M, K, 2)
        inside = ((uv_in >= 0) & (uv_in <= [in_w - 1, in_h - 1])).all(-1)
        gt = InstanceData()
        gt.keypoints_3d = kp3d
        gt.keypoints_3d_visible = vis3d
        gt.instance_ids = ids
        gt.keypoints_2d = uv_in.transpose(1, 0, 2, 3).astype(np.float32)
        gt.keypoints_2d_visible = (vis2d & inside).transpose(
            1, 0, 2).astype(np.float32)
        meta = dict(
            input_size=tuple(results['input_size']),
            heatmap_size=tuple(results['heatmap_size']))
        for key in self.meta_keys:
            if key in results:
                meta[key] = results[key]
        if 'pseudo_keypoints_2d' in results:
            p = np.asarray(results['pseudo_keypoints_2d'], np.float64)
            pv = np.asarray(results['pseudo_keypoints_2d_visible']) > 0
            # the pseudo labels' own layout (P, K'), e.g. Panoptic-15
            # detections for Shelf-14 ground truth
            p_in = apply_affine(p.reshape(V, -1, 2), A).reshape(p.shape)
            ok = ((p_in >= 0) & (p_in <= [in_w - 1, in_h - 1])).all(-1)
            meta['pseudo_keypoints_2d'] = p_in.astype(np.float32)
            meta['pseudo_keypoints_2d_visible'] = (pv & ok).astype(
                np.float32)
        sample = MultiViewPoseDataSample(metainfo=meta)
        sample.cameras = cams
        sample.gt_instances = gt
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'
