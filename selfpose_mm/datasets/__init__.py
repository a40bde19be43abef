"""Datasets and transforms."""
import mmpose.datasets  # noqa: F401  (registers mmpose's datasets/transforms)

from .multiview_lifting import MultiViewLiftingDataset
from .synthetic import (PANOPTIC15_PARENTS, ProceduralBody,
                        SyntheticLiftingDataset)
from .transforms import EncodeLiftingSample, PackLiftingInputs
from .videopose3d import (CustomVideoDataset, SemiSupervisedVideoDataset,
                          VideoPose3DDataset)

__all__ = [
    'ProceduralBody', 'PANOPTIC15_PARENTS', 'SyntheticLiftingDataset',
    'EncodeLiftingSample', 'PackLiftingInputs', 'VideoPose3DDataset',
    'CustomVideoDataset', 'SemiSupervisedVideoDataset',
    'MultiViewLiftingDataset'
]
