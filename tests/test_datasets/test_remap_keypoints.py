"""RemapKeypoints2D: layouts, averaged joints, invalid sources, errors."""
import unittest

import numpy as np

from selfpose_mm.datasets.transforms import (BODY25_TO_PANOPTIC15,
                                             COCO17_TO_PANOPTIC15,
                                             RemapKeypoints2D)
from selfpose_mm.registry import TRANSFORMS


class TestRemapKeypoints2D(unittest.TestCase):

    def setUp(self):
        rng = np.random.default_rng(0)
        self.xy = rng.uniform(0, 500, (2, 3, 25, 2)).astype(np.float32)
        self.sc = rng.uniform(0.1, 1., (2, 3, 25)).astype(np.float32)

    def test_body25_to_panoptic15_by_name_matches_loop(self):
        t = TRANSFORMS.build(
            dict(type='RemapKeypoints2D', mapping='body25_to_panoptic15'))
        out = t(dict(keypoints_2d=np.concatenate(
            [self.xy, self.sc[..., None]], -1)))
        self.assertEqual(out['keypoints_2d'].shape, (2, 3, 15, 2))
        for j, src in enumerate(BODY25_TO_PANOPTIC15):  # brute force
            np.testing.assert_array_equal(out['keypoints_2d'][:, :, j],
                                          self.xy[:, :, src])
            np.testing.assert_array_equal(out['keypoints_2d_scores'][:, :, j],
                                          self.sc[:, :, src])

    def test_coco17_averages_neck_and_hips(self):
        xy, sc = self.xy[:, :, :17], self.sc[:, :, :17].copy()
        sc[0, 1, 6] = 0.  # right shoulder missing -> no neck there
        t = RemapKeypoints2D(COCO17_TO_PANOPTIC15, num_input_keypoints=17)
        out = t(dict(keypoints_2d=xy.copy(), keypoints_2d_scores=sc))
        kp, s = out['keypoints_2d'], out['keypoints_2d_scores']
        np.testing.assert_allclose(kp[1, 2, 0], (xy[1, 2, 5] + xy[1, 2, 6]) / 2,
                                   rtol=1e-6)
        self.assertAlmostEqual(float(s[1, 2, 0]),
                               float(min(sc[1, 2, 5], sc[1, 2, 6])))
        np.testing.assert_allclose(kp[0, 0, 2],
                                   (xy[0, 0, 11] + xy[0, 0, 12]) / 2,
                                   rtol=1e-6)
        self.assertEqual(float(s[0, 1, 0]), 0.)
        self.assertEqual(kp[0, 1, 0].tolist(), [0., 0.])
        self.assertEqual(float(s[0, 1, 9]), 0.)  # the r-shoulder itself

    def test_nan_joint_becomes_invalid(self):
        xy = self.xy.copy()
        xy[1, 0, 0] = np.nan  # BODY_25 nose -> Panoptic nose (1)
        out = RemapKeypoints2D('body25_to_panoptic15')(
            dict(keypoints_2d=xy, keypoints_2d_scores=self.sc))
        self.assertTrue(np.isfinite(out['keypoints_2d']).all())
        self.assertEqual(float(out['keypoints_2d_scores'][1, 0, 1]), 0.)

    def test_empty_frame(self):
        out = RemapKeypoints2D('body25_to_panoptic15')(
            dict(keypoints_2d=np.zeros((5, 0, 25, 3), np.float32)))
        self.assertEqual(out['keypoints_2d'].shape, (5, 0, 15, 2))
        self.assertEqual(out['keypoints_2d_scores'].shape, (5, 0, 15))

    def test_errors_name_the_fix(self):
        with self.assertRaisesRegex(KeyError, 'valid'):
            RemapKeypoints2D('body25_to_h36m')
        t = RemapKeypoints2D('body25_to_panoptic15', num_input_keypoints=25)
        with self.assertRaisesRegex(ValueError, 'expected 25'):
            t(dict(keypoints_2d=np.zeros((1, 1, 17, 3), np.float32)))
        with self.assertRaisesRegex(KeyError, 'keypoints_2d_scores'):
            t(dict(keypoints_2d=np.zeros((1, 1, 25, 2), np.float32)))


if __name__ == '__main__':
    unittest.main()
