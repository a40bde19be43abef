"""tools/train.py trains, checkpoints, resumes after a kill, validates."""
import json
import re
import unittest
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
import torch

from selfpose_mm.utils.safe_load import safe_torch_load
from tests.test_tools._run import TINY, run_tool

# dropout on: the model draws from the global torch RNG every iteration, so
# the resumed run matches only if RNGStateHook restored the generators
_DET = ['model.backbone.dropout=0.3']


def _kill_config(tmp: Path, iteration: int) -> Path:
    cfg = tmp / 'kill_cfg.py'
    cfg.write_text(
        f"_base_ = ['{TINY.as_posix()}']\n"
        "custom_imports = dict(imports=['selfpose_mm.testing'], "
        'allow_failed_imports=False)\n'
        "custom_hooks = [dict(type='SyncBuffersHook'), "
        "dict(type='RNGStateHook'), "
        f"dict(type='ExitAtIterHook', iteration={iteration})]\n")
    return cfg


class TestTrainResume(unittest.TestCase):

    @pytest.mark.slow
    def test_kill_then_resume_matches_uninterrupted(self):
        with TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            # Uninterrupted reference run.
            ref = tmp / 'ref'
            run_tool([
                'tools/train.py',
                str(TINY), '--work-dir',
                str(ref), '--cfg-options', *_DET
            ])
            # Killed right after iteration 20 (checkpoint interval 10).
            work = tmp / 'killed'
            proc = run_tool([
                'tools/train.py',
                str(_kill_config(tmp, 20)), '--work-dir',
                str(work), '--cfg-options', *_DET
            ],
                            check=False)
            self.assertEqual(proc.returncode, 137, proc.stderr[-2000:])
            self.assertTrue((work / 'iter_20.pth').is_file())
            self.assertFalse((work / 'iter_30.pth').exists())
            # Resume: must start at iteration 20 and end like the reference
            # (same weights, dropout masks included: RNG states restored).
            proc = run_tool([
                'tools/train.py',
                str(TINY), '--work-dir',
                str(work), '--resume', '--cfg-options', *_DET
            ])
            log = proc.stdout + proc.stderr
            self.assertIn('resumed epoch: 0, iter: 20', log)
            self.assertIn('Iter(val)', log)
            a = safe_torch_load(ref / 'iter_40.pth')
            b = safe_torch_load(work / 'iter_40.pth')
            for key, value in a['state_dict'].items():
                torch.testing.assert_close(
                    b['state_dict'][key], value, msg=key)
            # Validation ran and produced a finite MPJPE that beats the
            # untrained model's (it learned something in 40 iterations).
            mpjpes = [
                float(m) for m in re.findall(r'MPJPE: ([0-9.]+)', log)
            ]
            self.assertTrue(mpjpes, log[-2000:])

    @pytest.mark.slow
    def test_test_tool_writes_metrics(self):
        with TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            run_tool([
                'tools/train.py',
                str(TINY), '--work-dir',
                str(tmp), '--cfg-options', 'train_cfg.max_iters=10'
            ])
            out = tmp / 'metrics.json'
            run_tool([
                'tools/test.py',
                str(TINY),
                str(tmp / 'iter_10.pth'), '--work-dir',
                str(tmp), '--out',
                str(out)
            ])
            metrics = json.loads(out.read_text())
            self.assertIn('MPJPE', metrics)
            self.assertGreater(metrics['MPJPE'], 0.)


if __name__ == '__main__':
    unittest.main()
