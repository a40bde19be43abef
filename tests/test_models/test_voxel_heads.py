"""Root/pose heads and voxel ops against closed-form expectations."""
import unittest

import torch

from selfpose_mm.models.utils import (gaussian_voxel_target,
                                      match_to_nearest, soft_argmax_3d,
                                      voxel_offsets)
from selfpose_mm.registry import MODELS

TINY_V2V = dict(type='V2VNet', input_channels=1, output_channels=1,
                mid_channels=4)


class TestVoxelRootHead(unittest.TestCase):

    def setUp(self):
        self.head = MODELS.build(
            dict(
                type='VoxelRootHead',
                net=TINY_V2V,
                space_size=(8000., 6000., 2000.),
                space_center=(0., -500., 800.),
                cube_shape=(16, 12, 8),
                max_num=4,
                score_threshold=0.3))

    def test_nms_topk_world_coordinates(self):
        cube = torch.zeros(2, 16, 12, 8)
        cube[0, 3, 5, 2] = 0.9
        cube[0, 4, 5, 2] = 0.8  # neighbour of the 0.9 peak: suppressed
        cube[0, 10, 1, 7] = 0.6
        cube[0, 15, 11, 7] = 0.5  # far corner (end point of the linspace)
        cube[0, 0, 0, 0] = 0.2  # below the threshold
        cube[1, 7, 6, 4] = 0.95
        out = self.head.decode(cube)
        self.assertEqual(tuple(out['centers'].shape), (2, 4, 3))

        def world(ix, iy, iz):
            return [ix / 15 * 8000 - 4000, iy / 11 * 6000 - 500 - 3000,
                    iz / 7 * 2000 + 800 - 1000]

        expected = torch.tensor(
            [world(3, 5, 2), world(10, 1, 7), world(15, 11, 7),
             world(0, 0, 0)])
        torch.testing.assert_close(out['centers'][0], expected)
        torch.testing.assert_close(out['scores'][0],
                                   torch.tensor([0.9, 0.6, 0.5, 0.2]))
        self.assertEqual(out['valid'][0].tolist(), [True, True, True, False])
        torch.testing.assert_close(out['centers'][1, 0],
                                   torch.tensor(world(7, 6, 4)))
        self.assertEqual(out['valid'][1].tolist(),
                         [True, False, False, False])
        # far corner really is space_center + space_size / 2
        torch.testing.assert_close(
            out['centers'][0, 2], torch.tensor([4000., 2500., 1800.]))

    def test_gaussian_target_and_loss(self):
        roots = torch.tensor([[[-4000., -3500., -200.],
                               [4000., 2500., 1800.]]])
        mask = torch.tensor([[True, True]])
        target = self.head.get_target(roots, mask)
        self.assertEqual(target[0, 0, 0, 0].item(), 1.)
        self.assertEqual(target[0, 15, 11, 7].item(), 1.)
        # one voxel away along x: exp(-d^2 / 2 sigma^2), d = 8000 / 15
        d = 8000. / 15
        expect = torch.exp(torch.tensor(-d**2 / (2 * 200.**2)))
        torch.testing.assert_close(target[0, 1, 0, 0], expect)
        empty = self.head.get_target(roots[:, :0], mask[:, :0])
        self.assertEqual(empty.abs().sum().item(), 0.)
        masked = self.head.get_target(roots, torch.tensor([[True, False]]))
        self.assertEqual(masked[0, 15, 11, 7].item() < 1e-6, True)
        loss = self.head.loss(target, roots, mask)['loss_root']
        self.assertAlmostEqual(loss.item(), 0.)

    def test_forward_shape_and_v2v_shape_check(self):
        out = self.head(torch.rand(2, 1, 16, 12, 8))
        self.assertEqual(tuple(out.shape), (2, 16, 12, 8))
        with self.assertRaisesRegex(ValueError, 'divisible by 4'):
            MODELS.build(
                dict(type='VoxelRootHead', net=TINY_V2V,
                     cube_shape=(40, 40, 10)))


class TestVoxelPoseHead(unittest.TestCase):

    def test_soft_argmax_recovers_peak(self):
        size, shape = (1000., 800., 600.), (8, 6, 4)
        offs = voxel_offsets(size, shape)
        centers = torch.tensor([[100., -200., 900.], [0., 0., 0.]])
        logits = torch.zeros(2, 3, offs.shape[0])
        peaks = torch.tensor([[5, 100, 191], [0, 17, 42]])
        for m in range(2):
            for k in range(3):
                logits[m, k, peaks[m, k]] = 1.
        out = soft_argmax_3d(logits, offs, centers, beta=100.)
        expected = offs[peaks] + centers[:, None]
        torch.testing.assert_close(out, expected, atol=1e-3, rtol=0)
        # two equal peaks: the midpoint
        two = torch.zeros(1, 1, offs.shape[0])
        two[0, 0, [5, 6]] = 1.
        mid = soft_argmax_3d(two, offs, centers[1:], beta=100.)
        torch.testing.assert_close(mid[0, 0], (offs[5] + offs[6]) / 2,
                                   atol=1e-3, rtol=0)

    def test_head_forward_and_loss(self):
        head = MODELS.build(
            dict(type='VoxelPoseHead',
                 net=dict(type='V2VNet', input_channels=15,
                          output_channels=15, mid_channels=4),
                 cube_size=(1600., ) * 3, cube_shape=(8, ) * 3))
        head.init_weights()
        centers = torch.tensor([[0., 0., 900.], [500., 500., 900.]])
        out = head(torch.rand(2, 15, 8, 8, 8), centers)
        self.assertEqual(tuple(out.shape), (2, 15, 3))
        # a convex combination of voxel centres stays inside the cube
        self.assertLessEqual((out - centers[:, None]).abs().max().item(),
                             800. + 1e-3)
        vis = torch.ones(2, 15)
        vis[0, :5] = 0
        losses = head.loss(out, out.detach() + 10., vis)
        self.assertGreater(losses['loss_pose'].item(), 0)
        torch.testing.assert_close(losses['mpjpe_train'],
                                   torch.tensor(10. * 3**0.5))
        empty = head.loss(out[:0], out[:0], vis[:0])
        self.assertEqual(empty['loss_pose'].item(), 0.)
        self.assertTrue(empty['loss_pose'].requires_grad)
        self.assertEqual(
            tuple(head(torch.rand(0, 15, 8, 8, 8), centers[:0]).shape),
            (0, 15, 3))

    def test_channels_last_does_not_change_results(self):
        cfg = dict(type='VoxelPoseHead',
                   net=dict(type='V2VNet', input_channels=15,
                            output_channels=15, mid_channels=4),
                   cube_size=(1600., ) * 3, cube_shape=(8, ) * 3, beta=1.)
        torch.manual_seed(0)
        a = MODELS.build(dict(cfg, channels_last=False))
        b = MODELS.build(dict(cfg, channels_last=True))
        b.load_state_dict(a.state_dict())
        cubes = torch.rand(3, 15, 8, 8, 8)
        centers = torch.rand(3, 3) * 100
        outs, grads = [], []
        for head in (a, b):
            head.train()
            out = head(cubes, centers)
            out.square().mean().backward()
            outs.append(out)
            grads.append(head.net.front_layers[0].block.conv.weight.grad)
        torch.testing.assert_close(outs[0], outs[1], rtol=1e-4, atol=1e-3)
        # float32 summation order differs: compare relative to the norm
        rel = (grads[0] - grads[1]).norm() / grads[0].norm()
        self.assertLess(rel.item(), 1e-4)


class TestMatching(unittest.TestCase):

    def test_match_to_nearest(self):
        cand = torch.tensor([[[0., 0., 0.], [1000., 0., 0.],
                              [0., 450., 0.]]])
        gt = torch.tensor([[[10., 0., 0.], [0., 400., 0.], [990., 0., 0.]]])
        mask = torch.tensor([[True, True, False]])
        idx = match_to_nearest(cand, gt, mask, 500.)
        self.assertEqual(idx.tolist(), [[0, -1, 1]])
        none = match_to_nearest(cand, gt[:, :0], mask[:, :0], 500.)
        self.assertEqual(none.tolist(), [[-1, -1, -1]])

    def test_gaussian_is_max_over_people(self):
        pts = torch.tensor([[[0., 0., 0.], [100., 0., 0.]]])
        mask = torch.ones(1, 2, dtype=torch.bool)
        t = gaussian_voxel_target(pts, mask, (200., 200., 200.), (3, 3, 3),
                                  (0., 0., 0.), 100.)
        self.assertEqual(t[0, 1, 1, 1].item(), 1.)
        self.assertEqual(t[0, 2, 1, 1].item(), 1.)


if __name__ == '__main__':
    unittest.main()
