"""Save the global RNG states with each checkpoint; restore them on resume.

MMEngine reseeds at start-up and restores the data order on resume, but not
the global generators that models draw from during training (dropout,
VoxelPose's root jitter, random transforms in the main process). Without
them a resumed run restarts at the right iteration yet diverges.
"""
import random
from typing import Any, Dict, Optional

import numpy as np
import torch
from mmengine.hooks import Hook

from selfpose_mm.registry import HOOKS

__all__ = ['RNGStateHook', 'get_rng_state', 'set_rng_state']

#: checkpoint key
KEY = 'rng_state'


def get_rng_state() -> Dict[str, Any]:
    """Python, NumPy (legacy global), torch CPU and CUDA generator states.

    Only builtins, NumPy ``uint32`` arrays and tensors, so the state loads
    through :func:`selfpose_mm.utils.safe_load.safe_torch_load`.
    """
    state = dict(
        python=random.getstate(),
        numpy=np.random.get_state(),
        torch=torch.get_rng_state())
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        state['cuda'] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: Dict[str, Any]) -> None:
    """Restore what :func:`get_rng_state` returned."""
    version, internal, gauss = state['python']
    random.setstate((version, tuple(internal), gauss))
    np.random.set_state(tuple(state['numpy']))
    torch.set_rng_state(state['torch'].cpu())
    if 'cuda' in state and torch.cuda.is_available():
        cuda = state['cuda']
        if len(cuda) == torch.cuda.device_count():
            torch.cuda.set_rng_state_all(cuda)


class _RestoreAfterSkip:
    """Iterator proxy: after ``skip`` batches restore the RNG state.

    ``IterBasedTrainLoop`` fetches (and discards) the batches before the
    resumed iteration after every hook has run; the state is the one the
    uninterrupted run had right after that iteration, so it is restored
    only once the skipping is done.
    """

    def __init__(self, loop, skip: int, state: Dict[str, Any]) -> None:
        self.loop = loop
        self.inner = loop.dataloader_iterator
        self.skip = skip
        self.state = state

    def __iter__(self) -> '_RestoreAfterSkip':
        return self

    def __next__(self) -> Any:
        if self.skip == 0:
            set_rng_state(self.state)
            self.loop.dataloader_iterator = self.inner  # unwrap
            return next(self.inner)
        self.skip -= 1
        return next(self.inner)


@HOOKS.register_module()
class RNGStateHook(Hook):
    """Make an interrupted-and-resumed run equal the uninterrupted one.

    * ``before_save_checkpoint``: store :func:`get_rng_state` under
      ``checkpoint['rng_state']``;
    * ``after_load_checkpoint`` with ``resume=True``: restore it when the
      training loop reaches the resumed iteration (after MMEngine skipped
      the consumed batches); with ``load_from`` only (fine-tuning) nothing
      is restored;
    * validation during training is run with the generators saved and
      restored around it, so a resumed run (which does not re-run the
      validation that followed its checkpoint) stays in step; a run with
      validation then also draws the same training randomness as one
      without.

    Limits: each process restores the state rank 0 saved (checkpoints hold
    one copy); DataLoader worker streams follow from their seeds as usual.

    Args:
        isolate_val (bool): Save/restore the generators around validation.
            Defaults to True.
    """

    priority = 'VERY_HIGH'

    def __init__(self, isolate_val: bool = True) -> None:
        self.isolate_val = isolate_val
        self._pending: Optional[Dict[str, Any]] = None
        self._val_state: Optional[Dict[str, Any]] = None

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        """Store the current generator states in the checkpoint."""
        checkpoint[KEY] = get_rng_state()

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        """Remember the saved states when resuming."""
        if getattr(runner, '_resume', False) and KEY in checkpoint:
            self._pending = checkpoint[KEY]

    def before_train_epoch(self, runner) -> None:
        """Restore now, or after the loop skipped the consumed batches."""
        if self._pending is None:
            return
        state, self._pending = self._pending, None
        loop = runner.train_loop
        # IterBasedTrainLoop skips ``_iter`` batches next; epoch loops
        # restart at an epoch boundary (no dataloader_iterator)
        skip = getattr(loop, '_iter', 0)
        if skip > 0 and hasattr(loop, 'dataloader_iterator'):
            loop.dataloader_iterator = _RestoreAfterSkip(loop, skip, state)
        else:
            set_rng_state(state)

    def before_val_epoch(self, runner) -> None:
        """Keep validation from consuming the training randomness."""
        if self.isolate_val:
            self._val_state = get_rng_state()

    def after_val_epoch(self, runner, metrics=None) -> None:
        """Put the generators back as they were before validation."""
        if self.isolate_val and self._val_state is not None:
            set_rng_state(self._val_state)
            self._val_state = None
