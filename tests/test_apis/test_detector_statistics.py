"""DetectorStatistics recovers the detector emulator's own parameters."""
import unittest

import numpy as np
from mmengine.registry import init_default_scope

from selfpose_mm.apis.detector_statistics import (DetectorStatistics,
                                                  fit_noise_model)
from selfpose_mm.datasets import SyntheticMultiViewDataset
from selfpose_mm.datasets.transforms.emulate_detections import \
    PANOPTIC15_FLIP

TRUE = dict(noise_px=2., noise_rel=0.01, outlier_prob=0.02, swap_prob=0.05,
            miss_joint_prob=0.1, drop_person_prob=0.15,
            false_positive_rate=0.4, score_mean=0.7, score_std=0.1)


class TestFitNoiseModel(unittest.TestCase):

    def test_recovers_affine_sigma(self):
        rng = np.random.default_rng(0)
        diag = rng.uniform(100, 600, 20000)
        sigma = 1.5 + 0.02 * diag
        # unbiased variance estimates: mean of two squared normal coords
        var = (rng.normal(size=(20000, 2))**2).mean(1) * sigma**2
        fit = fit_noise_model(diag, var)
        self.assertAlmostEqual(fit['noise_px'], 1.5, delta=0.5)
        self.assertAlmostEqual(fit['noise_rel'], 0.02, delta=0.002)

    def test_too_few(self):
        with self.assertRaisesRegex(ValueError, 'too few'):
            fit_noise_model(np.ones(3), np.ones(3))


class TestDetectorStatistics(unittest.TestCase):

    def test_recovers_emulator_parameters(self):
        init_default_scope('selfpose_mm')
        ds = SyntheticMultiViewDataset(
            num_samples=150,
            num_people=(2, 3),
            rig=dict(num_cameras=5),
            pipeline=[
                dict(type='ProjectPoses'),
                dict(type='EmulateDetections', occlusion=False, **TRUE)
            ])
        stats = DetectorStatistics(flip_indices=PANOPTIC15_FLIP)
        for i in range(len(ds)):
            r = ds[i]
            cams = r['cameras']
            # the GT people stand in for a reconstruction (label-free in
            # use: GeometricBaseline's output)
            stats.add(r['keypoints_2d'], r['keypoints_2d_scores'],
                      r['keypoints_3d'], cams, cams.image_size.numpy())
        s = stats.summary()
        self.assertAlmostEqual(s['miss_joint_prob'], 0.1, delta=0.02)
        self.assertAlmostEqual(s['drop_person_prob'], 0.15, delta=0.04)
        self.assertAlmostEqual(s['false_positive_rate'], 0.4, delta=0.12)
        # swaps of people seen from the side are invisible (lower bound)
        self.assertGreater(s['swap_prob'], 0.02)
        self.assertLess(s['swap_prob'], 0.06)
        self.assertAlmostEqual(s['score_mean'], 0.7, delta=0.02)
        self.assertAlmostEqual(s['score_std'], 0.1, delta=0.02)
        # outliers: offsets U(-0.25, 0.25)^2 diag; 87 % are above 0.1 diag
        self.assertAlmostEqual(s['outlier_prob'], 0.02 * 0.874, delta=0.006)
        mid = 300.
        self.assertAlmostEqual(
            s['noise_px'] + s['noise_rel'] * mid, 2. + 0.01 * mid,
            delta=0.6)


if __name__ == '__main__':
    unittest.main()
