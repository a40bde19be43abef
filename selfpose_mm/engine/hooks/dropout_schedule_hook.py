"""Dropout schedule: regularised first part of training, then dropout off."""
from typing import Dict

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from torch import nn

from selfpose_mm.registry import HOOKS

__all__ = ['DropoutScheduleHook']


@HOOKS.register_module()
class DropoutScheduleHook(Hook):
    """Set every ``nn.Dropout*`` probability to ``p_after`` from a point of
    training on (the "dropout 0.5 → 0.0" recipe of multi-view
    self-supervised lifting).

    Only the dropout *probabilities* change; the model stays in train mode,
    so **BatchNorm keeps normalising with batch statistics and updating its
    running statistics**. (Switching the whole model to ``eval()``, as the
    reference project did, would also freeze BatchNorm; that is available
    here only explicitly, with ``freeze_bn_stats=True``, which puts the
    BatchNorm layers — and nothing else — into eval mode after the switch.)

    The switch point is ``switch_ratio`` of ``max_epochs`` (epoch-based
    loops: from the first epoch ``>= switch_ratio * max_epochs``) or of
    ``max_iters`` (iteration-based loops). Before the switch the original
    probabilities are restored, so resuming from an earlier checkpoint
    behaves the same as an uninterrupted run.

    Args:
        switch_ratio (float): Fraction of training after which dropout is
            changed. Defaults to 0.5.
        p_after (float): Dropout probability after the switch. Defaults
            to 0.
        freeze_bn_stats (bool): After the switch, put BatchNorm layers in
            eval mode (use and keep their running statistics). Defaults to
            False.
    """

    priority = 'NORMAL'

    def __init__(self,
                 switch_ratio: float = 0.5,
                 p_after: float = 0.,
                 freeze_bn_stats: bool = False) -> None:
        if not 0 <= switch_ratio <= 1:
            raise ValueError(f'switch_ratio must be in [0, 1], got '
                             f'{switch_ratio}')
        if not 0 <= p_after < 1:
            raise ValueError(f'p_after must be in [0, 1), got {p_after}')
        self.switch_ratio = switch_ratio
        self.p_after = p_after
        self.freeze_bn_stats = freeze_bn_stats
        self._p_before: Dict[str, float] = {}

    @staticmethod
    def _model(runner) -> nn.Module:
        return runner.model.module if is_model_wrapper(
            runner.model) else runner.model

    def _apply(self, runner, switched: bool) -> None:
        model = self._model(runner)
        if not self._p_before:
            self._p_before = {
                name: m.p
                for name, m in model.named_modules()
                if isinstance(m, nn.modules.dropout._DropoutNd)
            }
        for name, m in model.named_modules():
            if name in self._p_before:
                m.p = self.p_after if switched else self._p_before[name]
            if (switched and self.freeze_bn_stats
                    and isinstance(m, nn.modules.batchnorm._BatchNorm)):
                m.eval()
        runner.message_hub.update_scalar('train/dropout_switched',
                                         float(switched))

    def before_train_iter(self, runner, batch_idx: int,
                          data_batch=None) -> None:
        """Set the probabilities (and BN mode) for this iteration; done per
        iteration because the loops call ``model.train()`` per epoch."""
        if getattr(runner.train_loop, '_max_epochs', None) is not None:
            switched = runner.epoch >= self.switch_ratio * runner.max_epochs
        else:
            switched = runner.iter >= self.switch_ratio * runner.max_iters
        self._apply(runner, switched)
