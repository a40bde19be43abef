"""The procedural multi-view world: bodies, rigs and synthetic datasets."""
from .asf_amc import AsfSkeleton, read_amc
from .body_model import (DOF_LIMITS, DOF_NAMES, PANOPTIC15_PARENTS,
                         ProceduralBody)
from .lifting_dataset import SyntheticLiftingDataset
from .multiview_dataset import SyntheticMultiViewDataset
from .pose_sources import (MixturePoseSource, MocapPoseSource,
                           PosePoolSource, ProceduralPoseSource,
                           build_pose_source)
from .procedural_rig import PANOPTIC_LIKE_RIG, procedural_rig

__all__ = [
    'ProceduralBody', 'PANOPTIC15_PARENTS', 'DOF_NAMES', 'DOF_LIMITS',
    'SyntheticLiftingDataset', 'SyntheticMultiViewDataset', 'AsfSkeleton',
    'read_amc', 'MocapPoseSource', 'ProceduralPoseSource',
    'build_pose_source', 'PANOPTIC_LIKE_RIG', 'procedural_rig',
    'PosePoolSource', 'MixturePoseSource'
]
