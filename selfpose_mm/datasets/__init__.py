"""Datasets and transforms."""

import mmpose.datasets  # noqa: F401

from .camera_utils import project_to_views, results_cameras, stack_cameras
from .multiview_lifting import MultiViewLiftingDataset
from .panoptic_dataset import (PANOPTIC_HD_CAMERAS, PanopticDataset,
                               SELFPOSE3D_TRAIN, SELFPOSE3D_VAL)
from .panoptic_pseudo import (RestrictedUnpickler, load_pseudo_npz,
                              pseudo_records_to_npz, restricted_pickle_load,
                              save_pseudo_npz)
from .synthetic import (AsfSkeleton, MocapPoseSource, PANOPTIC15_PARENTS,
                        PosePoolSource, ProceduralBody, ProceduralPoseSource,
                        SyntheticLiftingDataset, SyntheticMultiViewDataset,
                        procedural_rig, read_amc)
from .transforms import (EmulateDetections, EncodeLiftingSample,
                         LoadMultiViewImages, MultiViewAffine,
                         PackLiftingInputs, PackMultiViewInputs, ProjectPoses,
                         RenderInputHeatmaps)
from .videopose3d import (CustomVideoDataset, SemiSupervisedVideoDataset,
                          VideoPose3DDataset)
from .voxelpose_layout import (VoxelPoseLayoutDataset, read_actors_gt,
                               read_pose_pool, read_voxelpose_predictions)

__all__ = [
    'ProceduralBody', 'PANOPTIC15_PARENTS', 'SyntheticLiftingDataset',
    'EncodeLiftingSample', 'PackLiftingInputs', 'stack_cameras', 'results_cameras',
    'project_to_views', 'PANOPTIC_HD_CAMERAS', 'SELFPOSE3D_TRAIN',
    'SELFPOSE3D_VAL', 'PanopticDataset', 'RestrictedUnpickler',
    'load_pseudo_npz', 'pseudo_records_to_npz', 'restricted_pickle_load',
    'save_pseudo_npz', 'AsfSkeleton', 'MocapPoseSource',
    'ProceduralPoseSource', 'SyntheticMultiViewDataset', 'procedural_rig',
    'read_amc', 'EmulateDetections', 'LoadMultiViewImages', 'MultiViewAffine',
    'PackMultiViewInputs', 'ProjectPoses', 'RenderInputHeatmaps',
    'VideoPose3DDataset', 'CustomVideoDataset', 'SemiSupervisedVideoDataset',
    'MultiViewLiftingDataset', 'PosePoolSource', 'VoxelPoseLayoutDataset',
    'read_actors_gt', 'read_pose_pool', 'read_voxelpose_predictions'
]
