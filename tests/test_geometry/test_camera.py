"""Tests for selfpose_mm.geometry.camera."""
import unittest

import cv2
import numpy as np
import torch

from selfpose_mm.geometry import (CalibrationError, Camera, camera_to_world,
                                  distort_points, project_points,
                                  camera_tensor_dict, undistort_points,
                                  world_to_camera)
from ._helpers import random_rig


class TestProjection(unittest.TestCase):

    def setUp(self):
        self.rng = np.random.default_rng(0)
        self.cams = random_rig(4, self.rng, distortion=True)
        self.X = self.rng.uniform(-1000, 1000, (30, 3)) + [0, 0, 900]

    def test_matches_cv2_project_points(self):
        for cam in self.cams:
            rvec, _ = cv2.Rodrigues(cam.R)
            ref, _ = cv2.projectPoints(self.X, rvec, cam.t, cam.K, cam.dist)
            ours = cam.project(self.X)
            self.assertEqual(ours.shape, (30, 2))
            np.testing.assert_allclose(ours, ref[:, 0], atol=1e-3, rtol=0)

    def test_batched_equals_loop_and_torch_equals_numpy(self):
        st = camera_tensor_dict(self.cams, dtype=torch.float64)
        B = 3
        X = torch.as_tensor(self.rng.uniform(-1000, 1000, (B, 1, 30, 3)))
        X = X.expand(B, 4, 30, 3)
        out = project_points(X, st['K'], st['R'], st['t'], st['dist'])
        self.assertEqual(tuple(out.shape), (B, 4, 30, 2))
        for b in range(B):
            for v, cam in enumerate(self.cams):
                ref = cam.project(X[b, v].numpy())
                np.testing.assert_allclose(
                    out[b, v].numpy(), ref, atol=1e-9, rtol=0)
        # float32 torch agrees with the float64 numpy path
        out32 = project_points(X.float(), st['K'].float(), st['R'].float(),
                               st['t'].float(), st['dist'].float())
        self.assertEqual(out32.dtype, torch.float32)
        np.testing.assert_allclose(
            out32.numpy(), out.numpy(), atol=2e-2, rtol=0)

    def test_world_camera_roundtrip_and_center(self):
        cam = self.cams[0]
        Xc = world_to_camera(self.X, cam.R, cam.t)
        np.testing.assert_allclose(
            camera_to_world(Xc, cam.R, cam.t), self.X, atol=1e-9)
        np.testing.assert_allclose(
            world_to_camera(cam.center[None], cam.R, cam.t), 0, atol=1e-9)
        P = cam.projection_matrix
        xh = np.c_[self.X, np.ones(30)] @ P.T
        ideal = project_points(self.X, cam.K, cam.R, cam.t)
        np.testing.assert_allclose(xh[:, :2] / xh[:, 2:], ideal, atol=1e-9)

    def test_undistort_inverts_distort(self):
        for cam in self.cams:
            ideal = project_points(self.X, cam.K, cam.R, cam.t)
            distorted = distort_points(ideal, cam.K, cam.dist)
            np.testing.assert_allclose(
                distorted, cam.project(self.X), atol=1e-9)
            back = undistort_points(distorted, cam.K, cam.dist)
            np.testing.assert_allclose(back, ideal, atol=1e-6)
            ref = cv2.undistortPointsIter(
                distorted.reshape(-1, 1, 2), cam.K, cam.dist, None, cam.K,
                (cv2.TERM_CRITERIA_COUNT | cv2.TERM_CRITERIA_EPS, 200,
                 1e-14))[:, 0]
            np.testing.assert_allclose(back, ref, atol=1e-4)
            norm = undistort_points(
                distorted, cam.K, cam.dist, normalized=True)
            Xc = world_to_camera(self.X, cam.R, cam.t)
            np.testing.assert_allclose(norm, Xc[:, :2] / Xc[:, 2:], atol=1e-8)
            # same for the H36M tangential model
            d_h = distort_points(ideal, cam.K, cam.dist, dist_model='h36m')
            np.testing.assert_allclose(
                undistort_points(d_h, cam.K, cam.dist, dist_model='h36m'),
                ideal,
                atol=1e-6)

    def test_gradcheck(self):
        cam = self.cams[1]
        X = torch.tensor(self.X[:4], requires_grad=True)
        K, R, t = (torch.tensor(a) for a in (cam.K, cam.R, cam.t))
        d = torch.tensor(cam.dist, requires_grad=True)
        self.assertTrue(
            torch.autograd.gradcheck(
                lambda X, d: project_points(X, K, R, t, d), (X, d)))
        uv = torch.tensor(cam.project(self.X[:4]), requires_grad=True)
        self.assertTrue(
            torch.autograd.gradcheck(lambda uv, d: undistort_points(uv, K, d),
                                     (uv, d)))


class TestCameraClass(unittest.TestCase):

    def setUp(self):
        self.cam = random_rig(1, np.random.default_rng(1), True)[0]

    def test_dict_roundtrip(self):
        cam2 = Camera.from_dict(self.cam.to_dict(), name='x')
        for key in ('K', 'R', 't', 'dist'):
            np.testing.assert_array_equal(
                getattr(cam2, key), getattr(self.cam, key))
        self.assertEqual(cam2.image_size, self.cam.image_size)

    def test_with_affine_is_exact(self):
        X = np.random.default_rng(2).uniform(-500, 500, (10, 3))
        th = np.deg2rad(25)
        A = np.array([[0.5 * np.cos(th), 0.5 * np.sin(th), -40.0],
                      [-0.5 * np.sin(th), 0.5 * np.cos(th), 12.0]])
        crop = self.cam.with_affine(A, image_size=(256, 256))
        ref = cv2.transform(self.cam.project(X)[None], A)[0]
        np.testing.assert_allclose(crop.project(X), ref, atol=1e-9)
        half = self.cam.scaled(0.5)
        self.assertEqual(half.image_size, (500, 400))
        np.testing.assert_allclose(
            half.project(X), 0.5 * self.cam.project(X), atol=1e-9)

    def test_validation_errors(self):
        c = self.cam
        with self.assertRaisesRegex(CalibrationError, 'not a rotation'):
            Camera('bad', c.K, c.R * 1.1, c.t)
        with self.assertRaisesRegex(CalibrationError, 'det = -1'):
            Camera('bad', c.K, -c.R, c.t)
        K = c.K.copy()
        K[0, 0] = -5
        with self.assertRaisesRegex(CalibrationError, 'non-positive focal'):
            Camera('bad', K, c.R, c.t)
        with self.assertRaisesRegex(CalibrationError, "'t' has shape"):
            Camera('bad', c.K, c.R, np.zeros(4))
        with self.assertRaisesRegex(CalibrationError, 'NaN'):
            Camera('bad', c.K, c.R, [0, np.nan, 0])
        with self.assertRaisesRegex(CalibrationError, 'dist_model'):
            Camera('bad', c.K, c.R, c.t, dist_model='fisheye')


if __name__ == '__main__':
    unittest.main()
