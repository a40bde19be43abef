"""TemporalConvLifter: receptive field arithmetic, parameter counts, the
strided/dilated forms sharing weights, mmpose's TCN as reference,
causality."""
import unittest

import torch

from selfpose_mm.models import TemporalConvLifter
from selfpose_mm.models.backbones import temporal_pads


def _net(kernel_sizes=(3, 3, 3), channels=32, causal=False, in_ch=34):
    torch.manual_seed(0)
    net = TemporalConvLifter(
        in_ch, channels=channels, kernel_sizes=kernel_sizes, dropout=0.,
        causal=causal)
    # non-trivial BN statistics so eval mode is not the identity
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm1d):
                m.running_mean.uniform_(-.1, .1)
                m.running_var.uniform_(.5, 1.5)
                m.weight.uniform_(.5, 1.5)
                m.bias.uniform_(-.1, .1)
    return net.eval()


class TestReceptiveField(unittest.TestCase):

    def test_pads_and_fields(self):
        cases = {(3, 3, 3): ([1, 3, 9], 27), (3, 3, 3, 3): (None, 81),
                 (3, 3, 3, 3, 3): ([1, 3, 9, 27, 81], 243),
                 (3, 3, 7): (None, 63), (3, 5, 5): (None, 75), (1, ): ([0],
                                                                        1)}
        for ks, (pads, rf) in cases.items():
            p, r = temporal_pads(ks)
            self.assertEqual(r, rf)
            self.assertEqual(1 + 2 * sum(p), r)
            if pads is not None:
                self.assertEqual(p, pads)
            self.assertEqual(_net(ks, 4).receptive_field, rf)

    def test_even_width_rejected(self):
        with self.assertRaises(ValueError):
            temporal_pads((3, 2, 3))

    def test_parameter_counts(self):
        for ks, count in [((3, 3, 3), 8555571), ((3, 3, 3, 3), 12753971),
                          ((3, 3, 3, 3, 3), 16952371)]:
            net = TemporalConvLifter(34, 1024, ks)
            head = torch.nn.Conv1d(1024, 17 * 3, 1)
            n = sum(p.numel() for p in net.parameters()) + sum(
                p.numel() for p in head.parameters())
            self.assertEqual(n, count)
            traj = torch.nn.Conv1d(1024, 3, 1)
            self.assertEqual(
                n - sum(p.numel() for p in head.parameters()) +
                sum(p.numel() for p in traj.parameters()), count - 49200)

    def test_shapes_and_short_input(self):
        net = _net((3, 3, 3, 3))
        self.assertEqual(tuple(net(torch.zeros(2, 81, 17, 2)).shape),
                         (2, 32, 1))
        self.assertEqual(tuple(net(torch.zeros(1, 100, 17, 2)).shape),
                         (1, 32, 20))
        # values, brute force: output t of a long input is the output of
        # the 81-frame window starting at t (receptive field 3^4)
        torch.manual_seed(1)
        x = torch.randn(1, 100, 17, 2)
        with torch.no_grad():
            long = net(x)
            windows = torch.cat([net(x[:, t:t + 81]) for t in range(20)],
                                dim=-1)
        torch.testing.assert_close(long, windows, atol=1e-5, rtol=1e-5)
        self.assertGreater(float(long.std()), 1e-3)  # not a constant map
        with self.assertRaises(ValueError):
            net(torch.zeros(1, 80, 17, 2))


class TestTwoForms(unittest.TestCase):

    def _check_sliding(self, causal):
        for ks in [(3, 3, 3), (3, 5, 3), (3, 3, 3, 3)]:
            net = _net(ks, causal=causal)
            rf = net.receptive_field
            x = torch.randn(2, rf + 20, 17, 2)
            dilated = net(x)  # (2, C, 21)
            strided = torch.cat(
                [net(x[:, t:t + rf]) for t in range(21)], dim=-1)
            self.assertGreater(dilated.std().item(), 1e-3)
            torch.testing.assert_close(strided, dilated, atol=1e-5,
                                       rtol=1e-5)

    def test_strided_equals_dilated(self):
        self._check_sliding(False)

    def test_strided_equals_dilated_causal(self):
        self._check_sliding(True)

    def test_folded_batchnorm_equals_modules(self):
        for causal in (False, True):
            net = _net((3, 3, 3), causal=causal)
            x = torch.randn(2, 34, 60)
            with torch.no_grad():
                folded = net._forward_dilated(x)  # eval: BN folded
                layered = net._forward_modules(x)
            torch.testing.assert_close(folded, layered, atol=1e-5,
                                       rtol=1e-5)
            net.train()  # training never folds (batch statistics)
            with torch.no_grad():
                torch.testing.assert_close(net._forward_dilated(x),
                                           net._forward_modules(x))

    def test_gradients_equal(self):
        net = _net((3, 3, 3))
        x = torch.randn(3, 27, 17, 2)
        g = []
        for fn in (net._forward_strided, net._forward_dilated):
            net.zero_grad()
            fn(x.reshape(3, 27, 34).transpose(1, 2)).square().sum().backward()
            g.append(net.block_convs[0].weight.grad.clone())
        torch.testing.assert_close(g[0], g[1], atol=1e-4, rtol=1e-4)

    def test_matches_mmpose_tcn(self):
        """mmpose's TCN (both forms) with our weights gives our output."""
        from mmpose.models.backbones import TCN
        for stride in (False, True):
            net = _net((3, 3, 3))
            ref = TCN(34, stem_channels=32, num_blocks=2,
                      kernel_sizes=(3, 3, 3), dropout=0.,
                      use_stride_conv=stride)
            ref.eval()  # mmpose's BaseBackbone.train returns None
            sd = {}
            sd['expand_conv.conv.weight'] = net.expand_conv.weight
            for k, v in net.expand_bn.state_dict().items():
                sd[f'expand_conv.bn.{k}'] = v
            for i in range(2):
                for j, name in ((0, 'conv1'), (1, 'conv2')):
                    sd[f'tcn_blocks.{i}.{name}.0.conv.weight'] = \
                        net.block_convs[2 * i + j].weight
                    for k, v in net.block_bns[2 * i + j].state_dict().items():
                        sd[f'tcn_blocks.{i}.{name}.0.bn.{k}'] = v
            ref.load_state_dict(sd)
            x = torch.randn(4, 27, 17, 2)
            xin = x.reshape(4, 27, 34).transpose(1, 2)
            torch.testing.assert_close(
                ref(xin)[-1], net(x), atol=1e-5, rtol=1e-5)


class TestCausality(unittest.TestCase):

    def test_windows(self):
        """Output t of the dilated form sees inputs [t, t + RF) only;
        causal mode with the window shifted sees nothing after t."""
        net = _net((3, 3, 3))
        x = torch.randn(1, 60, 17, 2)
        y = net(x)
        x2 = x.clone()
        x2[:, 40:] += 5.  # change inputs >= 40: outputs t <= 13 unchanged
        y2 = net(x2)
        torch.testing.assert_close(y[..., :14], y2[..., :14])
        self.assertFalse(torch.allclose(y[..., 14], y2[..., 14]))

    def test_causal_pipeline(self):
        """TemporalWindow(causal) + causal net on a whole video: the output
        of frame f does not change when frames after f change."""
        import numpy as np
        from selfpose_mm.datasets.transforms import TemporalWindow
        net = _net((3, 3, 3), causal=True)
        seq = np.random.default_rng(0).normal(size=(40, 17, 2))

        def run(s):
            res = TemporalWindow(27, causal=True).transform(
                dict(keypoints_2d_seq=s, start=0, end=40))
            x = torch.as_tensor(res['keypoints_2d'], dtype=torch.float32)
            return net(x[None])[0]  # (C, 40)

        y = run(seq)
        self.assertEqual(y.shape[-1], 40)
        seq2 = seq.copy()
        seq2[21:] += 2.
        y2 = run(seq2)
        torch.testing.assert_close(y[:, :21], y2[:, :21])
        self.assertFalse(torch.allclose(y[:, 21], y2[:, 21]))
