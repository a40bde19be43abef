"""The procedural multi-view world: bodies, rigs and synthetic datasets."""
from .body_model import PANOPTIC15_PARENTS, ProceduralBody
from .lifting_dataset import SyntheticLiftingDataset

__all__ = ['ProceduralBody', 'PANOPTIC15_PARENTS', 'SyntheticLiftingDataset']
