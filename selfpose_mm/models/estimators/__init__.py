"""Pose estimators (top-level models)."""
from .single_frame_lifter import SingleFrameLifter

__all__ = ['SingleFrameLifter']
