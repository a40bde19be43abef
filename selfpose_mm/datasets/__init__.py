"""Datasets and transforms."""
import mmpose.datasets  # noqa: F401  (registers mmpose's datasets/transforms)

from .synthetic import (PANOPTIC15_PARENTS, ProceduralBody,
                        SyntheticLiftingDataset)
from .transforms import EncodeLiftingSample, PackLiftingInputs

__all__ = [
    'ProceduralBody', 'PANOPTIC15_PARENTS', 'SyntheticLiftingDataset',
    'EncodeLiftingSample', 'PackLiftingInputs'
]
