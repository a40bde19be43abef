"""Datasets and transforms."""
import mmpose.datasets  # noqa: F401  (registers mmpose's datasets/transforms)

from .camera_utils import camera_params_from_cameras, project_to_views
from .panoptic_dataset import (PANOPTIC_HD_CAMERAS, SELFPOSE3D_TRAIN,
                               SELFPOSE3D_VAL, PanopticDataset)
from .panoptic_pseudo import (RestrictedUnpickler, load_pseudo_npz,
                              pseudo_records_to_npz, restricted_pickle_load,
                              save_pseudo_npz)
from .synthetic import (PANOPTIC15_PARENTS, AsfSkeleton, MocapPoseSource,
                        ProceduralBody, ProceduralPoseSource,
                        SyntheticLiftingDataset, SyntheticMultiViewDataset,
                        procedural_rig, read_amc)
from .transforms import (EmulateDetections, EncodeLiftingSample,
                         LoadMultiViewImages, MultiViewAffine,
                         PackLiftingInputs, PackMultiViewInputs,
                         ProjectPoses, RenderInputHeatmaps)

__all__ = [
    'ProceduralBody', 'PANOPTIC15_PARENTS', 'SyntheticLiftingDataset',
    'EncodeLiftingSample', 'PackLiftingInputs', 'camera_params_from_cameras',
    'project_to_views', 'PANOPTIC_HD_CAMERAS', 'SELFPOSE3D_TRAIN',
    'SELFPOSE3D_VAL', 'PanopticDataset', 'RestrictedUnpickler',
    'load_pseudo_npz', 'pseudo_records_to_npz', 'restricted_pickle_load',
    'save_pseudo_npz', 'AsfSkeleton', 'MocapPoseSource',
    'ProceduralPoseSource', 'SyntheticMultiViewDataset', 'procedural_rig',
    'read_amc', 'EmulateDetections', 'LoadMultiViewImages',
    'MultiViewAffine', 'PackMultiViewInputs', 'ProjectPoses',
    'RenderInputHeatmaps'
]
