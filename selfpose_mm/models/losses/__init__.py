"""Losses. mmpose's losses (``MPJPELoss``, ``KeypointMSELoss``, ...) are
available through the parent registry."""
from .ssl_losses import AttentionHeatmapLoss, MatchedL1Loss

__all__ = ['AttentionHeatmapLoss', 'MatchedL1Loss']
