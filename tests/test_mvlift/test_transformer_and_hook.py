"""Transformer sequence lifter (positional encoding) and the dropout
schedule hook."""
from types import SimpleNamespace
from unittest import TestCase

import numpy as np
import torch
from mmengine.logging import MessageHub
from torch import nn

from selfpose_mm.engine import DropoutScheduleHook
from selfpose_mm.models.backbones import (TransformerLifterBackbone,
                                          sinusoidal_encoding)


class TestTransformerLifter(TestCase):

    def _net(self, pe='sinusoidal'):
        torch.manual_seed(0)
        return TransformerLifterBackbone(
            30, seq_len=9, embed_dims=32, num_heads=4, ffn_dims=64,
            pos_encoding=pe).eval()

    def test_sinusoidal_table(self):
        pe = sinusoidal_encoding(5, 8)
        self.assertEqual(tuple(pe.shape), (5, 8))
        np.testing.assert_allclose(pe[0, 0::2], 0, atol=1e-7)
        np.testing.assert_allclose(pe[0, 1::2], 1, atol=1e-7)
        np.testing.assert_allclose(
            pe[3, 2], np.sin(3 / 10000**(2 / 8)), rtol=1e-5)

    def test_shapes_and_sliding_windows(self):
        net = self._net()
        x = torch.randn(2, 14, 15, 2)
        out = net(x)
        self.assertEqual(tuple(out.shape), (2, 32, 6))
        # whole-sequence output t equals the single-window output
        with torch.no_grad():
            for t in (0, 5):
                np.testing.assert_allclose(
                    out[:, :, t].detach().numpy(),
                    net(x[:, t:t + 9])[:, :, 0].detach().numpy(),
                    atol=1e-5)
        with self.assertRaises(ValueError):
            net(torch.zeros(1, 8, 15, 2))

    def test_positional_encoding_breaks_permutation_symmetry(self):
        """Without a positional encoding, attention cannot tell frame order:
        reversing the window leaves the centre output unchanged. With one
        (sinusoidal or learned) it changes."""
        x = torch.randn(3, 9, 15, 2,
                        generator=torch.Generator().manual_seed(0))
        rev = x.flip(1)
        with torch.no_grad():
            none = self._net('none')
            np.testing.assert_allclose(
                none(x).numpy(), none(rev).numpy(), atol=1e-5)
            for pe in ('sinusoidal', 'learned'):
                net = self._net(pe)
                self.assertGreater(
                    float((net(x) - net(rev)).abs().max()), 1e-3, pe)
                # batch order does not leak into positions
                np.testing.assert_allclose(
                    net(x)[1:2].numpy(), net(x[1:2]).numpy(), atol=1e-5)


class _Model(nn.Module):

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.bn = nn.BatchNorm1d(4)
        self.drop = nn.Dropout(0.5)


def _runner(model, epoch, max_epochs=10):
    return SimpleNamespace(
        model=model,
        epoch=epoch,
        max_epochs=max_epochs,
        train_loop=SimpleNamespace(_max_epochs=max_epochs),
        message_hub=MessageHub.get_instance('test_dropout_hook'))


class TestDropoutScheduleHook(TestCase):

    def test_switch_keeps_bn_training(self):
        model = _Model().train()
        hook = DropoutScheduleHook(switch_ratio=0.5, p_after=0.)
        hook.before_train_iter(_runner(model, 4), 0)
        self.assertEqual(model.drop.p, 0.5)
        hook.before_train_iter(_runner(model, 5), 0)
        self.assertEqual(model.drop.p, 0.)
        # BatchNorm still normalises with batch statistics and updates
        self.assertTrue(model.bn.training)
        before = model.bn.running_mean.clone()
        model.bn(torch.randn(8, 4) + 3)
        self.assertFalse(torch.equal(before, model.bn.running_mean))
        # dropout really is off: train-mode forward is deterministic
        x = torch.ones(2, 4)
        self.assertTrue(torch.equal(model.drop(x), x))
        # resuming at an earlier epoch restores the original probability
        hook.before_train_iter(_runner(model, 2), 0)
        self.assertEqual(model.drop.p, 0.5)

    def test_explicit_bn_freeze(self):
        model = _Model().train()
        hook = DropoutScheduleHook(
            switch_ratio=0.5, p_after=0.1, freeze_bn_stats=True)
        hook.before_train_iter(_runner(model, 7), 0)
        self.assertAlmostEqual(model.drop.p, 0.1)
        self.assertFalse(model.bn.training)
        self.assertTrue(model.fc.training and model.drop.training)

    def test_iteration_based(self):
        model = _Model().train()
        hook = DropoutScheduleHook(switch_ratio=0.25)
        runner = SimpleNamespace(
            model=model,
            iter=30,
            max_iters=100,
            train_loop=SimpleNamespace(),
            message_hub=MessageHub.get_instance('test_dropout_hook2'))
        hook.before_train_iter(runner, 0)
        self.assertEqual(model.drop.p, 0.)
