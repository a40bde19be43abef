"""Hand-computed checks of selfpose_mm.evaluation.functional."""
from unittest import TestCase

import numpy as np
import torch
from scipy.spatial.transform import Rotation

from selfpose_mm.evaluation.functional import (
    action_category, coco17_to_shelf14, group_average, keypoint_errors,
    keypoint_mpjpe, keypoint_mpjve, panoptic15_to_shelf14,
    panoptic_ap_recall, pcp_correct, shelf_campus_pcp, to_shelf14)


def shelf_pose(shift=(0., 0., 0.)) -> np.ndarray:
    """A plausible standing Shelf-14 pose in mm (z up)."""
    pose = np.array([
        [-100, 0, 80],  # 0 R-ankle
        [-100, 0, 500],  # 1 R-knee
        [-100, 0, 900],  # 2 R-hip
        [100, 0, 900],  # 3 L-hip
        [100, 0, 500],  # 4 L-knee
        [100, 0, 80],  # 5 L-ankle
        [-250, 0, 900],  # 6 R-wrist
        [-220, 0, 1150],  # 7 R-elbow
        [-180, 0, 1400],  # 8 R-shoulder
        [180, 0, 1400],  # 9 L-shoulder
        [220, 0, 1150],  # 10 L-elbow
        [250, 0, 900],  # 11 L-wrist
        [0, 0, 1480],  # 12 bottom-head
        [0, 0, 1700],  # 13 top-head
    ], dtype=float)
    return pose + np.asarray(shift)


class TestMPJPE(TestCase):

    def setUp(self):
        self.gt = np.random.default_rng(0).normal(size=(6, 17, 3)) * 200.

    def test_constant_offset(self):
        pred = self.gt + np.array([0., 6., 8.])
        self.assertAlmostEqual(keypoint_mpjpe(pred, self.gt), 10.)
        # A translation is removed by Procrustes alignment.
        self.assertAlmostEqual(
            keypoint_mpjpe(pred, self.gt, alignment='procrustes'), 0.,
            places=8)

    def test_mask(self):
        pred = self.gt.copy()
        pred[:, 0] += 1000.
        pred[:, 1] += np.array([10., 0., 0.])
        mask = np.ones((6, 17), dtype=bool)
        mask[:, 0] = False
        self.assertAlmostEqual(
            keypoint_mpjpe(pred, self.gt, mask), 10. / 16, places=10)
        self.assertTrue(
            np.isnan(keypoint_mpjpe(pred, self.gt, np.zeros_like(mask))))

    def test_p_mpjpe_of_similarity_copy(self):
        rot = Rotation.from_euler('zyx', [40, 10, -70],
                                  degrees=True).as_matrix()
        pred = 0.8 * self.gt @ rot.T + np.array([1000., 50., -3.])
        self.assertGreater(keypoint_mpjpe(pred, self.gt), 100.)
        self.assertAlmostEqual(
            keypoint_mpjpe(pred, self.gt, alignment='procrustes'), 0.,
            places=8)

    def test_n_mpjpe_of_scaled_copy(self):
        self.assertAlmostEqual(
            keypoint_mpjpe(1.3 * self.gt, self.gt, alignment='scale'), 0.,
            places=10)
        # Scale alignment does not remove a translation.
        self.assertGreater(
            keypoint_mpjpe(self.gt + 50., self.gt, alignment='scale'), 1.)

    def test_errors_shape_and_torch(self):
        errors = keypoint_errors(torch.tensor(self.gt) + 3., self.gt)
        self.assertEqual(errors.shape, (6, 17))
        np.testing.assert_allclose(errors, np.sqrt(27.))
        with self.assertRaises(ValueError):
            keypoint_errors(self.gt, self.gt, alignment='rigid')

    def test_mpjve(self):
        seq = np.cumsum(np.ones((5, 2, 3)), axis=0)
        self.assertEqual(keypoint_mpjve(seq + 10., seq), 0.)
        pred = seq.copy()
        pred[1, 0, 0] += 3.  # velocity errors 3 then 3 on joint 0
        self.assertAlmostEqual(keypoint_mpjve(pred[:3], seq[:3]), 1.5)
        self.assertTrue(np.isnan(keypoint_mpjve(seq[:1], seq[:1])))


class TestGrouped(TestCase):

    def test_frame_vs_action_mean(self):
        # Action A: 3 frames of 10 mm; action B: 1 frame of 30 mm.
        errors = np.array([10., 10., 10., 30.])[:, None].repeat(17, 1)
        out = group_average(errors, ['A', 'A', 'A', 'B'])
        self.assertAlmostEqual(out['frame_mean'], 15.)
        self.assertAlmostEqual(out['group_mean'], 20.)
        self.assertEqual(dict(out['groups']), {'A': 10., 'B': 30.})
        self.assertEqual(out['counts']['A'], 51)

    def test_action_category(self):
        self.assertEqual(action_category('Walking 1 chunk0'), 'Walking')
        self.assertEqual(action_category('Directions'), 'Directions')
        self.assertEqual(action_category('Sit_1', None), 'Sit_1')


class TestPanopticAP(TestCase):

    def setUp(self):
        rng = np.random.default_rng(0)
        self.gt = rng.normal(size=(2, 15, 3)) * 200. + np.array(
            [[[0., 0., 0.]], [[2000., 0., 0.]]])

    def test_perfect(self):
        gts = [self.gt, self.gt + 100.]
        out = panoptic_ap_recall(gts, gts, scores=[[0.9, 0.8], [0.7, 0.6]])
        for t in (25, 50, 75, 100, 125, 150):
            self.assertAlmostEqual(out[f'AP@{t}'], 1., places=4)
            self.assertAlmostEqual(out[f'recall@{t}'], 1., places=4)
        self.assertEqual(out['recall@500'], 1.)
        self.assertEqual(out['MPJPE'], 0.)
        exact = panoptic_ap_recall(gts, gts, eps=0.)
        self.assertEqual(exact['AP@25'], 1.)
        self.assertEqual(exact['mAP'], 1.)

    def test_duplicate_is_false_positive(self):
        gts = [self.gt[:1], self.gt[1:]]
        # Frame 0: a hit (0.9) and a duplicate (0.8); frame 1: a hit (0.7).
        preds = [np.concatenate([gts[0], gts[0] + 1.]), gts[1]]
        out = panoptic_ap_recall(
            preds, gts, scores=[[0.9, 0.8], [0.7]], eps=0.)
        # Sorted: TP, FP, TP -> precision (1, 1/2, 2/3), recall (.5, .5, 1);
        # AP = 0.5 * 1 + 0.5 * 2/3.
        self.assertAlmostEqual(out['AP@25'], 5. / 6.)
        self.assertEqual(out['recall@25'], 1.)
        self.assertEqual(out['recall@500'], 1.)
        # A duplicate ranked last adds an FP after full recall: VOC AP is 1.
        out = panoptic_ap_recall(
            preds, gts, scores=[[0.9, 0.1], [0.7]], eps=0.)
        self.assertAlmostEqual(out['AP@25'], 1.)

    def test_threshold(self):
        pred = self.gt + np.array([30., 0., 0.])
        out = panoptic_ap_recall([pred], [self.gt], eps=0.)
        self.assertEqual(out['AP@25'], 0.)
        self.assertEqual(out['recall@25'], 0.)
        self.assertEqual(out['AP@50'], 1.)
        self.assertAlmostEqual(out['MPJPE'], 30.)
        self.assertAlmostEqual(out['mAP'], 5. / 6.)

    def test_empty_frames(self):
        gts = [self.gt[:1], self.gt[1:], np.zeros((0, 15, 3))]
        preds = [gts[0], np.zeros((0, 15, 3)), self.gt[:1]]
        out = panoptic_ap_recall(preds, gts, scores=[[1.], [], [5.]], eps=0.)
        # Frame 2 has no GT: its prediction is ignored, not a false positive.
        self.assertEqual(out['num_gt'], 2)
        self.assertEqual(out['num_pred'], 1)
        self.assertAlmostEqual(out['AP@25'], 0.5)
        self.assertAlmostEqual(out['recall@500'], 0.5)
        none = panoptic_ap_recall([np.zeros((0, 15, 3))], [self.gt])
        self.assertEqual(none['AP@150'], 0.)
        self.assertEqual(none['MPJPE'], float('inf'))

    def test_nearest_gt_only(self):
        gt = np.stack([self.gt[0], self.gt[0] + np.array([40., 0., 0.])])
        # p0 hits GT 0; p1 is 15 mm from GT 0 and 25 mm from GT 1, so its
        # nearest GT is the claimed GT 0 and it is a false positive at 50.
        preds = [np.stack([gt[0], gt[0] + np.array([15., 0., 0.])])]
        out = panoptic_ap_recall(preds, [gt], scores=[[0.9, 0.8]], eps=0.)
        self.assertEqual(out['recall@50'], 0.5)
        self.assertEqual(out['recall@500'], 0.5)
        self.assertAlmostEqual(out['MPJPE'], 0.)

    def test_visibility(self):
        pred = self.gt.copy()
        pred[:, 3] += 1000.
        vis = np.ones((2, 15), dtype=bool)
        vis[:, 3] = False
        out = panoptic_ap_recall([torch.tensor(pred)], [self.gt],
                                 gt_visible=[vis], eps=0.)
        self.assertEqual(out['AP@25'], 1.)
        self.assertEqual(out['MPJPE'], 0.)
        # A GT without any visible joint (padding) is ignored.
        vis[1] = False
        out = panoptic_ap_recall([pred[:1]], [self.gt], gt_visible=[vis])
        self.assertEqual(out['num_gt'], 1)


class TestShelfJoints(TestCase):

    def test_coco_head_rule(self):
        coco = np.zeros((17, 3))
        coco[5] = [100., 0., 1400.]  # L shoulder
        coco[6] = [-100., 0., 1400.]  # R shoulder
        coco[0] = [0., 100., 1550.]  # nose
        coco[3] = [50., 0., 1550.]  # L ear
        coco[4] = [-50., 0., 1550.]  # R ear
        coco[16] = [-1., -2., -3.]  # R ankle
        shelf = coco17_to_shelf14(coco[None])[0]
        np.testing.assert_allclose(shelf[12], [0., 37.5, 1475.])
        np.testing.assert_allclose(shelf[13], [0., 56.25, 1625.])
        np.testing.assert_allclose(shelf[0], [-1., -2., -3.])
        np.testing.assert_allclose(shelf[8], coco[6])

    def test_panoptic_head_rule(self):
        pan = np.zeros((15, 3))
        pan[3] = [100., 0., 1400.]  # L shoulder
        pan[9] = [-100., 0., 1400.]  # R shoulder
        pan[1] = [0., 100., 1600.]  # nose
        pan[14] = [7., 7., 7.]  # R ankle
        shelf = panoptic15_to_shelf14(pan)
        # first (0, 50, 1500), ear estimate (0, 50, 1500)
        np.testing.assert_allclose(shelf[12], [0., 50., 1500.])
        # first (0, 75, 1700), ear estimate (0, 150, 1700)
        np.testing.assert_allclose(shelf[13], [0., 93.75, 1700.])
        np.testing.assert_allclose(shelf[0], [7., 7., 7.])
        self.assertEqual(to_shelf14(np.zeros((2, 17, 3))).shape, (2, 14, 3))
        with self.assertRaises(ValueError):
            to_shelf14(np.zeros((2, 16, 3)))


class TestPCP(TestCase):

    def setUp(self):
        self.gt = shelf_pose()

    def test_perfect(self):
        gts = [np.stack([shelf_pose(), shelf_pose((1000., 0., 0.))])] * 3
        out = shelf_campus_pcp(gts, gts, [np.array([0, 1])] * 3)
        np.testing.assert_allclose(out['actor_pcp'], [1., 1.])
        self.assertEqual(out['average'], 1.)
        self.assertEqual(out['recall@500'], 1.)
        self.assertEqual(out['actor_ids'], [0, 1])

    def test_average_endpoint_rule(self):
        limb = np.linalg.norm(self.gt[6] - self.gt[7])
        direction = np.array([1., 0., 0.])
        far = self.gt.copy()
        far[6] += 1.1 * limb * direction  # mean endpoint error 0.55 L
        near = self.gt.copy()
        near[6] += 0.9 * limb * direction  # 0.45 L: still correct
        self.assertFalse(pcp_correct(far, self.gt)[4])
        self.assertEqual(pcp_correct(far, self.gt).sum(), 9)
        self.assertTrue(pcp_correct(near, self.gt).all())
        out = shelf_campus_pcp([far[None], near[None]],
                               [self.gt[None], self.gt[None]])
        self.assertAlmostEqual(out['actor_pcp'][0], 19. / 20.)
        self.assertAlmostEqual(out['part_pcp'][0, 4], 0.5)
        self.assertAlmostEqual(out['bone_group_pcp']['Lower arms'][0], 0.75)

    def test_frames_without_prediction(self):
        gts = [self.gt[None]] * 3
        preds = [self.gt[None], np.zeros((0, 14, 3)), self.gt[None]]
        out = shelf_campus_pcp(preds, gts)
        self.assertAlmostEqual(out['actor_pcp'][0], 2. / 3.)
        self.assertAlmostEqual(out['recall@500'], 2. / 3.)
        self.assertEqual(out['num_frames_without_pred'], 1)
        ref = shelf_campus_pcp(preds, gts, skip_frames_without_pred=True)
        self.assertEqual(ref['actor_pcp'][0], 1.)
        self.assertEqual(ref['recall@500'], 1.)
        self.assertEqual(ref['num_skipped_frames'], 1)

    def test_no_one_to_one_and_nan(self):
        far_actor = shelf_pose((3000., 0., 0.))
        gt = np.stack([self.gt, far_actor])
        # Only actor 0 is predicted; actor 1 also picks that prediction.
        nan_pred = np.full((14, 3), np.nan)
        out = shelf_campus_pcp([np.stack([nan_pred, self.gt])], [gt],
                               [np.array([0, 1])])
        np.testing.assert_allclose(out['actor_pcp'], [1., 0.])
        self.assertEqual(out['average'], 0.5)
        self.assertEqual(out['recall@500'], 0.5)

    def test_coco_predictions(self):
        coco = np.zeros((17, 3))
        from selfpose_mm.evaluation.functional import COCO17_TO_SHELF
        coco[list(COCO17_TO_SHELF)] = self.gt[:12]
        coco[0] = [0., 50., 1560.]
        coco[3] = [40., 0., 1560.]
        coco[4] = [-40., 0., 1560.]
        out = shelf_campus_pcp([coco[None]], [self.gt[None]],
                               pred_layout='coco17')
        self.assertEqual(out['actor_pcp'][0], 1.)
