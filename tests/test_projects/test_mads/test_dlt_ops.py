"""DLT as used by the heads (crop-pixel P, batched), soft-argmax and the
heatmap decoding: exactness, invariances and gradients."""
import unittest

import numpy as np
import torch

import selfpose_mm  # noqa: F401
from projects.mads.mads.datasets.synthetic_stereo import stereo_rig
from projects.mads.mads.models.ops import argmax_refine_2d, soft_argmax_2d
from selfpose_mm.geometry import Camera, get_affine_matrix, triangulate_dlt


def _crop_rig(num_views=2, baseline=45., rot=(0., 0.)):
    """Stereo cameras expressed in the pixels of a 128x128 crop."""
    cams = []
    for v, c in enumerate(stereo_rig(num_views, baseline)):
        cam = Camera(name=c['name'], K=c['K'], R=c['R'], t=c['t'])
        A = get_affine_matrix(
            np.array([127.5, 95.5]), np.array([192., 192.]), (128, 128),
            rot[v % len(rot)])
        cams.append(cam.with_affine(A, (128, 128)))
    return cams


def _project(P, X):
    """P (..., V, 3, 4), X (..., K, 3) -> (..., V, K, 2)."""
    Xh = torch.cat([X, torch.ones_like(X[..., :1])], -1)
    x = Xh.unsqueeze(-3) @ P.transpose(-1, -2)
    return x[..., :2] / x[..., 2:]


class TestDLT(unittest.TestCase):

    def setUp(self):
        g = torch.Generator().manual_seed(0)
        self.X = (torch.rand(4, 19, 3, generator=g, dtype=torch.float64) -
                  0.5) * torch.tensor([800., 800., 1800.],
                                      dtype=torch.float64) + torch.tensor(
                                          [0., 0., 900.], dtype=torch.float64)
        self.cams = _crop_rig(rot=(10., -25.))
        self.P = torch.as_tensor(
            np.stack([c.projection_matrix for c in self.cams]))

    def test_exact_noise_free_float64_and_float32(self):
        P = self.P.expand(4, -1, -1, -1)
        x = _project(P, self.X)
        X64 = triangulate_dlt(x, P)
        self.assertLess((X64 - self.X).abs().max().item(), 1e-6)
        X32 = triangulate_dlt(x.float(), P.float())
        self.assertLess((X32.double() - self.X).abs().max().item(), 0.5)

    def test_three_views_and_weights(self):
        cams = _crop_rig(3, 40.)
        P = torch.as_tensor(np.stack([c.projection_matrix for c in cams]))
        x = _project(P, self.X)
        w = torch.rand(4, 3, 19, dtype=torch.float64) + 0.1
        X = triangulate_dlt(x, P, w)
        self.assertLess((X - self.X).abs().max().item(), 1e-6)

    def test_projective_scale_and_crop_affine_invariance(self):
        x = _project(self.P, self.X)
        lam = torch.tensor([3.7, -0.02], dtype=torch.float64)
        X1 = triangulate_dlt(x, self.P * lam[:, None, None])
        self.assertLess((X1 - self.X).abs().max().item(), 1e-6)
        # affine(project(X, P)) == project(X, A P): same 3D point
        A = torch.tensor([[0.7, 0.2, 5.], [-0.1, 1.3, -9.], [0., 0., 1.]],
                         dtype=torch.float64)
        xa = x @ A[:2, :2].T + A[:2, 2]
        torch.testing.assert_close(xa, _project(A @ self.P, self.X))
        X2 = triangulate_dlt(xa, A @ self.P)
        self.assertLess((X2 - self.X).abs().max().item(), 1e-6)

    def test_world_similarity_covariance(self):
        Q = torch.as_tensor(
            Camera(name='q', K=np.eye(3), R=np.eye(3), t=np.zeros(3)).R)
        ang = 0.7
        Q = torch.tensor([[np.cos(ang), -np.sin(ang), 0.],
                          [np.sin(ang), np.cos(ang), 0.], [0., 0., 1.]],
                         dtype=torch.float64)
        H = torch.eye(4, dtype=torch.float64)
        H[:3, :3], H[:3, 3] = 1.5 * Q, torch.tensor([100., -50., 20.],
                                                    dtype=torch.float64)
        x = _project(self.P, self.X)
        X_new = triangulate_dlt(x, self.P @ torch.linalg.inv(H))
        expect = self.X @ H[:3, :3].T + H[:3, 3]
        self.assertLess((X_new - expect).abs().max().item(), 1e-6)

    def test_gradcheck_through_dlt(self):
        P = self.P
        x = _project(P, self.X[:1, :3]) + 0.3  # noisy, well conditioned
        x = x.clone().requires_grad_(True)
        w = torch.tensor([[0.8, 0.5, 1.0], [1.0, 0.3, 0.7]],
                         dtype=torch.float64)
        self.assertTrue(
            torch.autograd.gradcheck(lambda p: triangulate_dlt(p, P, w),
                                     (x, )))

    def test_dlt_gradient_matches_finite_difference_through_softargmax(self):
        H = W = 8
        g = torch.Generator().manual_seed(1)
        logits = torch.randn(2, 1, H, W, generator=g, dtype=torch.float64)
        logits.requires_grad_(True)
        P = self.P

        def f(lg):
            uv = soft_argmax_2d(lg, 3.) * 16. + 8.  # 128 px crop
            return triangulate_dlt(uv.view(2, 1, 2), P)

        self.assertTrue(torch.autograd.gradcheck(f, (logits, )))


class TestSoftArgmax(unittest.TestCase):

    def test_one_hot_constant_and_shift(self):
        hm = torch.zeros(1, 2, 16, 20)
        hm[0, 0, 5, 7] = 1.
        xy = soft_argmax_2d(hm, beta=1e4)
        torch.testing.assert_close(xy[0, 0], torch.tensor([7., 5.]))
        torch.testing.assert_close(xy[0, 1], torch.tensor([9.5, 7.5]))
        g = torch.Generator().manual_seed(0)
        peak = torch.zeros(1, 1, 16, 16)
        peak[0, 0, 6:10, 5:9] = torch.rand(4, 4, generator=g) * 5 + 5
        shifted = torch.roll(peak, shifts=(1, 1), dims=(2, 3))
        d = soft_argmax_2d(shifted, 3.) - soft_argmax_2d(peak, 3.)
        torch.testing.assert_close(d, torch.ones_like(d), atol=1e-4,
                                   rtol=0)

    def test_argmax_refine_matches_mmpose_codec(self):
        from mmpose.codecs import MSRAHeatmap
        codec = MSRAHeatmap((96, 96), (24, 24), sigma=2)
        kp = np.random.default_rng(0).uniform(5, 90, (1, 19, 2))
        hm = codec.encode(kp)['heatmaps']
        hm = hm + np.random.default_rng(1).uniform(0, 0.05, hm.shape)
        ref, ref_scores = codec.decode(hm.astype(np.float32))
        xy, vals = argmax_refine_2d(torch.as_tensor(hm[None]).float())
        got = (xy * torch.tensor(codec.scale_factor).float()).numpy()
        np.testing.assert_allclose(got, ref, atol=1e-4)
        np.testing.assert_allclose(vals.numpy(), ref_scores, atol=1e-6)
        self.assertLess(np.abs(got - kp).max(), 3.5)  # stride 4


if __name__ == '__main__':
    unittest.main()
