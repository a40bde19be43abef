"""Hooks of VideoPose3D's schedule: BN momentum decay, dataset epoch."""
import math

from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from torch import nn

from selfpose_mm.registry import HOOKS

__all__ = ['BNMomentumDecayHook', 'DatasetEpochHook']


@HOOKS.register_module()
class BNMomentumDecayHook(Hook):
    """Exponential BatchNorm momentum decay per epoch (VideoPose3D).

    Before epoch ``e`` of ``E`` every BatchNorm layer of the model gets
    ``m = initial * exp(-e / E * ln(initial / final))``: 0.1 at the first
    epoch, tending to 0.001 at the end (VideoPose3D's schedule).

    Args:
        initial (float): Momentum at epoch 0. Defaults to 0.1.
        final (float): Momentum approached at the last epoch. Defaults to
            0.001.
    """

    priority = 'NORMAL'

    def __init__(self, initial: float = 0.1, final: float = 0.001) -> None:
        if not 0 < final <= initial <= 1:
            raise ValueError(f'need 0 < final <= initial <= 1, got '
                             f'initial={initial}, final={final}')
        self.initial = initial
        self.final = final

    def momentum(self, epoch: int, max_epochs: int) -> float:
        """The momentum before ``epoch`` (0-based)."""
        return self.initial * math.exp(
            -epoch / max(max_epochs, 1) * math.log(self.initial / self.final))

    def before_train_epoch(self, runner) -> None:
        """Set the momentum of every BatchNorm layer."""
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        m = self.momentum(runner.epoch, runner.max_epochs)
        for module in model.modules():
            if isinstance(module, nn.modules.batchnorm._BatchNorm):
                module.momentum = m
        runner.message_hub.update_scalar('train/bn_momentum', m)


@HOOKS.register_module()
class DatasetEpochHook(Hook):
    """Call ``set_epoch(epoch)`` on the training dataset when it has one
    (``SemiSupervisedVideoDataset``'s endless unlabelled stream)."""

    priority = 'NORMAL'

    def before_train_epoch(self, runner) -> None:
        """Forward the epoch to the dataset."""
        dataset = runner.train_dataloader.dataset
        if hasattr(dataset, 'set_epoch'):
            dataset.set_epoch(runner.epoch)
