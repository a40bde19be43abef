"""Orthographic-plane heads: plane ops against closed forms, the fusion
recovering a known 3D point, the heads swapped into both estimators by
config, and a loss that falls within a few iterations."""
import copy
import unittest

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope

from selfpose_mm.models.heads.ortho_root_head import refine_peak
from selfpose_mm.models.utils.plane_ops import (fuse_plane_coordinates,
                                                gaussian_line_target,
                                                gaussian_plane_target,
                                                nms_topk_2d,
                                                orthographic_planes,
                                                soft_argmax_2d,
                                                voronoi_xy_mask)
from selfpose_mm.registry import DATASETS, MODELS
from tests.test_models.fake_multiview import make_batch
from tests.test_selfpose3d.test_selfpose3d_model import CFG as SSL_CFG
from tests.test_selfpose3d.test_selfpose3d_model import TINY as SSL_TINY

HG = dict(type='PlaneHourglass', mid_channels=4)


def ortho_root(c=15, shape=(12, 12, 4), **kw):
    return dict(
        type='OrthoRootHead',
        net2d=dict(HG, in_channels=c, out_channels=1),
        net1d=dict(HG, in_channels=c, out_channels=1, dims=1),
        space_size=(4000., 4000., 2000.),
        space_center=(0., 0., 900.),
        cube_shape=shape, max_num=4, score_threshold=0.3, **kw)


def ortho_pose(n=8, **kw):
    return dict(
        type='OrthoPoseHead',
        net=dict(HG, in_channels=15, out_channels=15),
        weight_net=dict(type='PlaneWeightNet', mid_channels=4, hidden=8),
        cube_size=(2000., 2000., 2000.), cube_shape=(n, n, n), **kw)


def tiny_voxelpose(**train_cfg):
    return dict(type='VoxelPose', root_head=ortho_root(),
                pose_head=ortho_pose(), train_cfg=train_cfg or None)


class TestPlaneOps(unittest.TestCase):

    def test_planes_are_max_projections(self):
        cube = torch.rand(2, 3, 4, 5, 6)
        xy, xz, yz = orthographic_planes(cube)
        np.testing.assert_allclose(xy.numpy(), cube.numpy().max(4))
        np.testing.assert_allclose(xz.numpy(), cube.numpy().max(3))
        np.testing.assert_allclose(yz.numpy(), cube.numpy().max(2))

    def test_soft_argmax_brute_force(self):
        torch.manual_seed(0)
        logits = torch.randn(2, 3, 5, 7) * 0.05
        a, b = torch.linspace(-10, 10, 5), torch.linspace(0, 60, 7)
        coords, peak = soft_argmax_2d(logits, a, b, beta=20.)
        p = torch.softmax(logits.reshape(2, 3, -1) * 20., -1).reshape(
            2, 3, 5, 7).double()
        ref1 = (p * a.double()[:, None]).sum((-1, -2))
        ref2 = (p * b.double()[None, :]).sum((-1, -2))
        torch.testing.assert_close(coords[..., 0].double(), ref1, atol=1e-5,
                                   rtol=0)
        torch.testing.assert_close(coords[..., 1].double(), ref2, atol=1e-5,
                                   rtol=0)
        torch.testing.assert_close(peak.double(), p.flatten(-2).amax(-1),
                                   atol=1e-6, rtol=0)

    def test_fusion_recovers_known_point_exactly(self):
        """Plane heatmaps whose peaks sit at a known 3D point's cells give
        that point back, for any positive weights."""
        n, size = 64, 2000.
        axis = torch.linspace(-size / 2, size / 2, n)
        cells = torch.tensor([[10, 40, 51], [63, 0, 31]])  # (M=2, 3)
        point = axis[cells]  # (2, 3) mm
        pose = MODELS.build(ortho_pose(n=n, beta=100.))
        logits = []
        for a, b in ((0, 1), (0, 2), (1, 2)):
            plane = torch.zeros(2, n, n)
            plane[torch.arange(2), cells[:, a], cells[:, b]] = 1.
            logits.append(plane)
        logits = torch.stack(logits)  # (3, M, S, S)
        coords = torch.stack([
            soft_argmax_2d(logits[p], axis, axis, beta=100.)[0]
            for p in range(3)
        ])
        for weights in (torch.ones(3, 2), torch.tensor([[0.2, 0.9],
                                                        [0.7, 0.1],
                                                        [0.5, 0.3]])):
            fused = fuse_plane_coordinates(coords, weights)
            torch.testing.assert_close(fused, point, atol=1e-3, rtol=0)
        # and the closed form with unequal weights on inconsistent planes
        coords = torch.tensor([[[1., 2.]], [[3., 4.]], [[5., 6.]]])
        w = torch.tensor([[1.], [3.], [4.]])
        fused = fuse_plane_coordinates(coords, w)
        torch.testing.assert_close(
            fused, torch.tensor([[(1 * 1 + 3 * 3) / 4., (1 * 2 + 4 * 5) / 5.,
                                  (3 * 4 + 4 * 6) / 7.]]))
        self.assertEqual(pose.cube_shape, (n, n, n))

    def test_pose_head_recovers_point_from_cube(self):
        """A cube with one bright voxel per joint: with an identity-like
        network output the head returns those voxel centres + centre."""
        n = 16
        pose = MODELS.build(ortho_pose(n=n, beta=100.))
        axis = torch.linspace(-1000., 1000., n)

        class Ident(torch.nn.Module):
            divisor = 4

            def forward(self, x):
                return x

        pose.net = Ident()
        cube = torch.zeros(1, 15, n, n, n)
        idx = torch.randint(0, n, (15, 3), generator=torch.Generator()
                            .manual_seed(1))
        cube[0, torch.arange(15), idx[:, 0], idx[:, 1], idx[:, 2]] = 1.
        centre = torch.tensor([[100., -200., 900.]])
        pose.eval()
        joints, aux = pose.forward_train(cube, centre)
        torch.testing.assert_close(joints[0], axis[idx] + centre,
                                   atol=1e-2, rtol=0)
        self.assertEqual(tuple(aux['plane_coords'].shape), (3, 1, 15, 2))
        self.assertGreater(float(aux['confidence'][0]), 0.99)

    def test_nms_topk_2d_non_square(self):
        s = torch.zeros(1, 6, 4)
        s[0, 5, 1] = 0.9  # flat index 21: x = 21 // 4 (not 21 // 6)
        s[0, 1, 3] = 0.5
        s[0, 1, 2] = 0.4  # suppressed neighbour
        v, idx = nms_topk_2d(s, 3)
        self.assertEqual(idx[0, :2].tolist(), [[5, 1], [1, 3]])
        torch.testing.assert_close(v[0, :2], torch.tensor([0.9, 0.5]))

    def test_targets_closed_form(self):
        pts = torch.tensor([[[0., 1000.], [5., 5.]]])
        mask = torch.tensor([[True, False]])
        t = gaussian_plane_target(pts, mask, (4000., 4000.), (5, 5),
                                  (0., 0.), 1000.)
        ax = torch.linspace(-2000, 2000, 5)
        ref = torch.exp(-(ax[:, None]**2 + (ax[None] - 1000.)**2) / 2e6)
        torch.testing.assert_close(t[0], ref)
        line = gaussian_line_target(torch.tensor([[900.]]),
                                    torch.tensor([[True]]), 2000., 5, 900.,
                                    500.)
        ax = torch.linspace(-1000, 1000, 5)
        torch.testing.assert_close(line[0], torch.exp(-ax**2 / 5e5))

    def test_voronoi_mask_brute_force(self):
        g = torch.Generator().manual_seed(3)
        centers = torch.rand(6, 3, generator=g) * 3000 - 1500
        centers[5] = centers[4] + torch.tensor([100., 50., 0.])  # duplicate
        bi = torch.tensor([0, 0, 0, 1, 1, 1])
        ax = torch.linspace(-1000, 1000, 9)
        keep = voronoi_xy_mask(centers, bi, ax, ax, min_separation=300.)
        for m in range(6):
            for i in range(9):
                for j in range(9):
                    p = centers[m, :2] + torch.stack([ax[i], ax[j]])
                    own = (p - centers[m, :2]).norm()
                    ok = True
                    for o in range(6):
                        far = (centers[o, :2] - centers[m, :2]).norm() > 300
                        if o != m and bi[o] == bi[m] and far:
                            ok &= bool(own <= (p - centers[o, :2]).norm()
                                       + 1e-3)
                    self.assertEqual(bool(keep[m, i, j]), ok, (m, i, j))

    def test_heatmap_loss_prefers_the_gt_cell(self):
        pose = MODELS.build(ortho_pose(n=16, heatmap_weight=1.))
        ax = torch.linspace(-1000., 1000., 16)
        tgt = torch.zeros(1, 15, 3)
        tgt[0, :, 0], tgt[0, :, 1], tgt[0, :, 2] = ax[3], ax[9], ax[12]
        vis = torch.ones(1, 15)

        def ce(cells):
            logits = torch.zeros(3, 1, 15, 16, 16)
            for p, (a, b) in enumerate(((0, 1), (0, 2), (1, 2))):
                logits[p, 0, :, cells[a], cells[b]] = 0.1
            aux = dict(plane_logits=logits, centers=torch.zeros(1, 3))
            return float(pose._heatmap_loss(aux, tgt, vis))

        self.assertLess(ce((3, 9, 12)), ce((4, 9, 12)))
        self.assertLess(ce((4, 9, 12)), ce((8, 2, 1)))

    def test_refine_peak_parabola(self):
        x = torch.arange(7.)
        vals = -(x - 3.3)**2
        off = refine_peak(vals[None], torch.tensor([3]))
        torch.testing.assert_close(off, torch.tensor([0.3]))
        # at the border: no refinement
        self.assertEqual(float(refine_peak(vals[None],
                                           torch.tensor([0]))), 0.)


class TestOrthoHeadsInVoxelPose(unittest.TestCase):

    def setUp(self):
        torch.manual_seed(0)

    def _data(self, model, people, seed=0):
        inputs, samples = make_batch(people, seed=seed)
        return model.data_preprocessor(
            dict(inputs=inputs, data_samples=samples), training=True)

    def test_root_decode_world_coordinates(self):
        head = MODELS.build(ortho_root(c=1, shape=(12, 12, 8)))
        head.eval()
        vol = torch.zeros(1, 1, 12, 12, 8)
        bev = torch.zeros(1, 12, 12)
        bev[0, 3, 7] = 0.9

        class Col(torch.nn.Module):
            divisor = 4

            def forward(self, x):  # put the z peak at cell 5, value 1
                out = torch.zeros(x.shape[0], 1, x.shape[-1])
                out[:, 0, 5] = 1.
                return out

        head.net1d = Col()
        out = head.decode(dict(bev=bev, volume=vol))
        ax = [torch.linspace(-2000, 2000, 12), torch.linspace(-2000, 2000, 12),
              torch.linspace(-100, 1900, 8)]
        torch.testing.assert_close(
            out['centers'][0, 0], torch.stack([ax[0][3], ax[1][7], ax[2][5]]))
        torch.testing.assert_close(out['scores'][0, 0], torch.tensor(0.9))
        self.assertTrue(bool(out['valid'][0, 0]))

    def test_swap_by_config_and_losses(self):
        model = MODELS.build(tiny_voxelpose())
        model.init_weights()
        data = self._data(model, [0, 1, 2])
        model.train()
        losses = model(**data, mode='loss')
        for key in ('loss_root', 'loss_root_z', 'loss_pose',
                    'loss_pose_planes', 'mpjpe_train'):
            self.assertIn(key, losses)
            self.assertTrue(torch.isfinite(losses[key]), key)
        sum(v for k, v in losses.items() if k.startswith('loss')).backward()
        for prefix in ('root_head.net2d', 'root_head.net1d', 'pose_head.net',
                       'pose_head.weight_net'):
            grads = [p.grad for n, p in model.named_parameters()
                     if n.startswith(prefix)]
            self.assertTrue(any(g is not None and float(g.abs().sum()) > 0
                                for g in grads), prefix)
        model.eval()
        preds = model(**self._data(model, [2]), mode='predict')
        inst = preds[0].pred_instances
        self.assertEqual(inst.keypoints_3d.shape[1:], (15, 3))
        self.assertEqual(len(inst.keypoints_3d), len(inst.scores))

    def test_empty_batch(self):
        model = MODELS.build(tiny_voxelpose())
        data = self._data(model, [0, 0])
        losses = model(**data, mode='loss')
        self.assertEqual(float(losses['loss_pose'].detach()), 0.)
        self.assertEqual(float(losses['loss_root_z'].detach()), 0.)
        sum(v for k, v in losses.items() if k.startswith('loss')).backward()

    @pytest.mark.slow
    def test_loss_decreases(self):
        model = MODELS.build(tiny_voxelpose(one_cube_per_gt=True))
        model.init_weights()
        model.train()
        data = self._data(model, [1, 2], seed=3)
        opt = torch.optim.Adam(model.parameters(), lr=3e-3)
        pose, root = [], []
        for _ in range(15):
            losses = model(**copy.deepcopy(data), mode='loss')
            total = sum(v for k, v in losses.items() if k.startswith('loss'))
            opt.zero_grad()
            total.backward()
            opt.step()
            pose.append(float(losses['loss_pose'].detach()))
            root.append(float(losses['loss_root'].detach()))
        self.assertLess(np.mean(pose[-3:]), 0.8 * np.mean(pose[:3]))
        self.assertLess(np.mean(root[-3:]), 0.5 * np.mean(root[:3]))


class TestFullSizeHeads(unittest.TestCase):
    """The GPU-size heads of configs/_base_/models/ortho_heads_full.py
    build and keep their outputs inside the cube / the space."""

    def test_full_size_heads(self):
        import os.path as osp
        base = osp.join(osp.dirname(__file__), '..', '..', 'configs',
                        '_base_', 'models', 'ortho_heads_full.py')
        cfg = Config.fromfile(base)
        torch.manual_seed(0)
        pose = MODELS.build(
            {k: v for k, v in cfg.full_ortho_pose_head.items()
             if k != '_delete_'}).eval()
        centre = torch.tensor([[300., -200., 900.]])
        with torch.no_grad():
            joints = pose(torch.rand(1, 15, 64, 64, 64), centre)
        rel = (joints - centre[:, None]).abs()
        self.assertTrue(bool((rel <= 1000. + 1e-3).all()))
        for key, c in (('full_ortho_root_head', 15),
                       ('full_ortho_ssl_root_head', 1)):
            head = MODELS.build(
                {k: v for k, v in cfg[key].items() if k != '_delete_'})
            head.eval()
            with torch.no_grad():
                props = head.decode(head(torch.rand(1, c, 80, 80, 20)))
            lo = torch.tensor([-4000., -4500., -200.])
            hi = torch.tensor([4000., 3500., 1800.])
            ctr = props['centers'][0]
            self.assertTrue(bool(((ctr >= lo - 1e-3) &
                                  (ctr <= hi + 1e-3)).all()), key)


class TestOrthoHeadsInSelfPose3D(unittest.TestCase):

    def setUp(self):
        init_default_scope('selfpose_mm')
        torch.manual_seed(0)

    def _cfg(self, stage):
        cfg = Config.fromfile(SSL_CFG)
        tiny = {k: v for k, v in SSL_TINY.items()
                if '.net.' not in k and 'cube_shape' not in k}
        cfg.merge_from_dict(tiny)
        root = ortho_root(c=1, shape=(16, 16, 4))
        root.update(type='SSLOrthoRootHead', input_joints=[2],
                    space_size=cfg.model.root_head.space_size,
                    space_center=cfg.model.root_head.space_center,
                    score_threshold=-1., max_num=3, syn_max_people=3,
                    syn_box=cfg.model.root_head.syn_box)
        cfg.model.root_head = root
        cfg.model.pose_head = ortho_pose(n=8)
        cfg.model.train_cfg.stage = stage
        cfg.train_dataloader.dataset.num_samples = 4
        cfg.train_dataloader.dataset.rig = dict(num_cameras=3)
        return cfg

    def _batch(self, cfg):
        ds = DATASETS.build(cfg.train_dataloader.dataset)
        model = MODELS.build(cfg.model)
        model.init_weights()
        data = model.data_preprocessor(
            pseudo_collate([ds[i] for i in range(2)]), True)
        return data, model

    def test_root_stage(self):
        data, model = self._batch(self._cfg('root'))
        model.train()
        losses = model(**data, mode='loss')
        self.assertEqual(set(losses),
                         {'loss_root_syn', 'loss_root_consistency'})
        sum(losses.values()).backward()
        trained = [n for n, p in model.named_parameters()
                   if p.grad is not None and float(p.grad.abs().sum()) > 0]
        self.assertTrue(any(n.startswith('root_head.net2d') for n in trained))
        self.assertTrue(any(n.startswith('root_head.net1d') for n in trained))
        self.assertTrue(all(n.startswith('root_head.') for n in trained))
        # zero synthetic loss when the outputs equal the targets
        head = model.root_head
        roots, mask = head.sample_roots(2, 'cpu')
        bev_t, col_t, cells = head.targets(roots, mask)
        vol = torch.zeros(2, 1, 16, 16, 4)

        class Col(torch.nn.Module):
            divisor = 4

            def forward(self, x):
                return col_t[:, None]

        head.net1d = Col()
        self.assertEqual(float(head.loss_synthetic(
            dict(bev=bev_t, volume=vol), roots, mask, 2)), 0.)

    def test_pose_stage(self):
        data, model = self._batch(self._cfg('pose'))
        model.train()
        losses = model(**data, mode='loss')
        self.assertIn('loss_pose3d_ssv', losses)
        self.assertGreater(float(losses['num_proposals']), 0)
        sum(v for k, v in losses.items() if k.startswith('loss')).backward()
        got = [p.grad for n, p in model.named_parameters()
               if n.startswith('pose_head.')]
        self.assertTrue(any(g is not None and float(g.abs().sum()) > 0
                            for g in got))
        self.assertTrue(all(p.grad is None for n, p in
                            model.named_parameters()
                            if n.startswith('root_head.')))


if __name__ == '__main__':
    unittest.main()
