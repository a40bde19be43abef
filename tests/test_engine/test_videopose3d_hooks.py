"""VideoPose3D schedule hooks: BN momentum decay and the dataset epoch."""
import math
import unittest
from types import SimpleNamespace

import torch

from selfpose_mm.engine import BNMomentumDecayHook, DatasetEpochHook


class _Hub:

    def __init__(self):
        self.scalars = {}

    def update_scalar(self, key, value):
        self.scalars[key] = value


class TestHooks(unittest.TestCase):

    def test_bn_momentum_schedule(self):
        hook = BNMomentumDecayHook()
        self.assertAlmostEqual(hook.momentum(0, 80), 0.1)
        self.assertAlmostEqual(hook.momentum(80, 80), 0.001)
        self.assertAlmostEqual(hook.momentum(40, 80), 0.01)
        model = torch.nn.Sequential(torch.nn.Conv1d(2, 4, 1),
                                    torch.nn.BatchNorm1d(4))
        runner = SimpleNamespace(model=model, epoch=3, max_epochs=12,
                                 message_hub=_Hub())
        hook.before_train_epoch(runner)
        expected = 0.1 * math.exp(-3 / 12 * math.log(100))
        self.assertAlmostEqual(model[1].momentum, expected)
        with self.assertRaises(ValueError):
            BNMomentumDecayHook(initial=0.001, final=0.1)

    def test_dataset_epoch(self):
        seen = []
        ds = SimpleNamespace(set_epoch=seen.append)
        runner = SimpleNamespace(
            train_dataloader=SimpleNamespace(dataset=ds), epoch=5)
        DatasetEpochHook().before_train_epoch(runner)
        self.assertEqual(seen, [5])
        runner.train_dataloader.dataset = object()  # no set_epoch: no-op
        DatasetEpochHook().before_train_epoch(runner)
