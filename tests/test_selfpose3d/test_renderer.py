"""The differentiable renderer: peaks, gradients, person reduction."""
import unittest

import cv2
import numpy as np
import torch

from selfpose_mm.models import DifferentiableHeatmapRenderer
from selfpose_mm.models.utils import cameras_from_arrays, gaussian_heatmaps
from tests.test_models.fake_multiview import camera_arrays, fake_rig


def _cams(rig, batch=1):
    cp = camera_arrays(rig['cameras'])
    arrays = {k: np.repeat(np.asarray(cp[k])[None], batch, 0)
              for k in ('K', 'R', 't', 'dist', 'image_size', 'affine')}
    return cameras_from_arrays(arrays, rig['input_size'])


class TestRenderer(unittest.TestCase):

    def setUp(self):
        self.rig = fake_rig(3, heatmap_size=(40, 32))
        self.cams = _cams(self.rig)
        self.renderer = DifferentiableHeatmapRenderer(sigma=1.5)

    def _reference_px(self, joint):
        """OpenCV projection + affine (independent of our geometry)."""
        cp = camera_arrays(self.rig['cameras'])
        out = []
        for v in range(3):
            rvec, _ = cv2.Rodrigues(cp['R'][v].astype(np.float64))
            uv, _ = cv2.projectPoints(
                joint.reshape(1, 1, 3).astype(np.float64), rvec,
                cp['t'][v].astype(np.float64),
                cp['K'][v].astype(np.float64),
                cp['dist'][v].astype(np.float64))
            A = cp['affine'][v].astype(np.float64)
            out.append(A[:, :2] @ uv.reshape(2) + A[:, 2])
        return np.stack(out)

    def test_peak_at_projected_joint(self):
        joint = np.array([150., -220., 950.])
        joints = torch.zeros(1, 1, 15, 3)
        joints[0, 0] = torch.tensor(joint, dtype=torch.float32)
        hm = self.renderer(joints, self.cams, (40, 32))
        self.assertEqual(tuple(hm.shape), (1, 3, 15, 32, 40))
        ref = self._reference_px(joint)
        for v in range(3):
            flat = int(hm[0, v, 0].argmax())
            y, x = divmod(flat, 40)
            self.assertLessEqual(abs(x - ref[v, 0]), 0.5 + 1e-3)
            self.assertLessEqual(abs(y - ref[v, 1]), 0.5 + 1e-3)
            self.assertGreater(float(hm[0, v, 0].max()), 0.75)
        uv, front = self.renderer.project(joints, self.cams, (40, 32))
        np.testing.assert_allclose(uv[0, 0, :, 0].numpy(), ref, atol=1e-3)
        self.assertTrue(bool(front.all()))

    def test_gradients_reach_the_3d_pose(self):
        joints = (torch.tensor([[100., 0., 900.]]).repeat(15, 1) +
                  torch.randn(15, 3) * 50.)[None, None].requires_grad_()
        target = self.renderer(
            (joints + torch.tensor([40., -30., 20.])).detach(), self.cams,
            (40, 32))
        loss = (self.renderer(joints, self.cams, (40, 32)) -
                target).square().mean()
        loss.backward()
        g = joints.grad
        self.assertTrue(torch.isfinite(g).all())
        self.assertGreater(float(g.abs().min()), 0.)
        # a small step along -grad lowers the loss
        with torch.no_grad():
            step = joints - 200. * g / g.norm()
            after = (self.renderer(step, self.cams, (40, 32)) -
                     target).square().mean()
        self.assertLess(float(after), float(loss))

    def test_sum_and_clip_vs_max(self):
        pts = torch.tensor([[10., 8.], [10., 8.], [30., 20.]])
        pts = pts[None, :, None, None]  # (B=1, N=3, V=1, K=1, 2)
        w = torch.ones(1, 3, 1, 1)
        s = gaussian_heatmaps(pts, w, (40, 32), 2., 'sum')
        m = gaussian_heatmaps(pts, w, (40, 32), 2., 'max')
        self.assertAlmostEqual(float(s[0, 0, 0, 8, 10]), 1.)  # 2 -> clip
        self.assertAlmostEqual(float(m[0, 0, 0, 8, 10]), 1.)
        self.assertAlmostEqual(float(s[0, 0, 0, 20, 30]), 1., places=5)
        np.testing.assert_allclose(
            float(m[0, 0, 0, 8, 12]), np.exp(-4 / 8.), rtol=1e-5)
        w[0, 2] = 0.
        self.assertLess(
            float(gaussian_heatmaps(pts, w, (40, 32), 2.)[0, 0, 0, 20, 30]),
            1e-20)  # only the far people's tails

    def test_behind_camera_not_drawn(self):
        cp = camera_arrays(self.rig['cameras'])
        centre = -cp['R'][0].T @ cp['t'][0]  # camera 0 centre
        axis = cp['R'][0][2]  # optical axis in world
        behind = centre - 500. * axis
        joints = torch.tensor(behind, dtype=torch.float32).repeat(
            1, 1, 15, 1)
        hm = self.renderer(joints, self.cams, (40, 32))
        self.assertEqual(float(hm[0, 0].max()), 0.)



class TestProjectorNearCameraPlane(unittest.TestCase):

    def test_points_on_a_camera_plane_stay_finite(self):
        from selfpose_mm.models import VoxelProjector
        cams = _cams(fake_rig(3, heatmap_size=(40, 32), rot_deg=20.))
        # camera-space points: one ordinary, one just in front of the
        # camera plane far off-axis (the lens polynomial overflows)
        pts = torch.tensor([[0., 0., 3000.], [1000., 800., 1e-6]])
        pts = pts.expand(1, 3, 2, 3).contiguous()
        g, seen = VoxelProjector()._sampling_grid(pts, cams, (32, 40))
        self.assertTrue(bool(torch.isfinite(g).all()))
        self.assertTrue(bool((g[:, :, 0].abs() <= 1).all()))
        self.assertEqual(float(seen[:, :, 0].min()), 1.)
        self.assertEqual(float(seen[:, :, 1].sum()), 0.)
        hm = torch.rand(1, 3, 2, 32, 40)
        w = seen / (seen.sum(1, keepdim=True) + 1e-6)
        out = VoxelProjector()._sample(hm, g, w)
        self.assertTrue(bool(torch.isfinite(out).all()))
