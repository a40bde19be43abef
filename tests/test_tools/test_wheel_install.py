"""The wheel works outside the checkout: metas, registration, a model.

Builds a wheel from a copy of the sources (so the checkout gets no
``build/``), installs it with ``pip install --no-deps --target``, then in a
subprocess whose working directory is outside the checkout and whose
``PYTHONPATH`` is the target plus the interpreter's site-packages (an
editable install's finder is dropped), imports selfpose_mm, builds
a dataset meta, registers everything and builds a model and a dataset.
"""
import os
import shutil
import site
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

_CHECK = r'''
import sys
# no editable-install finder: only the wheel's target may provide it
sys.meta_path[:] = [f for f in sys.meta_path
                    if 'editable' not in repr(f).lower()]
import selfpose_mm
assert selfpose_mm.__file__.startswith(sys.argv[1]), selfpose_mm.__file__
from selfpose_mm.utils import get_dataset_meta, register_all_modules
meta = get_dataset_meta('shelf')
assert meta['num_keypoints'] == 14, meta['num_keypoints']
assert get_dataset_meta('panoptic_body3d')['num_keypoints'] == 15
register_all_modules()
import selfpose_mm.apis  # noqa: F401
from selfpose_mm.registry import DATASETS, MODELS
model = MODELS.build(dict(
    type='SingleFrameLifter',
    backbone=dict(type='MLPLifterBackbone', in_channels=30, channels=16,
                  num_blocks=1, dropout=0.),
    head=dict(type='LiftingRegressionHead', in_channels=16, num_joints=15,
              loss=dict(type='MPJPELoss', use_target_weight=True),
              decoder=dict(type='PinholeLiftingLabel', num_keypoints=15,
                           root_index=2))))
ds = DATASETS.build(dict(type='SyntheticMultiViewDataset', num_samples=2))
assert ds.metainfo['from_file'].startswith(sys.argv[1]), ds.metainfo
print('OK', type(model).__name__, len(ds))
'''


@pytest.mark.slow
class TestWheelOutsideCheckout(unittest.TestCase):

    def test_wheel_installs_and_builds(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            src = tmp / 'src'
            src.mkdir()
            for name in ('setup.py', 'README.md'):
                shutil.copy(REPO / name, src / name)
            shutil.copytree(REPO / 'requirements', src / 'requirements')
            shutil.copytree(
                REPO / 'selfpose_mm',
                src / 'selfpose_mm',
                ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
            pip = [sys.executable, '-m', 'pip', '-q']
            subprocess.run([
                *pip, 'wheel', '--no-deps', '--no-build-isolation', '-w',
                str(tmp / 'dist'),
                str(src)
            ],
                           check=True,
                           cwd=tmp,
                           capture_output=True)
            wheels = list((tmp / 'dist').glob('selfpose_mm-*.whl'))
            self.assertEqual(len(wheels), 1)
            target = tmp / 'target'
            subprocess.run([
                *pip, 'install', '--no-deps', '--target',
                str(target),
                str(wheels[0])
            ],
                           check=True,
                           capture_output=True)
            self.assertTrue(
                (target / 'selfpose_mm' / 'dataset_meta' / 'shelf.py').is_file())
            run_dir = tmp / 'elsewhere'
            run_dir.mkdir()
            env = dict(
                os.environ,
                OMP_NUM_THREADS='1',
                PYTHONPATH=os.pathsep.join([str(target)] +
                                           site.getsitepackages()))
            proc = subprocess.run(
                [sys.executable, '-c', _CHECK,
                 str(target)],
                cwd=run_dir,
                env=env,
                capture_output=True,
                text=True,
                timeout=300)
            self.assertEqual(proc.returncode, 0, proc.stderr[-4000:])
            self.assertIn('OK SingleFrameLifter 2', proc.stdout)


if __name__ == '__main__':
    unittest.main()
