"""The VoxelPose leaf configs build and train end to end (tiny sizes).

* Panoptic image mode: the full config, pointed at a tiny Panoptic-format
  tree (``write_tree`` of the dataset tests: 192x108 images, real or
  synthetic calibration), with CPU-sized overrides, runs 2 training
  iterations and a validation through MMEngine's Runner.
* Synthetic heatmap mode: the CPU config runs a few iterations with
  finite losses.
"""
import logging
import math
import os.path as osp
import tempfile
import unittest

import pytest
from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.logging import MMLogger

from selfpose_mm.engine.cli import build_runner
from tests.test_datasets.test_panoptic_dataset import SEQ, write_tree

CONFIG_DIR = osp.join(osp.dirname(__file__), '..', '..', 'configs',
                      'voxelpose')
PANOPTIC = osp.join(CONFIG_DIR,
                    'voxelpose_v2v-cpn80-prn64_1xb1-10e_panoptic-5cam.py')
SYNTHETIC = osp.join(CONFIG_DIR,
                     'voxelpose_v2v-cpn32-prn16_1xb4-800it_synthetic-5cam.py')


class _LossRecorder(Hook):
    """Keeps the raw loss dict of every training iteration."""

    def __init__(self):
        self.losses = []

    def after_train_iter(self, runner, batch_idx, data_batch=None,
                         outputs=None):
        self.losses.append(
            {k: float(v.detach()) for k, v in outputs.items()})


def _quiet(cfg: Config, work_dir: str) -> Config:
    cfg.work_dir = work_dir
    # MMEngine keeps one Visualizer per name: a fresh one per runner
    cfg.visualizer.name = f'visualizer_{osp.basename(osp.dirname(work_dir))}'
    cfg.log_level = 'WARNING'
    cfg.default_hooks.visualization.enable = False
    cfg.default_hooks.checkpoint = dict(type='CheckpointHook',
                                        interval=-1, save_last=False)
    return cfg


def _tiny_heads(cfg: Config) -> None:
    cfg.model.root_head.net.mid_channels = 4
    cfg.model.root_head.cube_shape = (16, 16, 4)
    cfg.model.pose_head.net.mid_channels = 4
    cfg.model.pose_head.cube_shape = (8, 8, 8)


def _train(testcase, cfg: Config):
    runner = build_runner(cfg, 'none')
    rec = _LossRecorder()
    runner.register_hook(rec)
    runner.train()
    testcase.assertEqual(len(rec.losses), cfg.train_cfg.max_iters)
    for it in rec.losses:
        for k, v in it.items():
            testcase.assertTrue(math.isfinite(v), f'{k} = {v}')
    return runner, rec


class TestVoxelPoseConfigs(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        MMLogger.get_current_instance().setLevel(logging.WARNING)

    def tearDown(self):
        self.tmp.cleanup()

    @pytest.mark.slow
    def test_panoptic_image_config_on_tiny_tree(self):
        data_root = osp.join(self.tmp.name, 'panoptic')
        write_tree(data_root, frames=(168, 169, 170))
        cfg = _quiet(Config.fromfile(PANOPTIC),
                     osp.join(self.tmp.name, 'work'))
        pipeline = [
            dict(type='LoadMultiViewImages'),
            dict(type='ProjectPoses'),
            dict(type='MultiViewAffine', input_size=(96, 64),
                 heatmap_size=(24, 16)),
            dict(type='PackMultiViewInputs'),
        ]
        for loader in (cfg.train_dataloader, cfg.val_dataloader,
                       cfg.test_dataloader):
            loader.num_workers = 0
            loader.persistent_workers = False
            loader.dataset.update(data_root=data_root, sequences=[SEQ],
                                  frame_interval=1, pipeline=pipeline)
        cfg.train_cfg = dict(by_epoch=False, max_iters=2, val_interval=2)
        cfg.param_scheduler = [
            p for p in cfg.param_scheduler if not p.get('by_epoch', True)
        ]
        # a small 2D network (same classes as the config's ResNet-50)
        cfg.model.backbone.depth = 18
        cfg.model.heatmap_head.in_channels = 512
        cfg.model.heatmap_head.deconv_out_channels = (16, 16, 16)
        _tiny_heads(cfg)
        cfg.model.root_head.net.input_channels = 15
        runner, _ = _train(self, cfg)
        metrics = runner.val_loop.run()
        self.assertIn('panoptic/mAP', metrics)

    @pytest.mark.slow
    def test_synthetic_config_few_iterations(self):
        cfg = _quiet(Config.fromfile(SYNTHETIC),
                     osp.join(self.tmp.name, 'work'))
        cfg.train_dataloader.batch_size = 2
        cfg.train_dataloader.dataset.num_samples = 16
        cfg.val_dataloader.dataset.num_samples = 2
        cfg.train_cfg.max_iters = 4
        cfg.train_cfg.val_interval = 4
        _tiny_heads(cfg)
        _, rec = _train(self, cfg)
        self.assertIn('loss_root', rec.losses[-1])
        self.assertIn('loss_pose', rec.losses[-1])


if __name__ == '__main__':
    unittest.main()
