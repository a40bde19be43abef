"""Runtime fixes, config checks and hooks."""

from .config_check import ConfigKeyError, RUNNER_KEYS, check_config
from .config_values import ConfigValueError, check_loops
from .errors import CheckpointMismatchError, UsageError
from .hooks import (BNMomentumDecayHook, DatasetEpochHook, DropoutScheduleHook,
                    RNGStateHook, VoxelPoseVisualizationHook)
from .loops import TestTimeAdaptLoop
from .runtime import patch_torch_load, setup_runtime

__all__ = [
    'ConfigKeyError', 'check_config', 'RUNNER_KEYS', 'setup_runtime',
    'patch_torch_load', 'VoxelPoseVisualizationHook', 'BNMomentumDecayHook',
    'DatasetEpochHook', 'DropoutScheduleHook', 'TestTimeAdaptLoop',
    'RNGStateHook', 'ConfigValueError', 'check_loops', 'UsageError',
    'CheckpointMismatchError'
]
