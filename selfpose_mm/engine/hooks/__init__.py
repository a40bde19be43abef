"""Hooks."""

from .dropout_schedule_hook import DropoutScheduleHook
from .rng_state_hook import RNGStateHook
from .videopose3d_hooks import BNMomentumDecayHook, DatasetEpochHook
from .voxelpose_visualization_hook import VoxelPoseVisualizationHook

__all__ = [
    'VoxelPoseVisualizationHook', 'BNMomentumDecayHook', 'DatasetEpochHook',
    'DropoutScheduleHook', 'RNGStateHook'
]
