"""Hooks."""
from .dropout_schedule_hook import DropoutScheduleHook
from .videopose3d_hooks import BNMomentumDecayHook, DatasetEpochHook

__all__ = ['BNMomentumDecayHook', 'DatasetEpochHook', 'DropoutScheduleHook']
