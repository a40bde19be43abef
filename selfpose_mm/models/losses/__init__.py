"""Losses. mmpose's losses (``MPJPELoss``, ``KeypointMSELoss``, ...) are
available through the parent registry."""

from .lifting_losses import BoneLengthLoss, ReprojectionLoss, WeightedMPJPELoss
from .multiview_consistency_loss import (MultiViewConsistencyLoss,
                                         triangulate_root)
from .ssl_losses import AttentionHeatmapLoss, MatchedL1Loss

__all__ = [
    'WeightedMPJPELoss', 'ReprojectionLoss', 'BoneLengthLoss',
    'MultiViewConsistencyLoss', 'triangulate_root', 'AttentionHeatmapLoss',
    'MatchedL1Loss'
]
