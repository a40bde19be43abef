"""The tools refuse malicious checkpoints/npz and load real Runner ones.

Subprocess tests (``-m slow``): ``TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD`` is
removed from the environment, so the real checkpoints load only through
``selfpose_mm.utils.safe_load``'s allowlist.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import pytest
import torch

from tests.test_tools._run import REPO, TINY
from tests.test_utils.malicious import write_all

VP3D_CFG = (REPO / 'configs' / 'videopose3d' /
            'videopose3d_tcn-27f_1xb128-12e_humaneva15-gt-cpu.py')


def _run(args, check_rc=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k != 'TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD'
    }
    env.update(PYTHONUNBUFFERED='1', OMP_NUM_THREADS='1')
    proc = subprocess.run([sys.executable, *map(str, args)],
                          cwd=REPO,
                          env=env,
                          capture_output=True,
                          text=True,
                          timeout=300)
    if check_rc is not None and proc.returncode != check_rc:
        raise AssertionError(f'{args} exited {proc.returncode}:\n'
                             f'{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}')
    return proc


@pytest.mark.slow
class TestMaliciousRoutes(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = Path(cls.tmp.name)
        cls.paths = write_all(cls.dir / 'evil')

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def assert_refused(self, args, key='pth'):
        proc = _run(args)
        self.assertEqual(proc.returncode, 2, proc.stderr[-3000:])
        err = proc.stderr.strip().splitlines()
        self.assertTrue(err and err[-1].startswith('error: '), err[-5:])
        self.assertIn(self.paths[key].name, err[-1])
        self.assertIn('refusing', err[-1])
        self.assertNotIn('Traceback', proc.stderr)
        self.assertFalse(self.paths['marker'].exists(), 'payload ran')

    def test_test_py(self):
        self.assert_refused([
            'tools/test.py', TINY, self.paths['pth'], '--work-dir',
            self.dir / 'w1'
        ])

    def test_train_resume(self):
        self.assert_refused([
            'tools/train.py', TINY, '--resume', self.paths['pth'],
            '--work-dir', self.dir / 'w2'
        ])

    def test_train_load_from(self):
        self.assert_refused([
            'tools/train.py', TINY, '--work-dir', self.dir / 'w3',
            '--cfg-options', f'load_from={self.paths["pth"]}'
        ])

    def test_videopose3d_demo_checkpoint(self):
        self.assert_refused([
            'tools/videopose3d_demo.py', VP3D_CFG, self.paths['pth'],
            '--input', self.paths['npz_custom'], '--out',
            self.dir / 'demo.png'
        ])

    def test_videopose3d_demo_input(self):
        good = self.dir / 'vp3d.pth'
        _run([
            '-c', 'import sys, torch; sys.path.insert(0, "."); '
            'import selfpose_mm; '
            'from mmengine.config import Config; '
            'from mmengine.registry import init_default_scope; '
            'from selfpose_mm.registry import MODELS; '
            'init_default_scope("selfpose_mm"); '
            f'm = MODELS.build(Config.fromfile("{VP3D_CFG}").model); '
            f'torch.save(dict(state_dict=m.state_dict()), "{good}")'
        ],
             check_rc=0)
        self.assert_refused([
            'tools/videopose3d_demo.py', VP3D_CFG, good, '--input',
            self.paths['npz_custom'], '--out', self.dir / 'demo.png'
        ], 'npz_custom')


@pytest.mark.slow
class TestRealRunnerCheckpoint(unittest.TestCase):
    """Train the tiny config with the Runner; test.py and resume load it
    without the environment variable."""

    def test_test_and_resume(self):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            _run([
                'tools/train.py', TINY, '--work-dir', work, '--cfg-options',
                'train_cfg.max_iters=10', 'train_cfg.val_interval=100'
            ],
                 check_rc=0)
            ckpt = work / 'iter_10.pth'
            out = work / 'metrics.json'
            _run([
                'tools/test.py', TINY, ckpt, '--work-dir', work, '--out', out
            ],
                 check_rc=0)
            self.assertGreater(json.loads(out.read_text())['MPJPE'], 0.)
            # the Python API loads it too (through the safe loader)
            from selfpose_mm.apis import init_estimator
            from selfpose_mm.utils.safe_load import safe_torch_load
            model = init_estimator(str(TINY), str(ckpt))
            saved = safe_torch_load(ckpt)['state_dict']
            for key, value in model.state_dict().items():
                self.assertTrue(torch.equal(value, saved[key]), key)
            proc = _run([
                'tools/train.py', TINY, '--work-dir', work / 'resumed',
                '--resume', ckpt, '--cfg-options', 'train_cfg.max_iters=20',
                'train_cfg.val_interval=100'
            ],
                        check_rc=0)
            self.assertIn('resumed epoch: 0, iter: 10',
                          proc.stdout + proc.stderr)
            self.assertTrue((work / 'resumed' / 'iter_20.pth').is_file())


if __name__ == '__main__':
    unittest.main()
