"""Feature transform layers: the invariance each variant has (and the one
the pinv variant lacks); the head on any number of views."""
import unittest

import torch
from mmengine.registry import init_default_scope

import projects.mads.mads  # noqa: F401
from projects.mads.mads.models.ops import (feature_transform,
                                           normalize_projection,
                                           relative_rotations)
from selfpose_mm.registry import MODELS


def _rotations(n, seed=0):
    g = torch.Generator().manual_seed(seed)
    q, _ = torch.linalg.qr(torch.randn(n, 3, 3, generator=g,
                                       dtype=torch.float64))
    return q * torch.sign(torch.linalg.det(q))[:, None, None]


def _cameras(B, V, seed=0):
    R = _rotations(B * V, seed).view(B, V, 3, 3)
    g = torch.Generator().manual_seed(seed + 1)
    t = torch.randn(B, V, 3, generator=g, dtype=torch.float64) * 300
    t[..., 2] += 4000.
    K = torch.tensor([[200., 0., 64.], [0., 200., 64.], [0., 0., 1.]],
                     dtype=torch.float64)
    P = K @ torch.cat([R, t[..., None]], -1)
    return P, R


class TestFeatureTransform(unittest.TestCase):

    def test_matches_explicit_vector_product(self):
        z = torch.randn(2, 3, 12, 4, 5, dtype=torch.float64)
        M = torch.randn(2, 3, 4, 3, dtype=torch.float64)
        out = feature_transform(z, M)
        self.assertEqual(out.shape, (2, 3, 16, 4, 5))
        # vector i at pixel (1, 2) of sample (1, 2)
        for i in range(4):
            v = z[1, 2, 3 * i:3 * i + 3, 1, 2]
            torch.testing.assert_close(out[1, 2, 4 * i:4 * i + 4, 1, 2],
                                       M[1, 2] @ v)
        with self.assertRaises(ValueError):
            feature_transform(torch.randn(1, 10, 2, 2), M[0, :1])

    def test_rotation_view_invariance_and_world_equivariance(self):
        B, V, k = 2, 3, 5
        _, R = _cameras(B, V)
        Z = torch.randn(B, 3 * k, 4, 4, dtype=torch.float64)
        # view codes that are the same 3D vectors seen by each camera
        z = feature_transform(Z[:, None].expand(B, V, -1, -1, -1), R)
        canon = feature_transform(z, R.transpose(-1, -2))
        for v in range(V):  # identical canonical code in every view
            torch.testing.assert_close(canon[:, v], Z)
        # first-view frame: unchanged by a world rotation R_v -> R_v Q^T
        Q = _rotations(1, 7)[0]
        Rr = relative_rotations(R)
        torch.testing.assert_close(relative_rotations(R @ Q.T), Rr)
        # world frame: the canonical code turns by Q
        z_q = feature_transform(z, (R @ Q.T).transpose(-1, -2))
        torch.testing.assert_close(
            z_q[:, 0], feature_transform(canon[:, 0], Q))
        # the round trip is the identity
        torch.testing.assert_close(
            feature_transform(canon, R), z)

    def test_pinv_scale_invariance_round_trip_and_no_view_invariance(self):
        B, V = 2, 2
        P, _ = _cameras(B, V, 3)
        Pn = normalize_projection(P, (128, 128), 1000.)
        lam = torch.tensor([[2.5, -0.003]], dtype=torch.float64)
        torch.testing.assert_close(
            normalize_projection(P * lam[..., None, None], (128, 128),
                                 1000.), Pn)
        pinv = torch.linalg.pinv(Pn)
        eye = torch.eye(3, dtype=torch.float64).expand(B, V, 3, 3)
        torch.testing.assert_close(Pn @ pinv, eye)
        z = torch.randn(B, V, 6, 2, 2, dtype=torch.float64)
        back = feature_transform(feature_transform(z, pinv), Pn)
        torch.testing.assert_close(back, z)
        # NOT view-invariant: pinv(P_v) P_v Z differs between the views
        Z = torch.randn(B, 8, 2, 2, dtype=torch.float64)
        zv = feature_transform(Z[:, None].expand(B, V, -1, -1, -1), Pn)
        canon = feature_transform(zv, pinv)
        self.assertGreater((canon[:, 0] - canon[:, 1]).abs().max().item(),
                           1e-2)


class TestCameraDisentangledHead(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        init_default_scope('selfpose_mm')

    def _head(self, **kw):
        cfg = dict(
            type='CameraDisentangledHead',
            in_channels=16,
            num_keypoints=5,
            input_size=(64, 64),
            latent_vectors=4,
            fusion_channels=8,
            out_channels=8,
            deconv_head=dict(
                deconv_out_channels=(8, 8), deconv_kernel_sizes=(4, 4)))
        cfg.update(kw)
        head = MODELS.build(cfg).double()
        head.init_weights()
        return head.eval()

    def test_any_number_of_views_and_view_permutation(self):
        for transform in ('rotation', 'pinv'):
            head = self._head(
                transform=transform, canonical_frame='world')
            for V in (2, 3, 4):
                P, R = _cameras(2, V, V)
                feats = torch.randn(2 * V, 16, 4, 4, dtype=torch.float64)
                out = head((feats, ), dict(P=P, R=R))
                self.assertEqual(out['heatmaps'].shape, (2, V, 5, 16, 16))
                self.assertEqual(out['keypoints_2d'].shape, (2, V, 5, 2))
                self.assertEqual(out['keypoints_3d'].shape, (2, 5, 3))
                self.assertTrue(torch.isfinite(out['keypoints_3d']).all())
        # permuting the views permutes the per-view outputs
        V = 3
        head = self._head(canonical_frame='world')
        P, R = _cameras(2, V, 11)
        feats = torch.randn(2, V, 16, 4, 4, dtype=torch.float64)
        out = head((feats.flatten(0, 1), ), dict(P=P, R=R))
        perm = torch.tensor([2, 0, 1])
        outp = head((feats[:, perm].flatten(0, 1), ),
                    dict(P=P[:, perm], R=R[:, perm]))
        torch.testing.assert_close(outp['heatmaps'], out['heatmaps'][:,
                                                                     perm])
        torch.testing.assert_close(outp['keypoints_3d'],
                                   out['keypoints_3d'])

    def test_first_view_frame_is_world_rotation_invariant(self):
        head = self._head(canonical_frame='first_view')
        P, R = _cameras(2, 2, 5)
        feats = torch.randn(4, 16, 4, 4, dtype=torch.float64)
        Q = _rotations(1, 9)[0]
        out = head((feats, ), dict(P=P, R=R))
        out_q = head((feats, ), dict(P=P, R=R @ Q.T))
        torch.testing.assert_close(out_q['heatmaps'], out['heatmaps'])

    def test_gradients_reach_backbone_features(self):
        head = self._head().train()
        P, R = _cameras(2, 2, 2)
        feats = torch.randn(4, 16, 4, 4, dtype=torch.float64,
                            requires_grad=True)
        out = head((feats, ), dict(P=P, R=R))
        out['keypoints_3d'].square().mean().backward()
        self.assertTrue(torch.isfinite(feats.grad).all())
        self.assertGreater(feats.grad.abs().sum().item(), 0)

        # values: the gradient matches central finite differences along
        # random directions (to 1e-3: parts of the head compute in
        # float32, so the difference quotient carries ~1e-5 noise)
        def f(x):
            with torch.no_grad():
                return head((x, ), dict(P=P, R=R))['keypoints_3d'].square(
                ).mean().item()

        gen = torch.Generator().manual_seed(0)
        eps = 1e-6
        for _ in range(3):
            d = torch.randn(feats.shape, dtype=torch.float64, generator=gen)
            fd = (f(feats.detach() + eps * d) -
                  f(feats.detach() - eps * d)) / (2 * eps)
            self.assertAlmostEqual((feats.grad * d).sum().item(), fd,
                                   delta=1e-3 * max(1., abs(fd)))

    def test_rejects_bad_options(self):
        with self.assertRaises(ValueError):
            self._head(transform='affine')
        with self.assertRaises(ValueError):
            self._head(fusion='concat')


if __name__ == '__main__':
    unittest.main()
