"""BODY_25 -> Shelf-14 conversion with the 4D Association head rule."""
import unittest

import numpy as np

from selfpose_mm.evaluation.functional import (BODY25_TO_SHELF,
                                               body25_to_shelf14,
                                               shelf_campus_pcp, to_shelf14)


def upright_body25() -> np.ndarray:
    """A hand-built upright person (z up), right side at -x: facing -y."""
    p = np.zeros((25, 3))
    p[8] = (0, 0, 1000)  # mid-hip
    p[9], p[12] = (-100, 0, 1000), (100, 0, 1000)  # R/L hip
    p[1] = (0, 0, 1500)  # neck
    p[2], p[5] = (-200, 0, 1500), (200, 0, 1500)  # R/L shoulder
    p[17], p[18] = (-80, 0, 1650), (80, 0, 1650)  # R/L ear
    p[15], p[16] = (-40, -80, 1680), (40, -80, 1680)  # eyes
    p[0] = (0, -100, 1650)  # nose
    return p


class TestBody25ToShelf(unittest.TestCase):

    def test_body_joints_and_head_rule(self):
        p = upright_body25()
        s = body25_to_shelf14(p)
        self.assertEqual(s.shape, (14, 3))
        np.testing.assert_allclose(s[:12], p[list(BODY25_TO_SHELF)])
        bottom = ((p[2] + p[5]) / 2 + (p[17] + p[18]) / 2) / 2
        np.testing.assert_allclose(s[12], bottom)
        # facing = (neck - pelvis) x (R sho - L sho) = z x (-x) = -y
        np.testing.assert_allclose(s[13], bottom + (0, -125, 145))
        np.testing.assert_allclose(to_shelf14(p[None]), s[None])

    def test_fallbacks(self):
        p = upright_body25()
        p[17] = np.nan  # one ear: use the other one
        s = body25_to_shelf14(p)
        np.testing.assert_allclose(s[12], ((p[2] + p[5]) / 2 + p[18]) / 2)
        p[18] = np.nan  # no ears: eyes
        s = body25_to_shelf14(p)
        np.testing.assert_allclose(s[12],
                                   ((p[2] + p[5]) / 2 + (p[15] + p[16]) / 2)
                                   / 2)
        p[15:17] = np.nan  # no eyes: nose
        s = body25_to_shelf14(p)
        np.testing.assert_allclose(s[12], ((p[2] + p[5]) / 2 + p[0]) / 2)

    def test_pcp_with_body25_predictions(self):
        p = upright_body25()
        gt = body25_to_shelf14(p)
        out = shelf_campus_pcp([p[None]], [gt[None]], pred_layout='body25')
        self.assertEqual(out['average'], 1.0)
