"""Multi-view (synchronised, calibrated) lifting data."""
from .multiview_lifting_dataset import MultiViewLiftingDataset

__all__ = ['MultiViewLiftingDataset']
