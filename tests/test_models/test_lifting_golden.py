"""The lifting estimators, heads and codecs give bit-identical numbers to
the revision before the ``BaseLifter`` / ``BaseKeypointCodec`` refactor
(issue 17): losses, ``tensor`` outputs and predictions on tiny fixed
batches, and the state-dict key names (checkpoints keep loading)."""
import unittest

import numpy as np

from tests.test_models.lifting_golden_cases import GOLDEN, run_cases


class TestLiftingGolden(unittest.TestCase):

    def test_bit_identical_to_pre_refactor(self):
        expected = np.load(GOLDEN)
        got = run_cases()
        self.assertEqual(sorted(got), sorted(expected.files))
        for key in expected.files:
            with self.subTest(key=key):
                np.testing.assert_array_equal(got[key], expected[key])
                self.assertEqual(got[key].dtype, expected[key].dtype)
