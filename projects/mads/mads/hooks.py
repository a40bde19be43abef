"""The recipe's 2D warm-up: 3D loss and gradient clipping start later."""
from typing import Optional

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from selfpose_mm.registry import HOOKS

__all__ = ['Loss3DWarmupHook']


@HOOKS.register_module()
class Loss3DWarmupHook(Hook):
    """Train on 2D only for a while, then add the 3D loss and clipping.

    Before every training iteration the head's ``use_3d_loss`` flag is set
    to whether the warm-up is over, and the optimizer wrapper's
    ``clip_grad`` (from ``optim_wrapper.clip_grad`` in the config) is
    disabled during the warm-up and restored after it. The state is derived
    from the runner's epoch/iteration, so resuming is exact.

    Args:
        warmup_epochs (int, optional): Epochs of 2D-only training.
        warmup_iters (int, optional): Iterations of 2D-only training (for
            iteration-based loops). Give exactly one of the two.
        clip_during_warmup (bool): Keep gradient clipping on during the
            warm-up. Defaults to False (the recipe).
    """

    priority = 'NORMAL'

    def __init__(self,
                 warmup_epochs: Optional[int] = None,
                 warmup_iters: Optional[int] = None,
                 clip_during_warmup: bool = False) -> None:
        if (warmup_epochs is None) == (warmup_iters is None):
            raise ValueError('Loss3DWarmupHook: give exactly one of '
                             'warmup_epochs and warmup_iters')
        self.warmup_epochs = warmup_epochs
        self.warmup_iters = warmup_iters
        self.clip_during_warmup = clip_during_warmup
        self._clip_kwargs = None
        self._captured = False

    def _active(self, runner) -> bool:
        if self.warmup_epochs is not None:
            return runner.epoch >= self.warmup_epochs
        return runner.iter >= self.warmup_iters

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        """Switch the 3D loss and the gradient clipping."""
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        if not hasattr(model.head, 'use_3d_loss'):
            raise AttributeError(
                f'Loss3DWarmupHook: {type(model.head).__name__} has no '
                '`use_3d_loss` flag; use it with CameraDisentangledHead')
        active = self._active(runner)
        model.head.use_3d_loss = active
        wrapper = runner.optim_wrapper
        if not self._captured:
            self._clip_kwargs = getattr(wrapper, 'clip_grad_kwargs', None)
            self._captured = True
        if self._clip_kwargs and not self.clip_during_warmup:
            wrapper.clip_grad_kwargs = self._clip_kwargs if active else {}
