"""Semi-supervised lifting losses: projection with distortion against
OpenCV and the official Human3.6M 2D, invariances of the bone and MPJPE
terms, trajectory weighting."""
import pickle
import unittest

import cv2
import numpy as np
import torch

from selfpose_mm.codecs import normalize_screen_coordinates
from selfpose_mm.geometry import load_h36m_cameras
from selfpose_mm.models import (BoneLengthLoss, ReprojectionLoss,
                                WeightedMPJPELoss)
from selfpose_mm.structures import MultiViewCameras
from tests.test_datasets.vp3d_fixtures import shared_data

H36M_PARENTS = [-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15]


def _rot(seed):
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(3, 3)))
    return q * np.sign(np.linalg.det(q))


class TestReprojection(unittest.TestCase):

    def test_matches_opencv_with_distortion(self):
        rng = np.random.default_rng(1)
        K = np.array([[765.8, 0, 299.8], [0, 765.3, 232.3], [0, 0, 1.]])
        dist = np.array([-0.289, 0.105, -0.0014, 0.0011, 0.])
        pts = rng.uniform([-1, -1, 3], [1, 1, 5], (2, 4, 15, 3))  # metres
        uv_cv, _ = cv2.projectPoints(pts.reshape(-1, 3), np.zeros(3),
                                     np.zeros(3), K, dist)
        uv_cv = uv_cv.reshape(2, 4, 15, 2)
        target = normalize_screen_coordinates(uv_cv, 640., 480.)
        loss = ReprojectionLoss()
        t = lambda a: torch.as_tensor(a, dtype=torch.float64)  # noqa: E731
        Kb, db = t(np.stack([K, K])), t(np.stack([dist, dist]))
        size = t([[640., 480.], [640., 480.]])
        proj = loss.project(t(pts), Kb, db, size, 'opencv')
        np.testing.assert_allclose(proj.numpy(), target, atol=1e-9)
        self.assertLess(
            loss(t(pts), t(target), Kb, db, size, 'opencv').item(), 1e-9)
        # scale invariance of the projection (units of the 3D do not
        # matter), and distortion matters (linear projection differs)
        proj_mm = loss.project(t(pts * 1000), Kb, db, size, 'opencv')
        np.testing.assert_allclose(proj_mm.numpy(), target, atol=1e-9)
        lin = ReprojectionLoss(linear=True)(t(pts), t(target), Kb, db, size,
                                            'opencv')
        self.assertGreater(lin.item() * 320, 0.5)  # > 0.5 px
        # differentiable
        p = t(pts).requires_grad_()
        loss(p, t(target) + 0.01, Kb, db, size).backward()
        self.assertTrue(torch.isfinite(p.grad).all())

    def test_structure_equals_tensor_form(self):
        """The (B, 1) MultiViewCameras form gives the tensor form's numbers
        bit for bit (both models, linear too); other shapes are refused."""
        rng = np.random.default_rng(2)
        pts = torch.as_tensor(rng.uniform([-1, -1, 3], [1, 1, 5],
                                          (3, 2, 15, 3)))
        tgt = torch.as_tensor(rng.uniform(-.5, .5, (3, 2, 15, 2)))
        K = torch.as_tensor(np.stack([
            [[700. + 30 * b, 0, 300 + b], [0, 690., 230], [0, 0, 1]]
            for b in range(3)]))
        dist = torch.as_tensor(rng.uniform(-.1, .1, (3, 5)))
        size = torch.tensor([[640., 480.], [640., 480.], [1000., 1002.]],
                            dtype=torch.float64)
        eye = torch.eye(3, dtype=torch.float64).expand(3, 1, 3, 3)
        for model in ('opencv', 'h36m'):
            cams = MultiViewCameras(
                K=K[:, None], R=eye, t=torch.zeros(3, 1, 3,
                                                   dtype=torch.float64),
                dist=dist[:, None], image_size=size[:, None],
                dist_model=model)
            for linear in (False, True):
                loss = ReprojectionLoss(linear=linear)
                self.assertTrue(torch.equal(
                    loss(pts, tgt, cams),
                    loss(pts, tgt, K, dist, size, model)))
            # float32 structure, float64 points: moved to the points' dtype
            self.assertEqual(
                loss.project(pts, cams.to(torch.float32)).dtype,
                torch.float64)
        with self.assertRaisesRegex(ValueError, r'\(B, 1\)'):
            ReprojectionLoss()(pts, tgt, cams[0])
        with self.assertRaisesRegex(ValueError, 'image_size'):
            ReprojectionLoss()(pts, tgt, K)

    def test_official_h36m_2d(self):
        """mmpose's H36M fixture (camera-space S, official 2D part) with
        the real cameras.pkl: < 1e-3 px with the H36M distortion model."""
        root = shared_data()
        h36m = root / 'mmpose' / 'h36m' if root is not None else None
        if h36m is None or not (h36m / 'cameras.pkl').is_file():
            self.skipTest('shared mmpose/h36m data not found; set '
                          'SELFPOSE_SHARED_DATA')
        data = np.load(h36m / 'test_h36m_body3d.npz')
        cams = load_h36m_cameras(h36m / 'cameras.pkl')
        loss = ReprojectionLoss(clamp_xy=None)
        for name, S, part in zip(data['imgname'], data['S'], data['part']):
            subj = str(name).split('/')[0]
            cid = str(name).split('.')[1].split('/')[0]
            cam = cams[f'{subj}_{cid}']
            w, h = cam.image_size
            uv = loss.project(
                torch.as_tensor(S[None, :, :3], dtype=torch.float64),
                torch.as_tensor(cam.K[None]), torch.as_tensor(cam.dist[None]),
                torch.tensor([[float(w), float(h)]], dtype=torch.float64),
                cam.dist_model)[0].numpy()
            px = (uv + [1, h / w]) * w / 2
            self.assertLess(np.abs(px - part[:, :2]).max(), 1e-3)


class TestLossInvariances(unittest.TestCase):

    def test_weighted_mpjpe(self):
        a, b = torch.randn(4, 3, 17, 3), torch.randn(4, 3, 17, 3)
        loss = WeightedMPJPELoss()
        ref = (a - b).norm(dim=-1).mean()
        torch.testing.assert_close(loss(a, b), ref)
        torch.testing.assert_close(loss(a, b, torch.ones(4, 3, 17)), ref)
        torch.testing.assert_close(loss(a, b), loss(b, a))
        self.assertEqual(loss(a, a).item(), 0.)
        w = torch.full((4, 3, 1), 0.2)
        torch.testing.assert_close(
            loss(a[..., :1, :], b[..., :1, :], w),
            0.2 * (a[..., 0, :] - b[..., 0, :]).norm(dim=-1).mean())

    def test_bone_loss(self):
        loss = BoneLengthLoss(H36M_PARENTS)
        self.assertEqual(len(loss.child), 16)
        a = torch.randn(5, 2, 17, 3, dtype=torch.float64)
        # rigid motions and reordering the batch leave it at zero
        R = torch.as_tensor(_rot(0))
        b = (a @ R.T + torch.randn(5, 2, 1, 3, dtype=torch.float64))[[
            2, 0, 1, 4, 3
        ]]
        self.assertLess(loss(a, b).item(), 1e-12)
        self.assertGreater(loss(a, 1.1 * b).item(), 1e-3)
        # symmetric in its arguments, scales with the poses
        torch.testing.assert_close(loss(a, 2 * a), loss(2 * a, a))
        torch.testing.assert_close(loss(2 * a, 3 * a), loss(a, 2 * a))
