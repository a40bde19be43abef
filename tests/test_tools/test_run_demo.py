"""``make demo`` (tools/run_demo.py) end to end at 21 iterations (the schedulers' warm-up is 20)."""
import json
import tempfile
import unittest
from pathlib import Path

import pytest

from tests.test_tools._run import run_tool


@pytest.mark.slow
class TestRunDemo(unittest.TestCase):

    def test_plane_heads_demo_chain(self):
        """Root stage, pose stage (loading the root stage's work dir), two
        evaluations, the table and the PNG, with the default plane heads."""
        with tempfile.TemporaryDirectory() as tmp:
            proc = run_tool([
                'tools/run_demo.py', '--work-dir', tmp, '--root-iters', '21',
                '--pose-iters', '21', '--val-samples', '2'
            ], timeout=900)
            wd = Path(tmp)
            table = (wd / 'results.md').read_text()
            self.assertIn('SelfPose3d SSL (root + pose nets)', table)
            self.assertIn('root-net SSL + untrained pose net', table)
            self.assertIn('total wall time', proc.stdout)
            metrics = json.loads((wd / 'metrics_ssl.json').read_text())
            self.assertIn('panoptic/recall@500', metrics)
            cfg = (wd / 'posenet').glob('*/vis_data/config.py')
            text = ''.join(p.read_text() for p in cfg)
            self.assertIn("type='OrthoPoseHead'", text)
            self.assertTrue((wd / 'posenet' / 'iter_21.pth').is_file())
