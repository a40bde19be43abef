"""Pure evaluation maths: numpy in, numbers out (no registry imports)."""
from .grouped import action_category, group_average
from .mpjpe import (ALIGNMENTS, keypoint_errors, keypoint_mpjpe,
                    keypoint_mpjve, keypoint_velocity_errors)
from .panoptic_ap import (PANOPTIC_THRESHOLDS, ap_at_threshold,
                          match_nearest_gt, panoptic_ap_recall)
from .pcp import (SHELF_BONE_GROUPS, SHELF_LIMBS, SHELF_PART_NAMES,
                  pcp_correct, shelf_campus_pcp)
from .shelf_joints import (BODY25_TO_SHELF, COCO17_TO_SHELF,
                           PANOPTIC15_TO_SHELF, SHELF_JOINT_NAMES,
                           body25_to_shelf14, coco17_to_shelf14,
                           panoptic15_to_shelf14, to_shelf14)

__all__ = [
    'ALIGNMENTS', 'keypoint_errors', 'keypoint_mpjpe',
    'keypoint_velocity_errors', 'keypoint_mpjve', 'action_category',
    'group_average', 'PANOPTIC_THRESHOLDS', 'match_nearest_gt',
    'ap_at_threshold', 'panoptic_ap_recall', 'SHELF_LIMBS',
    'SHELF_PART_NAMES', 'SHELF_BONE_GROUPS', 'pcp_correct',
    'shelf_campus_pcp', 'SHELF_JOINT_NAMES', 'COCO17_TO_SHELF',
    'PANOPTIC15_TO_SHELF', 'coco17_to_shelf14', 'panoptic15_to_shelf14',
    'to_shelf14', 'BODY25_TO_SHELF', 'body25_to_shelf14'
]
