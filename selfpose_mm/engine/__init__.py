"""Runtime fixes, config checks and hooks."""
from .config_check import RUNNER_KEYS, ConfigKeyError, check_config
from .hooks import (BNMomentumDecayHook, DatasetEpochHook,
                    DropoutScheduleHook)
from .loops import TestTimeAdaptLoop
from .runtime import patch_torch_load, setup_runtime

__all__ = [
    'ConfigKeyError', 'check_config', 'RUNNER_KEYS', 'setup_runtime',
    'patch_torch_load', 'BNMomentumDecayHook', 'DatasetEpochHook',
    'DropoutScheduleHook', 'TestTimeAdaptLoop'
]
