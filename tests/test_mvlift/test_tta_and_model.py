"""Self-supervised lifter model and the test-time adaptation loop on a tiny
synthetic multi-view HumanEva-format dataset."""
import logging
import tempfile
from pathlib import Path
from unittest import TestCase

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.logging import MMLogger
from mmengine.registry import init_default_scope
from mmengine.runner import Runner
from mmengine.runner import loops as mm_loops

from selfpose_mm.engine import loops as sp_loops
from selfpose_mm.registry import DATASETS, MODELS
from tests.test_mvlift._helpers import write_humaneva_like

CODEC = dict(type='VideoLiftingLabel', num_keypoints=15, root_index=0)
MODEL = dict(
    type='MultiViewSelfSupervisedLifter',
    backbone=dict(
        type='MLPLifterBackbone',
        in_channels=30,
        channels=64,
        num_blocks=1,
        dropout=0.1),
    head=dict(
        type='LiftingRegressionHead',
        in_channels=64,
        num_joints=15,
        decoder=CODEC),
    mv_loss=dict(type='MultiViewConsistencyLoss'))


def _data(root, multi_view, subjects, shuffle=False, batch_size=32):
    common = dict(
        dataset_name='humaneva15',
        data_root=str(root),
        camera_param_file='cameras.json',
        subjects=subjects)
    if multi_view:
        ds = dict(
            type='MultiViewLiftingDataset',
            with_3d=False,
            pipeline=[
                dict(type='EncodeMultiViewLifting'),
                dict(type='PackMultiViewLiftingInputs')
            ],
            **common)
    else:
        ds = dict(
            type='VideoPose3DDataset',
            chunk_length=1,
            test_mode=True,
            pipeline=[
                dict(type='TemporalWindow', receptive_field=1),
                dict(type='EncodeVideoLifting', codec=CODEC),
                dict(type='PackVideoLiftingInputs')
            ],
            **common)
    return dict(
        batch_size=batch_size,
        num_workers=0,
        sampler=dict(type='DefaultSampler', shuffle=shuffle),
        dataset=ds)


class TestSelfSupervisedLifter(TestCase):

    @classmethod
    def setUpClass(cls):
        init_default_scope('selfpose_mm')
        torch.manual_seed(0)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name)
        write_humaneva_like(cls.root, frames=48)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_dataset_views_are_consistent(self):
        cfg = _data(self.root, True, ['Validate/S1'])['dataset']
        cfg['with_3d'] = True
        ds = DATASETS.build(cfg)
        self.assertEqual(len(ds), 48)
        info = ds.get_data_info(5)
        self.assertEqual(info['keypoints_2d'].shape, (3, 15, 2))
        cameras = info['cameras']
        self.assertEqual(cameras.batch_shape, (3, ))
        cam = {k: getattr(cameras, k).double().numpy()
               for k in ('K', 'R', 't', 'dist')}
        # camera-frame 3D of view 0 moved to the world and into view 2
        world = (info['keypoints_3d'][0] - cam['t'][0]) @ cam['R'][0]
        np.testing.assert_allclose(
            world @ cam['R'][2].T + cam['t'][2],
            info['keypoints_3d'][2],
            atol=1e-2)
        # values: each view's 2D is OpenCV's projection of its camera-frame
        # 3D through that view's K and distortion
        for v in range(3):
            uv, _ = cv2.projectPoints(
                info['keypoints_3d'][v].astype(np.float64), np.zeros(3),
                np.zeros(3), np.asarray(cam['K'][v], np.float64),
                np.asarray(cam['dist'][v], np.float64))
            np.testing.assert_allclose(info['keypoints_2d'][v], uv[:, 0],
                                       atol=1e-3)

    def test_noise_transform(self):
        from selfpose_mm.datasets.transforms import AddKeypoint2DNoise
        kp = np.zeros((3, 15, 2), np.float32)
        a = AddKeypoint2DNoise(std=2., seed=1)(dict(keypoints_2d=kp))
        b = AddKeypoint2DNoise(std=2., seed=1)(dict(keypoints_2d=kp))
        np.testing.assert_array_equal(a['keypoints_2d'], b['keypoints_2d'])
        self.assertAlmostEqual(float(a['keypoints_2d'].std()), 2., delta=.4)

    def test_loss_and_predict(self):
        model = MODELS.build(MODEL)
        ds = DATASETS.build(_data(self.root, True, ['Train/S1'])['dataset'])
        batch = [ds[i] for i in range(4)]
        data = model.data_preprocessor(
            dict(
                inputs=[b['inputs'] for b in batch],
                data_samples=[b['data_samples'] for b in batch]), True)
        losses = model(**data, mode='loss')
        self.assertEqual(
            {k for k in losses if k.startswith('loss')},
            {'loss_mv_self', 'loss_mv_cross', 'loss_mv_consistency'})
        self.assertTrue(all(torch.isfinite(v) for v in losses.values()))
        model.eval()
        out = model(**data, mode='predict')
        kp = out[0].pred_instances.keypoints_3d
        self.assertEqual(kp.shape, (3, 15, 3))
        np.testing.assert_array_equal(kp[:, 0], 0)
        # single-view input (B, 1, K, 2) predicts (1, K, 3)
        out = model(torch.stack(data['inputs'])[:, :1], data['data_samples'],
                    mode='predict')
        self.assertEqual(out[0].pred_instances.keypoints_3d.shape,
                         (1, 15, 3))

    def _runner(self, name, test_cfg, load_from=None):
        cfg = Config(
            dict(
                default_scope='selfpose_mm',
                model=MODEL,
                work_dir=str(self.root / name),
                test_dataloader=_data(self.root, False, ['Validate/S1'],
                                      batch_size=256),
                test_evaluator=dict(
                    type='MPJPEMetric', modes=['mpjpe'], root_index=0),
                test_cfg=test_cfg,
                load_from=load_from,
                env_cfg=dict(dist_cfg=dict(backend='gloo')),
                log_level='WARNING',
                randomness=dict(seed=0)))
        runner = Runner.from_cfg(cfg)
        MMLogger.get_current_instance().setLevel(logging.WARNING)
        return runner

    @pytest.mark.slow
    def test_tta_lowers_error(self):
        plain = self._runner('plain', dict())
        before = plain.test()
        ckpt = self.root / 'init.pth'
        torch.save(dict(state_dict=plain.model.state_dict()), ckpt)
        tta = self._runner(
            'tta',
            dict(
                type='TestTimeAdaptLoop',
                steps=60,
                lr=3e-3,
                log_interval=1000,
                adapt_dataloader=_data(
                    self.root, True, ['Validate/S1'], shuffle=True)),
            load_from=str(ckpt))
        after = tta.test()
        loop = tta.test_loop
        self.assertIsInstance(loop, sp_loops.TestTimeAdaptLoop)
        self.assertIn('transductive/MPJPE', after)
        self.assertNotIn('MPJPE', after)
        self.assertLess(after['transductive/MPJPE'], 0.7 * before['MPJPE'])
        # adaptation losses went down; the model is back in eval mode
        hist = loop.history
        self.assertEqual(len(hist), 60)
        self.assertLess(np.mean([h['loss_mv_cross'] for h in hist[-5:]]),
                        hist[0]['loss_mv_cross'])
        self.assertFalse(tta.model.training)
