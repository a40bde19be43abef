"""Losses. mmpose's losses (``MPJPELoss``, ``KeypointMSELoss``, ...) are
available through the parent registry."""

__all__ = []
