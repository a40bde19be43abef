"""VideoPoseLifter: flip test-time augmentation symmetry, supervised
train-and-overfit on a tiny VideoPose3D-format dataset, the
semi-supervised loss path and warm-up."""
import tempfile
import unittest

import numpy as np
import pytest
import torch
from mmengine.dataset import pseudo_collate
from mmengine.logging import MessageHub
from mmpose.structures import PoseDataSample

from selfpose_mm.datasets import (SemiSupervisedVideoDataset,
                                  VideoPose3DDataset)
from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras
from selfpose_mm.setup_env import register_all_modules
from tests.test_datasets.vp3d_fixtures import write_tiny_h36m

CODEC = dict(type='VideoLiftingLabel', num_keypoints=17)
PARENTS = [-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15]
FLIP = [0, 4, 5, 6, 1, 2, 3, 7, 8, 9, 10, 14, 15, 16, 11, 12, 13]


def _model(semi=False, channels=64, dropout=0., warmup=0, **kw):
    bb = dict(type='TemporalConvLifter', in_channels=34, channels=channels,
              kernel_sizes=(3, 3), dropout=dropout)
    cfg = dict(
        type='VideoPoseLifter',
        backbone=bb,
        head=dict(type='TemporalLiftingHead', in_channels=channels,
                  num_joints=17, decoder=CODEC),
        **kw)
    if semi:
        cfg.update(
            traj_backbone=bb,
            traj_head=dict(type='TemporalTrajectoryHead',
                           in_channels=channels, decoder=CODEC),
            reprojection_loss=dict(type='ReprojectionLoss'),
            bone_loss=dict(type='BoneLengthLoss', parents=PARENTS),
            warmup_epochs=warmup)
    torch.manual_seed(0)
    return MODELS.build(cfg)


def _pipeline(rf=9):
    return [
        dict(type='TemporalWindow', receptive_field=rf),
        dict(type='FlipVideoLifting'),
        dict(type='EncodeVideoLifting', codec=CODEC),
        dict(type='PackVideoLiftingInputs')
    ]


class TestVideoPoseLifter(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        register_all_modules()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = str(write_tiny_h36m(cls.tmp.name))
        cls.common = dict(dataset_name='h36m', data_root=cls.root,
                          camera_param_file='cameras.pkl')

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_flip_test_is_equivariant(self):
        model = _model(semi=True, dropout=0.).eval()
        model.test_cfg['flip_test'] = True
        x = torch.randn(30, 17, 2) * 0.3

        def pred(inp):
            s = PoseDataSample(metainfo=dict(flip_indices=FLIP,
                                             flip_indices_2d=FLIP))
            out = model.predict([inp], [s])[0].pred_instances
            return out.keypoints_3d, out.trajectory

        kp, traj = pred(x)
        self.assertEqual(kp.shape, (22, 17, 3))  # valid conv: 30 - 9 + 1
        xf = x[:, FLIP].clone()
        xf[..., 0] *= -1
        kpf, trajf = pred(xf)
        exp = kp[:, FLIP].copy()
        exp[..., 0] *= -1
        np.testing.assert_allclose(kpf, exp, atol=1e-4)
        trajf[..., 0] *= -1
        np.testing.assert_allclose(trajf, traj, atol=1e-4)

    @pytest.mark.slow
    def test_overfit_tiny(self):
        ds = VideoPose3DDataset(
            subjects=['S1'], actions=['Eating'], cameras=[0],
            flip_doubling=True, pipeline=_pipeline(), **self.common)
        batch = pseudo_collate([ds[i] for i in range(len(ds))])  # 18
        model = _model()
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=3e-3, amsgrad=True)
        first = None
        for _ in range(150):
            loss = model.loss(batch['inputs'], batch['data_samples'])
            total = sum(loss.values())
            first = first if first is not None else total.item()
            opt.zero_grad()
            total.backward()
            opt.step()
        self.assertLess(total.item(), 0.1 * first)
        # eval on the whole video (dilated form, flip TTA) is accurate too
        model.eval()
        model.test_cfg['flip_test'] = True
        ev = VideoPose3DDataset(
            subjects=['S1'], actions=['Eating'], cameras=[0],
            chunk_length=None, pipeline=_pipeline(), **self.common)
        item = ev[0]
        out = model.predict([item['inputs']], [item['data_samples']])[0]
        err = np.linalg.norm(
            out.pred_instances.keypoints_3d -
            out.gt_instances.keypoints_3d, axis=-1).mean()
        self.assertLess(err, 0.25 * first * 1000)

    def test_semi_supervised_losses_and_warmup(self):
        lab = dict(type='VideoPose3DDataset', subjects=['S1'], subset=0.5,
                   flip_doubling=True, pipeline=_pipeline(), **self.common)
        unl = dict(type='VideoPose3DDataset', subjects=['S5'],
                   with_3d=False, flip_doubling=True, pipeline=_pipeline(),
                   **self.common)
        ds = SemiSupervisedVideoDataset(labeled=lab, unlabeled=unl)
        self.assertEqual(len(ds), len(ds.labeled))
        first = ds[3]['data_samples'].unlabeled.sequence
        ds.set_epoch(1)
        self.assertNotEqual(ds[3]['data_samples'].unlabeled.sequence + str(
            ds[3]['data_samples'].unlabeled.frame_id), first + '?')
        batch = pseudo_collate([ds[i] for i in range(8)])
        model = _model(semi=True, warmup=2).train()
        hub = MessageHub.get_current_instance()
        hub.update_info('epoch', 0)
        losses = model.loss(batch['inputs'], batch['data_samples'])
        self.assertEqual(set(losses), {'loss_pose3d', 'loss_traj'})
        hub.update_info('epoch', 2)
        losses = model.loss(batch['inputs'], batch['data_samples'])
        self.assertEqual(
            set(losses),
            {'loss_pose3d', 'loss_traj', 'loss_reproj', 'loss_bone'})
        total = sum(losses.values())
        total.backward()
        for p in model.parameters():
            self.assertTrue(torch.isfinite(p.grad).all())
        self.assertIsNotNone(model.traj_backbone.expand_conv.weight.grad)
        hub.update_info('epoch', 0)

    def test_reprojection_zero_for_ground_truth(self):
        """The unlabelled 2D target is reproduced by projecting the GT
        camera-frame 3D through the (possibly flipped) sample camera."""
        ds = VideoPose3DDataset(subjects=['S1'], flip_doubling=True,
                                pipeline=_pipeline(), **self.common)
        loss = MODELS.build(dict(type='ReprojectionLoss'))
        for i in (0, 1, 57, 200):
            s = ds[i]['data_samples']
            lab = s.gt_instance_labels
            pts = (lab.lifting_target + lab.trajectory_target)[None].double()
            self.assertEqual(s.cameras.batch_shape, (1, ))
            val = loss(pts, lab.keypoints_2d_target[None].double(),
                       MultiViewCameras.stack([s.cameras]).to(torch.float64))
            self.assertLess(val.item() * 500, 1e-2)  # px
