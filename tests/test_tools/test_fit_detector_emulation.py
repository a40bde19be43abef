"""tools/analysis/fit_detector_emulation.py on the real Shelf detections
(skipped without ../shared/data)."""
import json
import tempfile
import unittest
from pathlib import Path

import pytest

from tests.test_datasets._helpers import shared_data
from tests.test_tools._run import run_tool

SHELF = None if shared_data() is None else (
    shared_data() / '4d_association' / 'data' / 'shelf')


@pytest.mark.slow
@unittest.skipUnless(SHELF is not None and SHELF.is_dir(),
                     'needs ../shared/data/4d_association (real Shelf)')
class TestFitDetectorEmulation(unittest.TestCase):

    def test_real_shelf_first_frames(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / 'stats.json'
            proc = run_tool([
                'tools/analysis/fit_detector_emulation.py',
                'projects/shelf/configs/geometric-baseline_shelf-4da.py',
                '--remap', 'body25_to_panoptic15', '--max-frames', '20',
                '--out', str(out), '--cfg-options',
                f'test_dataloader.dataset.data_root={SHELF}'
            ], timeout=600)
            s = json.loads(out.read_text())
        self.assertIn("'type': 'EmulateDetections'", proc.stdout)
        c = s['counts']
        self.assertEqual(c['frames'], 20)
        self.assertEqual(c['views'], 100)
        # the rates are the counts' ratios
        self.assertAlmostEqual(s['miss_joint_prob'],
                               c['joints_missed'] / c['joints_inside'])
        self.assertAlmostEqual(s['false_positive_rate'], c['fp'] / 100)
        # OpenPose on Shelf: a few pixels of noise, most joints found
        sigma = s['noise_px'] + s['noise_rel'] * 400.
        self.assertGreater(sigma, 1.)
        self.assertLess(sigma, 20.)
        self.assertLess(s['miss_joint_prob'], 0.3)


if __name__ == '__main__':
    unittest.main()
