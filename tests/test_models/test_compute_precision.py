"""compute_dtype: bfloat16 network calls, float32 geometry.

References: the float32 call of the same module (bfloat16 keeps 8 mantissa
bits, so outputs agree to ~1e-2 relative), the exact float32 conv form of
the lifter's token matmuls, and a closed-form soft-argmax on a Gaussian
blob whose position must survive the bfloat16 network call.
"""
import unittest

import torch
from torch import nn

from selfpose_mm.models.backbones import TemporalConvLifter
from selfpose_mm.models.utils.compute_precision import (net_autocast,
                                                        resolve_compute_dtype,
                                                        run_net)
from selfpose_mm.registry import MODELS
from tests.test_models.test_voxelpose import _image_cfg, tiny_cfg


def _rel(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).detach().norm() / b.detach().norm())


class TestResolve(unittest.TestCase):

    def test_names(self):
        for name in (None, 'float32', 'fp32', torch.float32):
            self.assertIsNone(resolve_compute_dtype(name))
        for name in ('bfloat16', 'bf16', torch.bfloat16):
            self.assertIs(resolve_compute_dtype(name), torch.bfloat16)
        self.assertIs(resolve_compute_dtype('fp16'), torch.float16)

    def test_unknown_name_names_the_field_and_the_choices(self):
        with self.assertRaisesRegex(ValueError,
                                    r"VoxelPose.compute_dtype='half'.*"
                                    r"bfloat16"):
            resolve_compute_dtype('half', 'VoxelPose.compute_dtype')
        with self.assertRaisesRegex(ValueError, 'int8'):
            resolve_compute_dtype(torch.int8)

    def test_float16_on_cpu_is_refused(self):
        with self.assertRaisesRegex(ValueError, 'bfloat16'):
            with net_autocast(torch.float16, 'cpu'):
                pass


class TestRunNet(unittest.TestCase):

    def setUp(self):
        torch.manual_seed(0)
        self.net = nn.Sequential(nn.Conv2d(4, 8, 3, padding=1),
                                 nn.BatchNorm2d(8), nn.ReLU(),
                                 nn.Conv2d(8, 3, 1)).eval()
        self.x = torch.randn(2, 4, 16, 20)

    def test_float32_is_the_plain_call(self):
        torch.testing.assert_close(run_net(self.net, self.x),
                                   self.net(self.x), rtol=0, atol=0)
        torch.testing.assert_close(
            run_net(self.net, self.x, channels_last=True), self.net(self.x),
            rtol=1e-5, atol=1e-6)

    def test_bfloat16_returns_float32_close_to_float32(self):
        ref = self.net(self.x)
        out = run_net(self.net, self.x, torch.bfloat16)
        self.assertEqual(out.dtype, torch.float32)
        self.assertLess(_rel(out, ref), 2e-2)
        self.assertGreater(_rel(out, ref), 0.)  # it did run in bfloat16

    def test_backward_reaches_float32_parameters(self):
        self.net.train()
        run_net(self.net, self.x, torch.bfloat16).square().mean().backward()
        for p in self.net.parameters():
            self.assertEqual(p.grad.dtype, torch.float32)
            self.assertTrue(torch.isfinite(p.grad).all())


class TestVoxelPoseComputeDtype(unittest.TestCase):

    def test_propagates_to_every_network(self):
        model = MODELS.build(dict(tiny_cfg(), compute_dtype='bfloat16'))
        for m in (model, model.root_head, model.pose_head):
            self.assertIs(m.compute_dtype, torch.bfloat16)
        model.set_compute_dtype(None)
        self.assertIsNone(model.pose_head.compute_dtype)
        with self.assertRaisesRegex(ValueError, 'VoxelPose.compute_dtype'):
            MODELS.build(dict(tiny_cfg(), compute_dtype='fp8'))

    def test_image_heatmaps_float32_close(self):
        torch.manual_seed(0)
        model = MODELS.build(_image_cfg()).eval()
        x = torch.randn(1, 2, 3, 64, 80)
        ref = model.extract_heatmaps(x)
        model.set_compute_dtype('bfloat16')
        out = model.extract_heatmaps(x)
        self.assertEqual(out.dtype, torch.float32)
        self.assertEqual(out.shape, ref.shape)
        self.assertLess(_rel(out, ref), 3e-2)

    def test_frozen_weights_cast_once_and_refreshed(self):
        """The cached bfloat16 weights give autocast's own result, and a
        changed weight (in place, as ``load_state_dict`` does) is seen."""
        torch.manual_seed(0)
        model = MODELS.build(dict(_image_cfg(), compute_dtype='bf16')).eval()
        x = torch.randn(1, 2, 3, 64, 80)

        def plain():  # autocast casting on every call, one image each
            with torch.autocast('cpu', dtype=torch.bfloat16):
                return torch.stack([
                    model.heatmap_head(model.backbone(
                        x[:, v].contiguous(
                            memory_format=torch.channels_last))).float()
                    for v in range(2)
                ], 1)

        torch.testing.assert_close(model.extract_heatmaps(x), plain(),
                                   rtol=1e-2, atol=1e-4)
        cache = model._frozen_weights
        first = cache.get(model.backbone, torch.bfloat16)
        self.assertIs(cache.get(model.backbone, torch.bfloat16), first)
        self.assertTrue(all(p.dtype == torch.bfloat16
                            for p in first.values()))
        with torch.no_grad():
            model.backbone.conv1.weight.mul_(-2.)
        self.assertIsNot(cache.get(model.backbone, torch.bfloat16), first)
        torch.testing.assert_close(model.extract_heatmaps(x), plain(),
                                   rtol=1e-2, atol=1e-4)

    def test_soft_argmax_stays_float32(self):
        """A Gaussian blob at a known sub-voxel position through an
        identity net: the joint must land on it to float32 accuracy. A
        model-wide autocast would run the coordinate sums in bfloat16
        (8-bit mantissa: 2-4 mm steps at 500-1000 mm)."""
        model = MODELS.build(dict(tiny_cfg(), compute_dtype='bfloat16'))
        head = model.pose_head
        k = 15
        head.net = nn.Conv3d(k, k, 1, bias=False)  # identity
        with torch.no_grad():
            head.net.weight.copy_(torch.eye(k)[..., None, None, None])
        center = torch.tensor([[1234.5, -876.5, 2345.25]])
        offsets = head.offsets.reshape(-1, 3).float()  # (X*Y*Z, 3) mm
        target = torch.tensor([[873.4, -756.7, 689.1]])
        d2 = ((offsets - target)**2).sum(-1)
        cube = (-d2 / (2 * 150.**2)).reshape(head.cube_shape)
        cubes = cube.expand(1, k, *head.cube_shape).contiguous()
        got = head(cubes, center)
        head.compute_dtype = None
        ref = head(cubes, center)
        # (a model-wide autocast is off by 1.7 mm here)
        self.assertLess(float((got - ref).abs().max()), 0.1)
        # and the float32 soft-argmax of the same logits, brute force
        w = torch.softmax(head.beta * cube.reshape(-1), 0)
        expect = center[0] + (w[:, None] * offsets).sum(0)
        torch.testing.assert_close(ref[0, 0], expect, rtol=0, atol=1e-2)


class TestLifterComputeDtype(unittest.TestCase):

    def _net(self, causal: bool) -> TemporalConvLifter:
        torch.manual_seed(0)
        net = TemporalConvLifter(34, channels=32, kernel_sizes=(3, 3, 3),
                                 dropout=0., causal=causal)
        with torch.no_grad():
            for m in net.modules():
                if isinstance(m, nn.BatchNorm1d):
                    m.running_mean.uniform_(-.1, .1)
                    m.running_var.uniform_(.5, 1.5)
                    m.weight.uniform_(.5, 1.5)
                    m.bias.uniform_(-.1, .1)
        return net.eval()

    def test_token_form_equals_conv_form_in_float32(self):
        x = torch.randn(2, 34, 70)
        for causal in (False, True):
            net = self._net(causal)
            with torch.no_grad():
                ref = net._forward_folded(x)
                tokens = net._forward_folded_tokens(x)
                modules = net._forward_modules(x)
            torch.testing.assert_close(tokens, ref, rtol=1e-5, atol=1e-5)
            torch.testing.assert_close(tokens, modules, rtol=1e-5,
                                       atol=1e-5)

    def test_bfloat16_inference_and_training(self):
        x = torch.randn(2, 70, 17, 2)
        net = self._net(False)
        with torch.no_grad():
            ref = net(x)
        low = self._net(False)
        low.compute_dtype = resolve_compute_dtype('bfloat16')
        with torch.no_grad():
            out = low(x)
        self.assertEqual(out.dtype, torch.float32)
        self.assertLess(_rel(out, ref), 2e-2)
        low.train()
        for t in (27, 40):  # strided and dilated training forms
            low.zero_grad()
            low(torch.randn(4, t, 17, 2)).square().mean().backward()
            self.assertEqual(low.expand_conv.weight.grad.dtype,
                             torch.float32)
        with self.assertRaisesRegex(ValueError,
                                    'TemporalConvLifter.compute_dtype'):
            TemporalConvLifter(34, compute_dtype='int8')


if __name__ == '__main__':
    unittest.main()
