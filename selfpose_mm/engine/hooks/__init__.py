"""Hooks."""
from .videopose3d_hooks import BNMomentumDecayHook, DatasetEpochHook

__all__ = ['BNMomentumDecayHook', 'DatasetEpochHook']
