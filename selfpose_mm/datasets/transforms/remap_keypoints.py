"""Convert 2D detections between keypoint layouts (BODY_25, COCO-17 ->
Panoptic-15, ...)."""
from typing import Dict, Sequence, Tuple, Union

import numpy as np
from mmcv.transforms import BaseTransform

from selfpose_mm.registry import TRANSFORMS

__all__ = [
    'RemapKeypoints2D', 'KEYPOINT_MAPPINGS', 'BODY25_TO_PANOPTIC15',
    'COCO17_TO_PANOPTIC15', 'remap_points', 'coco17_to_panoptic15'
]

Source = Union[int, Sequence[int]]

#: OpenPose BODY_25 index of each Panoptic-15 joint (0 neck, 1 nose,
#: 2 mid-hip, 3-5 left arm, 6-8 left leg, 9-11 right arm, 12-14 right leg).
BODY25_TO_PANOPTIC15: Tuple[Source, ...] = (1, 0, 8, 5, 6, 7, 12, 13, 14,
                                            2, 3, 4, 9, 10, 11)
#: COCO-17 source of each Panoptic-15 joint: the neck is the shoulder
#: midpoint and the mid-hip the hip midpoint.
COCO17_TO_PANOPTIC15: Tuple[Source, ...] = ((5, 6), 0, (11, 12), 5, 7, 9,
                                            11, 13, 15, 6, 8, 10, 12, 14,
                                            16)

#: Named mappings usable as ``RemapKeypoints2D(mapping='...')``.
KEYPOINT_MAPPINGS: Dict[str, Tuple[Source, ...]] = dict(
    body25_to_panoptic15=BODY25_TO_PANOPTIC15,
    coco17_to_panoptic15=COCO17_TO_PANOPTIC15)


def _index(mapping: Sequence[Source]) -> np.ndarray:
    """``(K_out, W)`` source indices, groups padded with their first."""
    groups = [[int(s)] if np.isscalar(s) else [int(i) for i in s]
              for s in mapping]
    if not groups or any(len(g) == 0 for g in groups):
        raise ValueError('keypoint mapping: every output joint needs at '
                         'least one source index')
    width = max(len(g) for g in groups)
    return np.array([g + [g[0]] * (width - len(g)) for g in groups],
                    np.int64)


def remap_points(points: np.ndarray,
                 mapping: Sequence[Source]) -> np.ndarray:
    """Points ``(..., K_in, C)`` to ``(..., K_out, C)``: each output joint
    is a source joint or the mean of several (one gather, one mean)."""
    return np.asarray(points)[..., _index(mapping), :].mean(-2)


def coco17_to_panoptic15(joints: np.ndarray) -> np.ndarray:
    """COCO-17 joints ``(..., 17, C)`` to Panoptic-15 ``(..., 15, C)``
    (neck = shoulder midpoint, mid-hip = hip midpoint; eyes and ears are
    dropped)."""
    return remap_points(joints, COCO17_TO_PANOPTIC15)


@TRANSFORMS.register_module()
class RemapKeypoints2D(BaseTransform):
    """Re-order, select and average 2D keypoints into another layout.

    Each output joint is one source joint or the mean of several (e.g. a
    neck from the two shoulders); a mean is valid only when every source
    is (score > 0) and takes their smallest score. Vectorised: one gather
    and one reduction for all views, people and joints.

    Required Keys:
        - keypoints_2d ``(V, P, K_in, 3)`` (x, y, score) or
          ``(V, P, K_in, 2)`` with keypoints_2d_scores ``(V, P, K_in)``

    Modified Keys:
        - keypoints_2d ``(V, P, K_out, 2)`` pixels (NaN-free; invalid
          joints keep 0 and score 0)
        - keypoints_2d_scores ``(V, P, K_out)``

    Args:
        mapping (str | Sequence): A name in :data:`KEYPOINT_MAPPINGS` or,
            per output joint, a source index or a sequence of indices to
            average.
        num_input_keypoints (int, optional): Expected ``K_in``; a sample
            with another count is an error naming the fix. Defaults to
            ``None`` (only the indices are checked).
    """

    def __init__(self,
                 mapping: Union[str, Sequence[Source]],
                 num_input_keypoints: Union[int, None] = None) -> None:
        if isinstance(mapping, str):
            if mapping not in KEYPOINT_MAPPINGS:
                raise KeyError(f'RemapKeypoints2D: unknown mapping '
                               f'{mapping!r}; valid: '
                               f'{sorted(KEYPOINT_MAPPINGS)} or a list of '
                               'source indices per output joint')
            self.mapping_name = mapping
            mapping = KEYPOINT_MAPPINGS[mapping]
        else:
            self.mapping_name = None
        self.index = _index(mapping)  # (K_out, W)
        self.num_input_keypoints = num_input_keypoints

    def transform(self, results: Dict) -> Dict:
        """Remap ``keypoints_2d`` and ``keypoints_2d_scores``."""
        kp = np.asarray(results['keypoints_2d'], np.float32)
        if kp.ndim != 4 or kp.shape[-1] not in (2, 3):
            raise ValueError(f'RemapKeypoints2D: keypoints_2d must be '
                             f'(V, P, K, 2|3), got {kp.shape}')
        if kp.shape[-1] == 3:
            xy, sc = kp[..., :2], kp[..., 2]
        else:
            if 'keypoints_2d_scores' not in results:
                raise KeyError('RemapKeypoints2D: keypoints_2d has (x, y) '
                               'only and keypoints_2d_scores is missing')
            xy = kp
            sc = np.asarray(results['keypoints_2d_scores'], np.float32)
        k_in = kp.shape[2]
        if (self.num_input_keypoints is not None
                and k_in != self.num_input_keypoints):
            raise ValueError(
                f'RemapKeypoints2D({self.mapping_name or "custom"}): the '
                f'sample has {k_in} keypoints, expected '
                f'{self.num_input_keypoints}; use the mapping of your '
                'detector\'s layout')
        if int(self.index.max()) >= k_in:
            raise ValueError(f'RemapKeypoints2D: source index '
                             f'{int(self.index.max())} >= {k_in} input '
                             'keypoints')
        sc = np.nan_to_num(sc, nan=0.)
        ok = np.isfinite(xy).all(-1) & (sc > 0)
        xy = np.where(ok[..., None], xy, 0.)
        g_xy = xy[:, :, self.index]  # (V, P, K_out, W, 2)
        g_sc = np.where(ok, sc, 0.)[:, :, self.index]  # (V, P, K_out, W)
        valid = (g_sc > 0).all(-1)
        out_sc = np.where(valid, g_sc.min(-1), 0.).astype(np.float32)
        out_xy = np.where(valid[..., None], g_xy.mean(-2), 0.)
        results['keypoints_2d'] = out_xy.astype(np.float32)
        results['keypoints_2d_scores'] = out_sc
        return results

    def __repr__(self) -> str:
        name = self.mapping_name or f'{len(self.index)} joints'
        return f'{self.__class__.__name__}(mapping={name})'
