"""The project's configs train and evaluate through the standard tools on
the MADS-format fixture, the synthetic stereo rig, and (pretraining) a
COCO-format fixture."""
import re
import tempfile
import unittest
from pathlib import Path

import pytest

from tests.test_projects.test_mads._fixtures import (write_coco_fixture,
                                                     write_mads_fixture)
from tests.test_tools._run import REPO, run_tool

CFG = REPO / 'projects' / 'mads' / 'configs'


def _metric(log: str, key: str) -> float:
    found = re.findall(rf'{re.escape(key)}: ([0-9.]+)', log)
    if not found:
        raise AssertionError(f'{key} not in the log:\n{log[-3000:]}')
    return float(found[-1])


class TestProjectTools(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name)
        write_mads_fixture(cls.root / 'mads')

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def _mads_opts(self):
        root = str(self.root / 'mads')
        return [
            f'train_dataloader.dataset.data_root={root}',
            f'val_dataloader.dataset.data_root={root}',
            f'test_dataloader.dataset.data_root={root}'
        ]

    @pytest.mark.slow
    def test_cdrnet_mads_fixture_train_then_test(self):
        work = self.root / 'cdr_mads'
        cfg = CFG / 'cdrnet_res18-tiny-rot_1xb8-2e_mads-stereo-64x64.py'
        proc = run_tool([
            'tools/train.py',
            str(cfg), '--work-dir',
            str(work), '--cfg-options', *self._mads_opts()
        ])
        log = proc.stdout + proc.stderr
        self.assertIn('loss_kpt3d', log)  # epoch 2 is past the warm-up
        self.assertIn('grad_norm', log)  # clipping switched on
        self.assertGreater(_metric(log, 'rel/MPJPE'), 0.)
        ckpt = work / 'epoch_2.pth'
        self.assertTrue(ckpt.is_file())
        proc = run_tool([
            'tools/test.py',
            str(cfg),
            str(ckpt), '--work-dir',
            str(work / 'test'), '--cfg-options', *self._mads_opts()
        ])
        self.assertGreater(_metric(proc.stdout + proc.stderr, 'MPJPE'), 0.)

    @pytest.mark.slow
    def test_baseline_mads_fixture(self):
        cfg = CFG / ('simplebaseline-tri_res18-tiny_1xb8-2e_'
                     'mads-stereo-64x64.py')
        proc = run_tool([
            'tools/train.py',
            str(cfg), '--work-dir',
            str(self.root / 'base_mads'), '--cfg-options',
            'train_cfg.max_epochs=1', *self._mads_opts()
        ])
        log = proc.stdout + proc.stderr
        self.assertIn('loss_kpt', log)
        self.assertGreater(_metric(log, 'P-MPJPE'), 0.)

    @pytest.mark.slow
    def test_cdrnet_pinv_synthetic_rig(self):
        cfg = CFG / 'cdrnet_res18-tiny-pinv_1xb8-1500it_synthetic-stereo.py'
        proc = run_tool([
            'tools/train.py',
            str(cfg), '--work-dir',
            str(self.root / 'pinv'), '--cfg-options',
            'train_cfg.max_iters=2', 'train_cfg.val_interval=2',
            'custom_hooks.1.warmup_iters=1', 'default_hooks.logger.interval=1',
            'train_dataloader.dataset.num_samples=16',
            'val_dataloader.dataset.num_samples=8',
            'train_dataloader.num_workers=0',
            'train_dataloader.persistent_workers=False',
            'val_dataloader.num_workers=0',
            'val_dataloader.persistent_workers=False'
        ])
        log = proc.stdout + proc.stderr
        self.assertIn('loss_kpt3d', log)
        self.assertGreater(_metric(log, 'MPJPE'), 0.)

    @pytest.mark.slow
    def test_pretraining_config_on_coco_fixture(self):
        coco = self.root / 'coco'
        ann = write_coco_fixture(coco)
        child = self.root / 'pretrain_tiny.py'
        base = CFG / 'simplebaseline_res101_1xb32-140e_coco-256x256.py'
        child.write_text(
            f"_base_ = ['{base.as_posix()}']\n"
            'train_cfg = dict(max_epochs=1, val_interval=1)\n'
            'default_hooks = dict(logger=dict(interval=1))\n'
            "model = dict(backbone=dict(depth=18, base_channels=8, "
            "stem_channels=8), head=dict(in_channels=64, "
            "deconv_out_channels=(16, 16, 16)))\n"
            f"_data = dict(data_root='{coco.as_posix()}/', "
            "ann_file='annotations/person_keypoints.json', "
            "data_prefix=dict(img='images/'))\n"
            'train_dataloader = dict(batch_size=1, num_workers=0, '
            'persistent_workers=False, dataset=_data)\n'
            'val_dataloader = dict(batch_size=2, num_workers=0, '
            'persistent_workers=False, dataset=_data)\n'
            'test_dataloader = val_dataloader\n'
            f"val_evaluator = dict(ann_file='{ann.as_posix()}')\n"
            'test_evaluator = val_evaluator\n')
        proc = run_tool([
            'tools/train.py',
            str(child), '--work-dir',
            str(self.root / 'pretrain')
        ])
        log = proc.stdout + proc.stderr
        self.assertIn('Epoch(train) [1][2/2]', log)
        self.assertIn('coco/AP', log)


if __name__ == '__main__':
    unittest.main()
