"""Campus project: VoxelPose's Campus layout as a dataset plugin for
``selfpose_mm``. Importing this package registers ``CampusDataset``
(DATASETS) into the core registries."""
from .campus_dataset import CampusDataset

__all__ = ['CampusDataset']
