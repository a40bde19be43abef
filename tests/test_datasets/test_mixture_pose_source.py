"""MixturePoseSource draws each person from one source by weight."""
import unittest

import numpy as np

from selfpose_mm.datasets.synthetic import (MixturePoseSource,
                                            build_pose_source)


class _Constant:
    """A source whose every joint coordinate is ``value``."""

    def __init__(self, value: float) -> None:
        self.value = value
        self.calls = 0

    def sample_clip(self, num, num_frames, rng, fps):
        self.calls += 1
        return np.full((num, num_frames, 15, 3), self.value)


class TestMixturePoseSource(unittest.TestCase):

    def test_weights(self):
        a, b = _Constant(1.), _Constant(2.)
        src = MixturePoseSource([a, b], weights=[3., 1.])
        rng = np.random.default_rng(0)
        clips = np.concatenate(
            [src.sample_clip(8, 4, rng, 30.) for _ in range(250)])
        self.assertEqual(clips.shape, (2000, 4, 15, 3))
        # every person is wholly from one source
        self.assertTrue((clips == clips[:, :1, :1, :1]).all())
        frac_a = (clips[:, 0, 0, 0] == 1.).mean()
        self.assertAlmostEqual(frac_a, 0.75, delta=0.03)
        # one call per source and batch, not per person
        self.assertLessEqual(a.calls + b.calls, 500)

    def test_zero_weight_and_config(self):
        src = build_pose_source(
            dict(type='MixturePoseSource',
                 sources=[dict(type='ProceduralPoseSource'),
                          _Constant(5.)],
                 weights=[0., 1.]))
        clips = src.sample_clip(3, 2, np.random.default_rng(1), 30.)
        self.assertTrue((clips == 5.).all())

    def test_bad_weights(self):
        with self.assertRaisesRegex(ValueError, 'non-negative'):
            MixturePoseSource([_Constant(1.)], weights=[1., 1.])
        with self.assertRaisesRegex(ValueError, 'at least one'):
            MixturePoseSource([])


if __name__ == '__main__':
    unittest.main()
