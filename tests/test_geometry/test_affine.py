"""Tests for selfpose_mm.geometry.affine."""
import unittest

import cv2
import numpy as np
import torch
from mmpose.structures.bbox import get_warp_matrix

from selfpose_mm.geometry import (apply_affine, compose_affine,
                                  get_affine_matrix, invert_affine)


class TestAffine(unittest.TestCase):

    def setUp(self):
        self.rng = np.random.default_rng(0)

    def test_matches_mmpose_get_warp_matrix(self):
        for _ in range(10):
            c = self.rng.uniform(100, 500, 2)
            s = self.rng.uniform(50, 300, 2)
            rot = self.rng.uniform(-45, 45)
            for fix in (True, False):
                for inv in (False, True):
                    ref = get_warp_matrix(
                        c, s, rot, (192, 256), inv=inv, fix_aspect_ratio=fix)
                    ours = get_affine_matrix(
                        c, s, (192, 256), rot, inv=inv, fix_aspect_ratio=fix)
                    scale = np.abs(ref).max()
                    np.testing.assert_allclose(ours, ref, atol=1e-4 * scale)

    def test_points_match_cv2_transform_and_warp(self):
        mat = get_affine_matrix(
            np.array([320.0, 240.0]), np.array([200.0, 200.0]), (128, 128),
            30.0)
        pts = self.rng.uniform(0, 640, (20, 2))
        ref = cv2.transform(pts[None], mat)[0]
        np.testing.assert_allclose(apply_affine(pts, mat), ref, atol=1e-9)
        # a bright pixel lands where apply_affine says
        img = np.zeros((480, 640), np.float32)
        src = np.array([300.0, 200.0])
        img[200, 300] = 1.0
        img = cv2.GaussianBlur(img, (0, 0), 3)
        out = cv2.warpAffine(img, mat, (128, 128), flags=cv2.INTER_LINEAR)
        peak = np.unravel_index(out.argmax(), out.shape)[::-1]
        dst = apply_affine(src[None], mat)[0]
        self.assertLess(np.abs(np.array(peak) - dst).max(), 1.0)

    def test_torch_batched_inverse_compose(self):
        B = 5
        c = torch.as_tensor(self.rng.uniform(100, 500, (B, 2)))
        s = torch.as_tensor(self.rng.uniform(50, 300, (B, 2)))
        rot = torch.as_tensor(self.rng.uniform(-90, 90, B))
        mats = get_affine_matrix(c, s, (64, 48), rot)
        self.assertEqual(tuple(mats.shape), (B, 2, 3))
        for b in range(B):
            ref = get_affine_matrix(c[b].numpy(), s[b].numpy(), (64, 48),
                                    float(rot[b]))
            np.testing.assert_allclose(mats[b].numpy(), ref, atol=1e-9)
        inv = get_affine_matrix(c, s, (64, 48), rot, inv=True)
        np.testing.assert_allclose(
            inv.numpy(), invert_affine(mats).numpy(), atol=1e-9)
        eye = compose_affine(inv, mats)
        np.testing.assert_allclose(
            eye.numpy(), np.broadcast_to(np.eye(2, 3), (B, 2, 3)), atol=1e-9)
        pts = torch.as_tensor(self.rng.uniform(0, 640, (B, 7, 2)))
        two = get_affine_matrix(c, s, (32, 32), rot)
        comp = compose_affine(two, invert_affine(mats))
        np.testing.assert_allclose(
            apply_affine(pts, comp).numpy(),
            apply_affine(apply_affine(pts, invert_affine(mats)), two).numpy(),
            atol=1e-8)
        # differentiable
        c.requires_grad_(True)
        apply_affine(pts, get_affine_matrix(c, s, (64, 48),
                                            rot)).sum().backward()
        self.assertTrue(torch.isfinite(c.grad).all())


if __name__ == '__main__':
    unittest.main()
