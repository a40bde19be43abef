"""A VoxelPose checkpoint written by the Runner runs in tools/infer.py on
2D detections, and tools/test.py --out writes strict JSON for it.

Slow: trains the shipped synthetic heatmap-input VoxelPose config for two
iterations (no environment variable: the checkpoint loads through the
safe loader).
"""
import json
import tempfile
import unittest
from pathlib import Path

import pytest

from selfpose_mm.apis import write_synthetic_recording
from tests.test_tools._cli import call
from tests.test_tools.test_safe_checkpoints_cli import _run

CFG = 'configs/voxelpose/voxelpose_v2v-cpn32-prn16_1xb4-800it_synthetic-5cam.py'
_SMALL = [
    'train_cfg.max_iters=2', 'train_cfg.val_interval=100',
    'default_hooks.checkpoint.interval=2',
    'default_hooks.visualization.enable=False',
    'train_dataloader.batch_size=1', 'val_dataloader.dataset.num_samples=4',
    'test_dataloader.dataset.num_samples=4'
]


@pytest.mark.slow
class TestInferRunnerCheckpoint(unittest.TestCase):

    def test_voxelpose_checkpoint_in_infer_and_test(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            _run(['tools/train.py', CFG, '--work-dir', tmp / 'work',
                  '--cfg-options', *_SMALL], check_rc=0)
            ckpt = tmp / 'work' / 'iter_2.pth'
            write_synthetic_recording(tmp / 'rec', num_frames=2)
            code, err = call('infer', [
                '--calib',
                str(tmp / 'rec' / 'calibration.json'), '--detections',
                str(tmp / 'rec' / 'detections'), '--config', CFG,
                '--checkpoint',
                str(ckpt), '--layout', 'panoptic15', '--out',
                str(tmp / 'out'), '--no-progress', '--vis-frames', '0',
                '--animation', 'none'
            ])
            self.assertEqual(code, 0, err[-3000:])
            poses = json.loads((tmp / 'out' / 'poses3d.json').read_text())
            self.assertTrue(poses)
            # an untrained model finds nobody: MPJPE is infinite -> null
            out = tmp / 'metrics.json'
            _run(['tools/test.py', CFG, ckpt, '--work-dir', tmp / 'work',
                  '--out', out, '--cfg-options', *_SMALL[-2:]], check_rc=0)
            text = out.read_text()
            self.assertNotIn('Infinity', text)
            metrics = json.loads(text)
            self.assertIsNone(metrics['panoptic/MPJPE'])  # was Infinity


if __name__ == '__main__':
    unittest.main()
