"""Evaluation: pure functions (``functional``) and registered metrics."""
from .functional import (ALIGNMENTS, COCO17_TO_SHELF, PANOPTIC15_TO_SHELF,
                         PANOPTIC_THRESHOLDS, SHELF_BONE_GROUPS,
                         SHELF_JOINT_NAMES, SHELF_LIMBS, SHELF_PART_NAMES,
                         action_category, ap_at_threshold,
                         coco17_to_shelf14, group_average, keypoint_errors,
                         keypoint_mpjpe, keypoint_mpjve,
                         keypoint_velocity_errors, match_nearest_gt,
                         panoptic15_to_shelf14, panoptic_ap_recall,
                         pcp_correct, shelf_campus_pcp, to_shelf14)
from .metrics import MPJPEMetric, PanopticAPMetric, PCPMetric

__all__ = [
    'ALIGNMENTS', 'keypoint_errors', 'keypoint_mpjpe',
    'keypoint_velocity_errors', 'keypoint_mpjve', 'action_category',
    'group_average', 'PANOPTIC_THRESHOLDS', 'match_nearest_gt',
    'ap_at_threshold', 'panoptic_ap_recall', 'SHELF_LIMBS',
    'SHELF_PART_NAMES', 'SHELF_BONE_GROUPS', 'pcp_correct',
    'shelf_campus_pcp', 'SHELF_JOINT_NAMES', 'COCO17_TO_SHELF',
    'PANOPTIC15_TO_SHELF', 'coco17_to_shelf14', 'panoptic15_to_shelf14',
    'to_shelf14', 'MPJPEMetric', 'PanopticAPMetric', 'PCPMetric'
]
