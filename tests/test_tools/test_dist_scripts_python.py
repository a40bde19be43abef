"""tools/dist_*.sh pick $PYTHON, else <repo>/.venv/bin/python, else python3."""
import os
import shutil
import stat
import subprocess
import tempfile
import unittest
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _fake(path: Path, tag: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\necho {tag} "$@"\n')
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.mark.slow
@unittest.skipIf(shutil.which('bash') is None, 'needs bash')
class TestDistScriptsInterpreter(unittest.TestCase):

    def _run(self, root: Path, script: str, env_python=None) -> str:
        env = {k: v for k, v in os.environ.items() if k != 'PYTHON'}
        env['PATH'] = f'{root / "bin"}{os.pathsep}{env["PATH"]}'
        if env_python:
            env['PYTHON'] = env_python
        args = ['cfg.py', 'ckpt.pth', '1'] if 'test' in script else [
            'cfg.py', '1'
        ]
        out = subprocess.run(['bash', str(root / 'tools' / script), *args],
                             env=env,
                             capture_output=True,
                             text=True,
                             check=True)
        return out.stdout

    def test_interpreter_choice(self):
        for script in ('dist_train.sh', 'dist_test.sh'):
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp)
                (root / 'tools').mkdir()
                shutil.copy(REPO / 'tools' / script, root / 'tools' / script)
                _fake(root / 'bin' / 'python3', 'SYSTEM')
                self.assertTrue(
                    self._run(root, script).startswith(
                        'SYSTEM -m torch.distributed.run'))
                _fake(root / '.venv' / 'bin' / 'python', 'VENV')
                out = self._run(root, script)
                self.assertTrue(out.startswith('VENV -m torch.distributed'))
                self.assertIn('--launcher pytorch', out)
                _fake(root / 'explicit', 'EXPLICIT')
                self.assertTrue(
                    self._run(root, script,
                              str(root / 'explicit')).startswith('EXPLICIT'))


if __name__ == '__main__':
    unittest.main()
