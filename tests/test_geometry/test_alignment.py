"""Tests of selfpose_mm.geometry.alignment."""
from unittest import TestCase

import numpy as np
import torch
from scipy.spatial import procrustes as scipy_procrustes
from scipy.spatial.transform import Rotation

from selfpose_mm.geometry.alignment import procrustes_align, scale_align


def _svd_reference(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """VideoPose3D-style single-pose Procrustes, written independently."""
    mx, my = x.mean(0), y.mean(0)
    x0, y0 = x - mx, y - my
    nx, ny = np.linalg.norm(x0), np.linalg.norm(y0)
    x0, y0 = x0 / nx, y0 / ny
    u, s, vt = np.linalg.svd(y0.T @ x0)
    v = vt.T
    r = v @ u.T
    if np.linalg.det(r) < 0:
        v[:, -1] *= -1
        s[-1] *= -1
        r = v @ u.T
    a = s.sum() * ny / nx
    return a * (x - mx) @ r + my


class TestProcrustesAlign(TestCase):

    def setUp(self):
        self.rng = np.random.default_rng(0)
        self.x = self.rng.normal(size=(17, 3)) * 300.
        self.rot = Rotation.from_euler('xyz', [30, -50, 120],
                                       degrees=True).as_matrix()

    def test_recovers_similarity(self):
        y = 1.7 * self.x @ self.rot.T + np.array([100., -20., 900.])
        aligned, r, s, t = procrustes_align(
            self.x, y, return_transform=True)
        np.testing.assert_allclose(aligned, y, atol=1e-8)
        np.testing.assert_allclose(r, self.rot, atol=1e-10)
        self.assertAlmostEqual(float(s), 1.7, places=10)
        np.testing.assert_allclose(t, [100., -20., 900.], atol=1e-8)

    def test_rigid_without_scale(self):
        y = self.x @ self.rot.T + 5.
        aligned, _, s, _ = procrustes_align(
            self.x, y, scale=False, return_transform=True)
        np.testing.assert_allclose(aligned, y, atol=1e-8)
        self.assertEqual(float(s), 1.0)
        # With a true scale of 2, the rigid fit keeps unit scale.
        aligned = procrustes_align(self.x, 2 * y, scale=False)
        self.assertGreater(np.abs(aligned - 2 * y).max(), 1.)

    def test_reflection_is_not_absorbed(self):
        mirrored = self.x * np.array([-1., 1., 1.])
        aligned, r, _, _ = procrustes_align(
            self.x, mirrored, return_transform=True)
        self.assertAlmostEqual(np.linalg.det(r), 1.0, places=10)
        self.assertGreater(np.linalg.norm(aligned - mirrored, axis=-1).mean(),
                           1.)
        np.testing.assert_allclose(
            aligned, _svd_reference(self.x, mirrored), atol=1e-8)

    def test_mask_ignores_joints(self):
        y = 0.5 * self.x @ self.rot.T - 30.
        corrupted = y.copy()
        corrupted[[2, 5]] += 1e4
        mask = np.ones(17, dtype=bool)
        mask[[2, 5]] = False
        aligned = procrustes_align(self.x, corrupted, mask)
        np.testing.assert_allclose(aligned, y, atol=1e-8)

    def test_batched_equals_looped(self):
        pred = self.rng.normal(size=(2, 3, 17, 3))
        target = self.rng.normal(size=(2, 3, 17, 3))
        mask = self.rng.random((2, 3, 17)) > 0.2
        batched = procrustes_align(pred, target, mask)
        for i in range(2):
            for j in range(3):
                np.testing.assert_allclose(
                    batched[i, j],
                    procrustes_align(pred[i, j], target[i, j], mask[i, j]),
                    atol=1e-10)

    def test_matches_references(self):
        y = self.rng.normal(size=(17, 3))
        aligned = procrustes_align(self.x, y)
        np.testing.assert_allclose(aligned, _svd_reference(self.x, y),
                                   atol=1e-10)
        # scipy's disparity (both sets standardised, target unit norm)
        # equals our normalised residual when no reflection is optimal;
        # scipy allows reflections, so use a noisy rotated copy.
        y = 0.3 * self.x @ self.rot.T + self.rng.normal(size=(17, 3)) * 20.
        aligned = procrustes_align(self.x, y)
        _, _, disparity = scipy_procrustes(y, self.x)
        y0 = y - y.mean(0)
        ours = np.sum((aligned - y)**2) / np.sum(y0**2)
        self.assertAlmostEqual(ours, disparity, places=10)

    def test_torch_differentiable(self):
        pred = torch.tensor(self.x, requires_grad=True)
        target = torch.tensor(self.rng.normal(size=(17, 3)) * 300.)
        aligned = procrustes_align(pred, target)
        self.assertIsInstance(aligned, torch.Tensor)
        np.testing.assert_allclose(
            aligned.detach().numpy(),
            procrustes_align(self.x, target.numpy()),
            atol=1e-8)
        (aligned - target).norm(dim=-1).mean().backward()
        self.assertTrue(torch.isfinite(pred.grad).all())
        # float32 in, float32 out; numpy dtype is kept too.
        out32 = procrustes_align(pred.detach().float(), target.float())
        self.assertEqual(out32.dtype, torch.float32)
        self.assertEqual(
            procrustes_align(self.x.astype(np.float32), target.numpy()).dtype,
            np.float32)


class TestScaleAlign(TestCase):

    def test_scaled_copy(self):
        x = np.random.default_rng(1).normal(size=(4, 17, 3))
        aligned, s = scale_align(0.25 * x, x, return_transform=True)
        np.testing.assert_allclose(aligned, x, atol=1e-12)
        np.testing.assert_allclose(s, np.full(4, 4.0))

    def test_formula_and_mask(self):
        rng = np.random.default_rng(2)
        p, t = rng.normal(size=(17, 3)), rng.normal(size=(17, 3))
        mask = np.arange(17) < 10
        _, s = scale_align(p, t, mask, return_transform=True)
        expected = np.sum(p[:10] * t[:10]) / np.sum(p[:10]**2)
        self.assertAlmostEqual(float(s), expected, places=12)

    def test_torch(self):
        p = torch.randn(3, 17, 3, requires_grad=True)
        out = scale_align(p, 2 * p.detach())
        torch.testing.assert_close(out, 2 * p.detach())
        out.sum().backward()
        self.assertIsNotNone(p.grad)
