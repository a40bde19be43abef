"""Tests for selfpose_mm.geometry.triangulation."""
import unittest

import numpy as np
import torch

from selfpose_mm.geometry import (project_points, reprojection_error,
                                  camera_tensor_dict, triangulate_dlt,
                                  triangulate_points_np, undistort_points)
from ._helpers import random_rig


def _scene(num_views, rng, batch=2, joints=17, distortion=False):
    cams = random_rig(num_views, rng, distortion=distortion)
    st = camera_tensor_dict(cams, dtype=torch.float64)
    X = torch.as_tensor(
        rng.uniform(-800, 800, (batch, joints, 3)) + [0, 0, 900])
    x2d = project_points(X[:, None], st['K'], st['R'], st['t'],
                         st['dist'] if distortion else None)
    return cams, st, X, x2d  # x2d (B, V, K, 2)


class TestTriangulateDLT(unittest.TestCase):

    def setUp(self):
        self.rng = np.random.default_rng(0)

    def test_exact_noise_free_any_views(self):
        for V in (2, 3, 5, 8):
            _, st, X, x2d = _scene(V, self.rng)
            P = st['P'].expand(X.shape[0], V, 3, 4)
            out = triangulate_dlt(x2d, P)
            self.assertEqual(tuple(out.shape), tuple(X.shape))
            self.assertLess((out - X).abs().max().item(), 1e-3)
            # float32: still sub-0.05 mm at realistic scales
            out32 = triangulate_dlt(x2d.float(), P.float())
            self.assertEqual(out32.dtype, torch.float32)
            self.assertLess((out32.double() - X).abs().max().item(), 5e-2)

    def test_shared_proj_broadcast_and_numpy(self):
        _, st, X, x2d = _scene(4, self.rng)
        out = triangulate_dlt(x2d, st['P'])  # P (V, 3, 4) broadcast
        self.assertLess((out - X).abs().max().item(), 1e-3)
        out_np = triangulate_points_np(x2d[0].numpy(), st['P'].numpy())
        np.testing.assert_allclose(out_np, X[0].numpy(), atol=1e-3)
        err = reprojection_error(out, x2d, st['P'])
        self.assertEqual(tuple(err.shape), (2, 4, 17))
        self.assertLess(err.max().item(), 1e-6)

    def test_zero_weight_outlier_view(self):
        _, st, X, x2d = _scene(4, self.rng)
        bad = x2d.clone()
        bad[:, 1] += torch.as_tensor(self.rng.uniform(-300, 300, (2, 17, 2)))
        w = torch.ones(bad.shape[:-1], dtype=torch.float64)
        w[:, 1] = 0
        out = triangulate_dlt(bad, st['P'], w)
        self.assertLess((out - X).abs().max().item(), 1e-3)
        plain = triangulate_dlt(bad, st['P'])
        self.assertGreater((plain - X).abs().max().item(), 10.0)
        # per-joint zero weights in different views
        w = torch.ones_like(w)
        w[0, 0, :5] = 0
        w[0, 2, 5:9] = 0
        bad2 = x2d.clone()
        bad2[0, 0, :5] += 500
        bad2[0, 2, 5:9] -= 500
        out = triangulate_dlt(bad2, st['P'], w)
        self.assertLess((out - X).abs().max().item(), 1e-3)

    def test_too_few_views_is_finite(self):
        _, st, X, x2d = _scene(3, self.rng)
        w = torch.ones(x2d.shape[:-1], dtype=torch.float64, requires_grad=True)
        mask = torch.ones_like(w)
        mask[:, 1:, 0] = 0  # joint 0 seen by one view only
        out = triangulate_dlt(x2d, st['P'], w * mask)
        self.assertTrue(torch.isfinite(out).all())
        self.assertLess((out[:, 1:] - X[:, 1:]).abs().max().item(), 1e-3)
        out.sum().backward()
        self.assertTrue(torch.isfinite(w.grad).all())

    def test_noise_weighted_gradcheck(self):
        _, st, X, x2d = _scene(3, self.rng, batch=1, joints=2)
        x = (x2d + torch.as_tensor(self.rng.normal(0, 2, x2d.shape)))
        x = x.requires_grad_(True)
        w = torch.tensor(
            self.rng.uniform(0.3, 1.0, x.shape[:-1]), requires_grad=True)
        P = st['P'].clone()
        self.assertTrue(
            torch.autograd.gradcheck(lambda x, w: triangulate_dlt(x, P, w),
                                     (x, w)))
        # P has entries up to ~1e6 (mm, px): use a step suited to its scale
        P.requires_grad_(True)
        self.assertTrue(
            torch.autograd.gradcheck(
                lambda P: triangulate_dlt(x.detach(), P, w.detach()), (P, ),
                eps=1e-3,
                atol=1e-4,
                rtol=1e-4))

    def test_with_distortion_after_undistort(self):
        cams, st, X, x2d = _scene(4, self.rng, distortion=True)
        und = undistort_points(x2d, st['K'], st['dist'])
        out = triangulate_dlt(und, st['P'])
        self.assertLess((out - X).abs().max().item(), 1e-3)

    def test_bad_shapes(self):
        with self.assertRaisesRegex(ValueError, 'at least 2 views'):
            triangulate_dlt(torch.zeros(1, 1, 3, 2), torch.zeros(1, 1, 3, 4))
        with self.assertRaisesRegex(ValueError, 'views'):
            triangulate_dlt(torch.zeros(1, 2, 3, 2), torch.zeros(1, 3, 3, 4))


if __name__ == '__main__':
    unittest.main()
