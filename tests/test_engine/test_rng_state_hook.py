"""RNG states survive a checkpoint round trip through the safe loader."""
import random
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch

from selfpose_mm.engine.hooks.rng_state_hook import (RNGStateHook,
                                                     get_rng_state,
                                                     set_rng_state)
from selfpose_mm.utils.safe_load import safe_torch_load


def _draw():
    return (random.random(), float(np.random.rand()),
            torch.rand(3).tolist())


class _Runner:
    _resume = True


class TestRNGState(unittest.TestCase):

    def test_roundtrip_through_safe_loader(self):
        random.seed(1)
        np.random.seed(2)
        torch.manual_seed(3)
        _draw()
        ckpt = {}
        RNGStateHook().before_save_checkpoint(_Runner(), ckpt)
        expected = _draw()
        with tempfile.TemporaryDirectory() as tmp:
            torch.save(ckpt, Path(tmp) / 'c.pth')
            loaded = safe_torch_load(Path(tmp) / 'c.pth')
        _draw()  # move on, then restore
        set_rng_state(loaded['rng_state'])
        self.assertEqual(_draw(), expected)

    def test_load_from_without_resume_restores_nothing(self):
        hook = RNGStateHook()
        runner = _Runner()
        runner._resume = False
        hook.after_load_checkpoint(runner, dict(rng_state=get_rng_state()))
        self.assertIsNone(hook._pending)
        runner._resume = True
        hook.after_load_checkpoint(runner, dict(rng_state=get_rng_state()))
        self.assertIsNotNone(hook._pending)

    def test_validation_is_isolated(self):
        hook = RNGStateHook()
        torch.manual_seed(0)
        hook.before_val_epoch(None)
        torch.rand(5)
        hook.after_val_epoch(None)
        a = torch.rand(2)
        torch.manual_seed(0)
        self.assertTrue(torch.equal(a, torch.rand(2)))


if __name__ == '__main__':
    unittest.main()
