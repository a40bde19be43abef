"""VideoPose3D configs: every config parses, passes the key check and
builds its model; the Human3.6M semi-supervised config trains (one tiny
epoch on a VideoPose3D-format npz) and evaluates through tools/train.py
and tools/test.py."""
import tempfile
import unittest
from pathlib import Path

import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope

from selfpose_mm.engine import check_config
from selfpose_mm.registry import MODELS
from tests.test_datasets.vp3d_fixtures import write_tiny_h36m
from tests.test_tools._run import REPO, run_tool

CONFIGS = sorted((REPO / 'configs' / 'videopose3d').glob('*.py'))


class TestVideoPose3DConfigs(unittest.TestCase):

    def test_configs_parse_check_and_build(self):
        init_default_scope('selfpose_mm')
        self.assertGreaterEqual(len(CONFIGS), 8)
        for path in CONFIGS:
            cfg = Config.fromfile(str(path))
            check_config(cfg)
            rf = cfg.model.backbone.kernel_sizes
            n = 1
            for k in rf:
                n *= k
            for dl in ('train_dataloader', 'val_dataloader'):
                ds = cfg[dl].dataset
                ds = ds.get('labeled', ds)
                self.assertEqual(ds.pipeline[0].receptive_field, n,
                                 f'{path.name}: {dl} window != model RF')
            cfg.model.backbone.channels = 8
            cfg.model.head.in_channels = 8
            if cfg.model.get('traj_backbone'):
                cfg.model.traj_backbone.channels = 8
                cfg.model.traj_head.in_channels = 8
            model = MODELS.build(cfg.model)
            self.assertEqual(model.receptive_field, n)

    @pytest.mark.slow
    def test_semi_config_trains_and_tests(self):
        cfg = ('configs/videopose3d/'
               'videopose3d_tcn-27f-semi_1xb64-200e_h36m-gt-s1p10.py')
        with tempfile.TemporaryDirectory() as tmp:
            root = str(write_tiny_h36m(Path(tmp) / 'data')) + '/'
            work = str(Path(tmp) / 'work')
            opts = [
                'train_cfg.max_epochs=1', 'train_cfg.val_interval=1',
                'model.warmup_epochs=0', 'model.backbone.channels=16',
                'model.head.in_channels=16',
                'model.traj_backbone.channels=16',
                'model.traj_head.in_channels=16',
                'train_dataloader.batch_size=16',
                'train_dataloader.num_workers=0',
                'val_dataloader.num_workers=0',
                'test_dataloader.num_workers=0',
                f'train_dataloader.dataset.labeled.data_root={root}',
                'train_dataloader.dataset.labeled.subset=0.5',
                f'train_dataloader.dataset.unlabeled.data_root={root}',
                f'val_dataloader.dataset.data_root={root}',
                f'test_dataloader.dataset.data_root={root}',
            ] + [
                f'{k}.cameras=[0]'
                for k in ('train_dataloader.dataset.labeled',
                          'train_dataloader.dataset.unlabeled',
                          'val_dataloader.dataset', 'test_dataloader.dataset')
            ]
            out = run_tool(['tools/train.py', cfg, '--work-dir', work,
                            '--cfg-options', *opts])
            log = out.stdout + out.stderr
            self.assertIn('loss_reproj', log)
            self.assertIn('loss_bone', log)
            self.assertIn('MPJPE_Walking', log)
            ckpt = str(Path(work) / 'epoch_1.pth')
            out = run_tool(['tools/test.py', cfg, ckpt, '--work-dir', work,
                            '--cfg-options', *opts])
            log = out.stdout + out.stderr
            self.assertIn('P-MPJPE', log)
            self.assertIn('N-MPJPE', log)
            self.assertIn('MPJVE', log)
