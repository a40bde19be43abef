"""Project the 3D people of a multi-view sample into every view."""
from typing import Dict

import numpy as np
from mmcv.transforms import BaseTransform

from selfpose_mm.registry import TRANSFORMS
from ..camera_utils import project_to_views, results_cameras

__all__ = ['ProjectPoses']


@TRANSFORMS.register_module()
class ProjectPoses(BaseTransform):
    """Project ``keypoints_3d`` into every camera (original pixels).

    The projection is the GT 2D used for supervision. When the sample has
    no 2D detections yet (synthetic world, Panoptic without pseudo labels)
    it also becomes the 2D "detections" ``keypoints_2d`` with binary
    ``keypoints_2d_scores``, which :class:`EmulateDetections` then corrupts.

    Required Keys:
        - keypoints_3d (M, K, 3) world mm
        - keypoints_3d_visible (M, K) (optional, all ones)
        - cameras (``MultiViewCameras`` ``(V,)``)

    Added Keys:
        - gt_keypoints_2d (V, M, K, 2) float32, original pixels
        - gt_keypoints_2d_visible (V, M, K) float32
        - keypoints_depth (V, M, K) float32, camera depth in mm
        - keypoints_2d (V, M, K, 2), keypoints_2d_scores (V, M, K) (only if
          absent)

    Args:
        min_depth (float): Joints closer than this to a camera plane (mm)
            are invisible in that view. Defaults to 100.
        max_fov_ratio (float): Off-axis limit relative to the image corner,
            guarding against distortion fold-back. Defaults to 1.3.
    """

    def __init__(self, min_depth: float = 100.,
                 max_fov_ratio: float = 1.3) -> None:
        self.min_depth = min_depth
        self.max_fov_ratio = max_fov_ratio

    def transform(self, results: Dict) -> Dict:
        kp3d = np.asarray(results['keypoints_3d'], np.float64)
        vis3d = results.get('keypoints_3d_visible')
        uv, vis, depth = project_to_views(
            kp3d, results_cameras(results, 'ProjectPoses'), vis3d,
            self.min_depth, self.max_fov_ratio)
        results['gt_keypoints_2d'] = uv.astype(np.float32)
        results['gt_keypoints_2d_visible'] = vis.astype(np.float32)
        results['keypoints_depth'] = depth.astype(np.float32)
        if 'keypoints_2d' not in results:
            results['keypoints_2d'] = uv.astype(np.float32)
            results['keypoints_2d_scores'] = vis.astype(np.float32)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(min_depth={self.min_depth}, '
                f'max_fov_ratio={self.max_fov_ratio})')
