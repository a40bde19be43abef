"""Smooth keypoint loss, root-relative weights, occlusion augmentation with
mask-aware labels, and the warm-up hook."""
import unittest
from types import SimpleNamespace

import numpy as np
import torch
from mmengine.registry import init_default_scope

import projects.mads.mads  # noqa: F401
from projects.mads.mads.datasets.transforms import (Cutout, HideAndSeek,
                                                    hidden_joints)
from projects.mads.mads.hooks import Loss3DWarmupHook
from projects.mads.mads.models.ops import root_relative
from projects.mads.mads.models.smooth_loss import SmoothKeypointMSELoss


class TestSmoothLoss(unittest.TestCase):

    def test_continuous_at_threshold_and_sublinear_above(self):
        loss = SmoothKeypointMSELoss(threshold=400., alpha=0.1)
        t = torch.zeros(1, 1, 1)
        below = loss(torch.full((1, 1, 1), 20. - 1e-4), t)
        above = loss(torch.full((1, 1, 1), 20. + 1e-4), t)
        self.assertAlmostEqual(below.item(), above.item(), places=2)
        far = loss(torch.full((1, 1, 1), 200.), t)
        self.assertAlmostEqual(far.item(), 40000**0.1 * 400**0.9, places=2)
        scaled = SmoothKeypointMSELoss(scale=0.1)(
            torch.full((1, 1, 1), 100.), t)  # 100 mm -> 10 cm -> 100
        self.assertAlmostEqual(scaled.item(), 100., places=4)

    def test_masked_joints_have_zero_loss_and_gradient_even_if_nan(self):
        pred = torch.randn(2, 4, 3, requires_grad=True)
        with torch.no_grad():
            pred[0, 1] = float('nan')
        gt = torch.randn(2, 4, 3)
        w = torch.ones(2, 4)
        w[0, 1] = 0.
        loss = SmoothKeypointMSELoss()(pred, gt, w)
        loss.backward()
        self.assertTrue(torch.isfinite(loss))
        self.assertEqual(pred.grad[0, 1].abs().sum().item(), 0.)
        self.assertGreater(pred.grad[1].abs().sum().item(), 0.)
        # the mean is over valid coordinates only
        ref = ((pred.detach() - gt)**2)[w > 0].mean()
        self.assertAlmostEqual(loss.item(), ref.item(), places=4)

    def test_root_relative_keeps_root_absolute(self):
        x = torch.arange(12.).view(1, 4, 3)
        w = torch.tensor([[1., 1., 0., 1.]])
        rel, wr = root_relative(x, w, 1, keep_root=True)
        torch.testing.assert_close(rel[0, 1], x[0, 1])
        torch.testing.assert_close(rel[0, 3], x[0, 3] - x[0, 1])
        torch.testing.assert_close(wr, w)
        w0 = torch.tensor([[1., 0., 1., 1.]])  # invisible root
        _, wr = root_relative(x, w0, 1, keep_root=True)
        self.assertEqual(wr.sum().item(), 0.)
        _, wr = root_relative(x, w, 1, keep_root=False)
        self.assertEqual(wr[0, 1].item(), 0.)


def _sample(V=2, K=19, size=64, seed=0):
    rng = np.random.default_rng(seed)
    return dict(
        imgs=[np.full((size, size, 3), 7, np.uint8) for _ in range(V)],
        keypoints_2d=rng.uniform(0, size - 1, (V, K, 2)),
        keypoints_2d_visible=np.ones((V, K), np.float32),
        keypoints_3d_weights=np.ones(K, np.float32))


class TestOcclusion(unittest.TestCase):

    def test_hidden_joints(self):
        mask = np.zeros((10, 10), bool)
        mask[2:4, 5:7] = True
        kp = np.array([[5.4, 2.4], [6.6, 3.], [4.4, 3.], [20., 3.]])
        self.assertEqual(hidden_joints(mask, kp).tolist(),
                         [True, False, False, False])

    def _check(self, transform, scope):
        np.random.seed(0)
        res = transform.transform(_sample())
        masks = res['occlusion_masks']
        self.assertTrue(all(m is not None and m.any() for m in masks))
        hidden = np.stack([
            hidden_joints(m, kp)
            for m, kp in zip(masks, res['keypoints_2d'])
        ])
        self.assertTrue(hidden.any())
        for v, m in enumerate(masks):  # filled exactly where masked
            img = res['imgs'][v]
            self.assertTrue((img[m] == 128).all())
            self.assertTrue((img[~m] == 7).all())
        vis, w3d = res['keypoints_2d_visible'], res['keypoints_3d_weights']
        if scope == 'all':
            any_h = hidden.any(0)
            self.assertTrue((vis[:, any_h] == 0).all())
            self.assertTrue((vis[:, ~any_h] == 1).all())
            self.assertEqual(w3d.tolist(), (~any_h).astype(float).tolist())
        elif scope == 'view':
            self.assertEqual(vis.tolist(), (~hidden).astype(float).tolist())
            self.assertEqual(w3d.tolist(),
                             (~hidden.any(0)).astype(float).tolist())
        else:
            self.assertTrue((vis == 1).all() and (w3d == 1).all())

    def test_cutout_and_hide_and_seek_mask_the_loss(self):
        for scope in ('all', 'view', 'none'):
            self._check(Cutout(prob=1., num_holes=6, hole_size=16,
                               mask_scope=scope), scope)
            self._check(HideAndSeek(prob=1., mask_scope=scope), scope)

    def test_hide_and_seek_hides_the_recipe_cell_count(self):
        np.random.seed(1)
        m = HideAndSeek(prob=1.).make_mask(64, 64)
        self.assertEqual(m.sum(), 6 * 16 * 16)

    def test_probability_zero_changes_nothing(self):
        res = Cutout(prob=0.).transform(_sample())
        self.assertTrue(all(m is None for m in res['occlusion_masks']))
        self.assertTrue((res['keypoints_2d_visible'] == 1).all())

    def test_bad_arguments(self):
        with self.assertRaises(ValueError):
            Cutout(prob=1.5)
        with self.assertRaises(ValueError):
            HideAndSeek(mask_scope='both')


class TestWarmupHook(unittest.TestCase):

    def test_switches_3d_loss_and_clipping(self):
        init_default_scope('selfpose_mm')
        head = SimpleNamespace(use_3d_loss=None)
        wrapper = SimpleNamespace(clip_grad_kwargs=dict(max_norm=100.))
        runner = SimpleNamespace(
            model=SimpleNamespace(head=head),
            optim_wrapper=wrapper,
            iter=0,
            epoch=0)
        hook = Loss3DWarmupHook(warmup_iters=5)
        hook.before_train_iter(runner, 0)
        self.assertFalse(head.use_3d_loss)
        self.assertFalse(wrapper.clip_grad_kwargs)
        runner.iter = 5
        hook.before_train_iter(runner, 5)
        self.assertTrue(head.use_3d_loss)
        self.assertEqual(wrapper.clip_grad_kwargs, dict(max_norm=100.))
        ep = Loss3DWarmupHook(warmup_epochs=2)
        runner.epoch = 1
        ep.before_train_iter(runner, 0)
        self.assertFalse(head.use_3d_loss)
        with self.assertRaises(ValueError):
            Loss3DWarmupHook()


if __name__ == '__main__':
    unittest.main()
