"""Losses. mmpose's losses (``MPJPELoss``, ``KeypointMSELoss``, ...) are
available through the parent registry."""
from .lifting_losses import (BoneLengthLoss, ReprojectionLoss,
                             WeightedMPJPELoss)

__all__ = ['WeightedMPJPELoss', 'ReprojectionLoss', 'BoneLengthLoss']
