"""BaseLifter and the lifting heads on mmpose's bases: class hierarchy,
forward dispatch, cfg copying, metainfo override, the heads' mmpose
``predict``/``decode`` values, and TemporalConvLifter's weights in
mmpose's TCN."""
import unittest
from pathlib import Path

import numpy as np
import torch
from mmengine.config import Config
from mmengine.structures import InstanceData
from mmpose.structures import PoseDataSample

from selfpose_mm.models import (LiftingRegressionHead,
                                MultiViewSelfSupervisedLifter,
                                SingleFrameLifter, TemporalConvLifter,
                                TemporalLiftingHead, TemporalTrajectoryHead,
                                VideoPoseLifter)
from selfpose_mm.models.estimators import BaseLifter
from selfpose_mm.registry import MODELS
from selfpose_mm.setup_env import register_all_modules

K = 4
REPO = Path(__file__).resolve().parents[2]
PIN = dict(type='PinholeLiftingLabel', num_keypoints=K, root_index=0)
VID = dict(type='VideoLiftingLabel', num_keypoints=K)


def _single(**kw):
    torch.manual_seed(0)
    return MODELS.build(
        dict(
            type='SingleFrameLifter',
            backbone=dict(type='MLPLifterBackbone', in_channels=2 * K,
                          channels=8, num_blocks=1, dropout=0.),
            head=dict(type='LiftingRegressionHead', in_channels=8,
                      num_joints=K, decoder=PIN),
            **kw)).eval()


def _video(**kw):
    torch.manual_seed(0)
    return MODELS.build(
        dict(
            type='VideoPoseLifter',
            backbone=dict(type='TemporalConvLifter', in_channels=2 * K,
                          channels=8, kernel_sizes=(3, ), dropout=0.),
            head=dict(type='TemporalLiftingHead', in_channels=8,
                      num_joints=K, decoder=VID),
            **kw)).eval()


class TestHierarchy(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        register_all_modules()

    def test_estimators_share_base_lifter(self):
        # mmpose.models after selfpose_mm (its mmcv.ops stand-in)
        from mmpose.models.heads.base_head import BaseHead
        from mmpose.models.pose_estimators.base import BasePoseEstimator
        for cls in (SingleFrameLifter, VideoPoseLifter,
                    MultiViewSelfSupervisedLifter):
            self.assertTrue(issubclass(cls, BaseLifter))
            self.assertTrue(issubclass(cls, BasePoseEstimator))
        for cls in (LiftingRegressionHead, TemporalLiftingHead,
                    TemporalTrajectoryHead):
            self.assertTrue(issubclass(cls, BaseHead))

    def test_forward_dispatch_and_errors(self):
        model = _single()
        x = torch.randn(3, K, 2)
        expected = model.head(model.backbone(x))
        # list and tuple inputs are stacked; tensor mode = backbone + head
        for inp in (x, list(x), tuple(x)):
            torch.testing.assert_close(model(inp, None, mode='tensor'),
                                       expected, rtol=0, atol=0)
        with self.assertRaises(ValueError):
            model(x, None, mode='features')
        self.assertIsInstance(model.data_preprocessor,
                              torch.nn.Module)
        self.assertEqual(type(model.data_preprocessor).__name__,
                         'BaseDataPreprocessor')

    def test_predict_values_and_metainfo(self):
        meta = dict(dataset_name='toy', num_keypoints=K,
                    keypoint_info={}, skeleton_info={}, joint_weights=[1.] *
                    K, sigmas=[.1] * K)
        model = _single(metainfo=meta)
        x = torch.randn(2, K, 2)
        samples = model(x, [PoseDataSample() for _ in range(2)],
                        mode='predict')
        raw = model.head(model.backbone(x)).detach().numpy()
        for s, r in zip(samples, raw):
            np.testing.assert_array_equal(s.pred_instances.keypoints_3d,
                                          (r * 1000.)[None])
            np.testing.assert_array_equal(s.pred_instances.scores, [1.])
            self.assertEqual(s.metainfo['dataset_name'], 'toy')

    def test_cfgs_are_copied(self):
        test_cfg = dict(flip_test=False)
        model = _video(test_cfg=test_cfg)
        model.test_cfg['flip_test'] = True
        self.assertEqual(test_cfg, dict(flip_test=False))
        self.assertEqual(model.head.test_cfg, dict(flip_test=False))

    def test_video_predict_keeps_lists(self):
        """Whole videos of different lengths are not stacked."""
        model = _video(test_cfg=dict(flip_test=False))
        vids = [torch.randn(n, K, 2) for n in (3, 7)]
        out = model(vids, [PoseDataSample() for _ in vids], mode='predict')
        for v, s in zip(vids, out):
            full = model(v[None], None, mode='tensor')[0] * 1000.
            np.testing.assert_array_equal(s.pred_instances.keypoints_3d,
                                          full.detach().numpy())


class TestConfigs(unittest.TestCase):

    def test_lifting_configs_build_base_lifters(self):
        """configs/lifting and configs/mvlift build unchanged (the
        videopose3d ones: tests/test_configs/test_videopose3d_configs)."""
        register_all_modules()
        files = sorted([*(REPO / 'configs' / 'lifting').glob('*.py'),
                        *(REPO / 'configs' / 'mvlift').glob('*.py')])
        self.assertGreaterEqual(len(files), 16)
        for f in files:
            with self.subTest(config=f.name):
                model = MODELS.build(Config.fromfile(str(f)).model)
                self.assertIsInstance(model, BaseLifter)


class TestHeads(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        register_all_modules()

    def test_temporal_head_predict_and_mmpose_decode(self):
        torch.manual_seed(1)
        head = MODELS.build(
            dict(type='TemporalLiftingHead', in_channels=8, num_joints=K,
                 decoder=VID))
        feats = torch.randn(2, 8, 5)
        raw = head(feats).detach()
        mm = raw.numpy() * 1000.
        preds = head.predict(feats, None)
        dec = head.decode(raw)  # mmpose's BaseHead.decode via the codec
        for p, d, m in zip(preds, dec, mm):
            self.assertIsInstance(p, InstanceData)
            np.testing.assert_array_equal(p.keypoints_3d, m)
            np.testing.assert_array_equal(p.scores, np.ones(5))
            np.testing.assert_array_equal(d.keypoints, m)
            np.testing.assert_array_equal(d.keypoint_scores, np.ones((5, K)))
        torch.testing.assert_close(head.to_mm(raw), raw * 1000.)
        traj = MODELS.build(
            dict(type='TemporalTrajectoryHead', in_channels=8, decoder=VID))
        (p, ) = traj.predict(feats[:1])
        np.testing.assert_array_equal(
            p.trajectory, traj(feats[:1])[0].detach().numpy() * 1000.)

    def test_regression_head_loss_closed_form(self):
        torch.manual_seed(2)
        head = MODELS.build(
            dict(type='LiftingRegressionHead', in_channels=8, num_joints=K,
                 decoder=PIN))
        feats = torch.randn(3, 8)
        pred = head(feats).detach()
        target = torch.randn(3, 1, K, 3)
        weight = torch.tensor([[1., 0, 1, 1]] * 3)
        samples = []
        for t, w in zip(target, weight):
            s = PoseDataSample()
            s.gt_instance_labels = InstanceData(
                lifting_target=t, lifting_target_weight=w[None])
            samples.append(s)
        losses = head.loss(feats, samples, train_cfg={})
        err = (pred - target[:, 0]).norm(dim=-1)  # (3, K)
        torch.testing.assert_close(losses['loss_pose3d'],
                                   (err * weight).mean())
        torch.testing.assert_close(losses['mpjpe'], err.mean() * 1000.)


class TestTCNWeights(unittest.TestCase):

    def test_mmpose_tcn_state_dict(self):
        from mmpose.models.backbones import TCN
        torch.manual_seed(3)
        for ks, causal in (((3, 3, 3), False), ((3, 5), True)):
            net = TemporalConvLifter(10, channels=16, kernel_sizes=ks,
                                     dropout=0., causal=causal).eval()
            for m in net.modules():
                if isinstance(m, torch.nn.BatchNorm1d):
                    m.running_mean.uniform_(-.2, .2)
                    m.running_var.uniform_(.5, 1.5)
            ref = TCN(10, stem_channels=16, num_blocks=len(ks) - 1,
                      kernel_sizes=ks, dropout=0., causal=causal)
            ref.load_state_dict(net.mmpose_tcn_state_dict())
            ref.eval()
            rf = net.receptive_field
            x = torch.randn(2, rf + 6, 5, 2)
            with torch.no_grad():
                ours = net(x)
                theirs = ref(x.reshape(2, rf + 6, 10).transpose(1, 2))[-1]
            torch.testing.assert_close(ours, theirs, atol=1e-5, rtol=1e-5)
