"""Multi-view self-supervised loss: exactness and invariances."""
from unittest import TestCase

import cv2
import numpy as np
import torch

from selfpose_mm.models.losses import (MultiViewConsistencyLoss,
                                       triangulate_root)
from selfpose_mm.structures import MultiViewCameras
from tests.test_mvlift._helpers import shared_data, synthetic_batch

ROOT = 2  # Panoptic-15 mid-hip (ProceduralBody order)


def _cams(b, K=None):
    """The batch's cameras as a 1-tuple holding a (B, V) structure."""
    return (MultiViewCameras(
        K=b['K'] if K is None else K, R=b['R'], t=b['t'], dist=b['dist'],
        dist_model='opencv'), )


class TestMultiViewConsistencyLoss(TestCase):

    @classmethod
    def setUpClass(cls):
        cls.b = synthetic_batch(8, seed=1)
        cls.rel = cls.b['cam'] - cls.b['cam'][:, :, ROOT:ROOT + 1]
        cls.loss = MultiViewConsistencyLoss(root_index=ROOT).double()

    def test_projection_matches_opencv(self):
        """Every view's pose moved into view j and projected equals
        cv2.projectPoints of the world pose with camera j."""
        b = self.b
        root = b['world'][:, ROOT]
        proj = self.loss.project_all(self.rel, root, *_cams(b))
        for n in (0, 5):
            for j in range(3):
                ref, _ = cv2.projectPoints(
                    b['world'][n].numpy(),
                    cv2.Rodrigues(b['R'][n, j].numpy())[0],
                    b['t'][n, j].numpy(), b['K'][n, j].numpy(),
                    b['dist'][n, j].numpy())
                for i in range(3):
                    np.testing.assert_allclose(
                        proj[n, i, j].numpy(), ref[:, 0], atol=1e-6)

    def test_relative_motion_is_exact(self):
        """The i→j rigid motion maps view-i camera coordinates onto view-j
        camera coordinates (checked without distortion: pixels of K)."""
        b = self.b
        R, t = b['R'], b['t']
        R_ij = R[:, None] @ R[:, :, None].transpose(-1, -2)
        t_ij = t[:, None] - (R_ij @ t[:, :, None, :, None])[..., 0]
        moved = b['cam'][:, :, None] @ R_ij.transpose(-1, -2) + \
            t_ij[..., None, :]
        np.testing.assert_allclose(
            moved.numpy(),
            b['cam'][:, None].expand_as(moved).numpy(),
            atol=1e-8)
        self.assertTrue(
            torch.allclose(R_ij @ R_ij.transpose(-1, -2),
                           torch.eye(3, dtype=R.dtype).expand_as(R_ij),
                           atol=1e-12))

    def test_triangulated_root_exact(self):
        b = self.b
        root = triangulate_root(b['px'], *_cams(b), root_index=ROOT)
        np.testing.assert_allclose(
            root.numpy(), b['world'][:, ROOT].numpy(), atol=1e-6)

    def test_zero_for_perfect_pose(self):
        out = self.loss(self.rel, self.b['px'], *_cams(self.b))
        for key in ('loss_mv_self', 'loss_mv_cross', 'loss_mv_consistency'):
            self.assertLess(float(out[key]), 1e-9, key)
        self.assertLess(float(out['mv_reproj_px']), 1e-6)

    def test_positive_for_wrong_pose(self):
        g = torch.Generator().manual_seed(0)
        noisy = self.rel + 30. * torch.randn(
            self.rel.shape, generator=g, dtype=self.rel.dtype)
        out = self.loss(noisy, self.b['px'], *_cams(self.b))
        for key in ('loss_mv_self', 'loss_mv_cross', 'loss_mv_consistency'):
            self.assertGreater(float(out[key]), 1e-3, key)
        # a common 10 % scale of every view's pose is *consistent* across
        # views (one scaled world pose) but no longer reprojects
        out = self.loss(self.rel * 1.1, self.b['px'], *_cams(self.b))
        self.assertLess(float(out['loss_mv_consistency']), 1e-9)
        self.assertGreater(float(out['loss_mv_self']), 1e-3)
        self.assertGreater(float(out['loss_mv_cross']), 1e-3)

    def test_normalisation_is_resolution_free(self):
        """Doubling the image resolution (K and pixels x2) leaves the
        'pose' and 'focal' normalised losses unchanged."""
        b = self.b
        noisy = self.rel + 20. * torch.sin(torch.arange(
            self.rel.numel(), dtype=self.rel.dtype)).view_as(self.rel)
        S = torch.diag(torch.tensor([2., 2., 1.], dtype=torch.float64))
        for norm in ('pose', 'focal'):
            loss = MultiViewConsistencyLoss(
                root_index=ROOT, normalize=norm).double()
            a = loss(noisy, b['px'], *_cams(b))
            c = loss(noisy, b['px'] * 2, *_cams(b, S @ b['K']))
            for key in ('loss_mv_self', 'loss_mv_cross',
                        'loss_mv_consistency'):
                self.assertAlmostEqual(float(a[key]), float(c[key]), 9)

    def test_batched_equals_per_sample_and_grad(self):
        b = self.b
        noisy = (self.rel + 10.).requires_grad_(True)
        loss = MultiViewConsistencyLoss(
            root_index=ROOT, normalize='none').double()
        full = loss(noisy, b['px'], *_cams(b))
        per = [
            loss(noisy[n:n + 1], b['px'][n:n + 1],
                 *[c[n:n + 1] for c in _cams(b)]) for n in range(8)
        ]
        for key in ('loss_mv_self', 'loss_mv_cross', 'loss_mv_consistency'):
            self.assertAlmostEqual(
                float(full[key].detach()),
                float(np.mean([float(p[key].detach()) for p in per])), 9)
        sum(v for k, v in full.items() if k.startswith('loss')).backward()
        self.assertTrue(torch.isfinite(noisy.grad).all())
        self.assertGreater(float(noisy.grad.abs().sum()), 0)

    def test_wild_predictions_stay_finite(self):
        """Poses reaching behind the cameras or far outside the field of
        view give a finite, bounded loss and gradient (depth and
        normalised-coordinate guards)."""
        wild = (self.rel * 0 + torch.linspace(
            -8000., 8000., self.rel.numel(),
            dtype=self.rel.dtype).view_as(self.rel)).requires_grad_(True)
        out = self.loss(wild, self.b['px'], *_cams(self.b))
        total = sum(v for k, v in out.items() if k.startswith('loss'))
        total.backward()
        self.assertTrue(torch.isfinite(total))
        self.assertLess(float(out['mv_reproj_px']), 5000.)
        self.assertTrue(torch.isfinite(wild.grad).all())

    def test_rejects_single_view(self):
        with self.assertRaises(ValueError):
            self.loss(self.rel[:, :1], self.b['px'][:, :1],
                      *[c.select([0]) for c in _cams(self.b)])


class TestHumanEvaGroundTruth(TestCase):
    """Real HumanEva-I (skipped without the data): the loss at the GT 3D
    is ~0 (the 2D GT is an exact distorted projection), and positive once
    the 2D carries 2 px noise."""

    def test_gt_pose(self):
        root = shared_data('humaneva_videopose3d')
        if root is None:
            self.skipTest('shared HumanEva data not found (set '
                          'SELFPOSE_SHARED_DATA)')
        from mmengine.registry import init_default_scope

        from selfpose_mm.datasets import MultiViewLiftingDataset
        init_default_scope('selfpose_mm')
        ds = MultiViewLiftingDataset(
            dataset_name='humaneva15',
            data_root=str(root / 'data'),
            camera_param_file='../humaneva_cameras_from_videopose3d.json',
            subjects=['Validate/S1', 'Validate/S2', 'Validate/S3'],
            actions=['Walk', 'Jog', 'Box'],
            with_3d=True,
            pipeline=[
                dict(type='EncodeMultiViewLifting'),
                dict(type='PackMultiViewLiftingInputs')
            ])
        self.assertEqual(len(ds), 3523)
        items = [
            ds[i]['data_samples']
            for i in np.linspace(0, len(ds) - 1, 48).astype(int)
        ]

        cams = [
            MultiViewCameras.stack([d.cameras
                                    for d in items]).to(torch.float64)
        ]
        kp = torch.stack([d.gt_instance_labels.keypoints_2d
                          for d in items]).double()
        pose = torch.tensor(
            np.stack([d.gt_instances.keypoints_3d for d in items]),
            dtype=torch.float64)
        loss = MultiViewConsistencyLoss(root_index=0).double()
        out = loss(pose, kp, *cams)
        self.assertLess(float(out['mv_reproj_px']), 0.05)
        for key in ('loss_mv_self', 'loss_mv_cross', 'loss_mv_consistency'):
            self.assertLess(float(out[key]), 1e-3, key)
        noisy = kp + 2. * torch.randn(
            kp.shape, generator=torch.Generator().manual_seed(0),
            dtype=kp.dtype)
        out = loss(pose, noisy, *cams)
        self.assertGreater(float(out['mv_reproj_px']), 1.)
        self.assertGreater(float(out['loss_mv_cross']), 5e-3)
