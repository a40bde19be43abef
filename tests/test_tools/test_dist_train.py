"""Two CPU processes through tools/dist_train.sh end with equal weights."""
import os
import shutil
import socket
import subprocess
import sys
import unittest
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
import torch

from tests.test_tools._run import REPO, TINY


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class TestDistTrain(unittest.TestCase):

    @pytest.mark.slow
    def test_two_process_cpu_ddp(self):
        if shutil.which('bash') is None:
            self.skipTest('bash is needed for tools/dist_train.sh')
        with TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            cfg = tmp / 'dist_cfg.py'
            cfg.write_text(
                f"_base_ = ['{TINY.as_posix()}']\n"
                "custom_imports = dict(imports=['selfpose_mm.testing'], "
                'allow_failed_imports=False)\n'
                "custom_hooks = [dict(type='SyncBuffersHook'), "
                "dict(type='DumpRankWeightsHook')]\n"
                'train_cfg = dict(max_iters=20, val_interval=20)\n'
                'train_dataloader = dict(batch_size=32)\n')
            env = dict(
                os.environ,
                PYTHON=sys.executable,
                PORT=str(_free_port()),
                MASTER_ADDR='127.0.0.1')
            proc = subprocess.run([
                'bash', 'tools/dist_train.sh',
                str(cfg), '2', '--work-dir',
                str(tmp / 'work')
            ],
                                  cwd=REPO,
                                  env=env,
                                  capture_output=True,
                                  text=True,
                                  timeout=300)
            self.assertEqual(proc.returncode, 0,
                             proc.stdout[-3000:] + proc.stderr[-6000:])
            log = proc.stdout + proc.stderr
            self.assertIn('Iter(val)', log)
            w0 = torch.load(tmp / 'work' / 'rank0.pth')
            w1 = torch.load(tmp / 'work' / 'rank1.pth')
            self.assertEqual(w0.keys(), w1.keys())
            for key in w0:
                torch.testing.assert_close(w0[key], w1[key], msg=key)
            # world size 2 really was used
            self.assertIn('Distributed training: True', log)
            # ... and distributed testing of the checkpoint works too
            env['PORT'] = str(_free_port())
            proc = subprocess.run([
                'bash', 'tools/dist_test.sh',
                str(cfg),
                str(tmp / 'work' / 'iter_20.pth'), '2', '--work-dir',
                str(tmp / 'test'), '--out',
                str(tmp / 'metrics.json')
            ],
                                  cwd=REPO,
                                  env=env,
                                  capture_output=True,
                                  text=True,
                                  timeout=300)
            self.assertEqual(proc.returncode, 0, proc.stderr[-6000:])
            self.assertIn('MPJPE', (tmp / 'metrics.json').read_text())


if __name__ == '__main__':
    unittest.main()
