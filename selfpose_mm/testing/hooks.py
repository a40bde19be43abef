"""Hooks for tests: fault injection and per-rank weight dumps.

Load them in a config with ``custom_imports=dict(imports=[
'selfpose_mm.testing'])``.
"""
import os
import os.path as osp

import torch
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from selfpose_mm.registry import HOOKS

__all__ = ['ExitAtIterHook', 'DumpRankWeightsHook']


@HOOKS.register_module()
class ExitAtIterHook(Hook):
    """Kill the process (``os._exit``) right after iteration ``iteration``.

    Simulates a crash (no clean-up, no final checkpoint) to test resuming.
    Give it a lower priority than the checkpoint hook so that hook runs
    first.

    Args:
        iteration (int): 1-based iteration after which to exit.
        exit_code (int): Process exit code. Defaults to 137 (SIGKILL).
    """

    priority = 'LOWEST'

    def __init__(self, iteration: int, exit_code: int = 137) -> None:
        self.iteration = iteration
        self.exit_code = exit_code

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None) -> None:
        if runner.iter + 1 >= self.iteration:
            os._exit(self.exit_code)


@HOOKS.register_module()
class DumpRankWeightsHook(Hook):
    """Save each rank's final model weights to ``work_dir/rank<r>.pth``."""

    priority = 'LOWEST'

    def after_train(self, runner) -> None:
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
        torch.save(state, osp.join(runner.work_dir, f'rank{runner.rank}.pth'))
