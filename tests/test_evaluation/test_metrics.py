"""Metric classes give the numbers of the functional calls."""
from unittest import TestCase

import numpy as np
import torch
from mmengine.registry import init_default_scope
from mmengine.structures import BaseDataElement, InstanceData

from selfpose_mm.evaluation.functional import (keypoint_mpjpe, keypoint_mpjve,
                                               panoptic_ap_recall,
                                               shelf_campus_pcp)
from selfpose_mm.registry import METRICS


def make_sample(pred, gt, scores=None, visible=None, ids=None, **metainfo):
    """A data sample as MMEngine's evaluator hands it over (a dict)."""
    sample = BaseDataElement(metainfo=metainfo)
    pred_fields = dict(keypoints_3d=pred)
    if scores is not None:
        pred_fields['scores'] = scores
    gt_fields = dict(keypoints_3d=gt)
    if visible is not None:
        gt_fields['keypoints_3d_visible'] = visible
    if ids is not None:
        gt_fields['instance_ids'] = ids
    sample.pred_instances = InstanceData(**pred_fields)
    sample.gt_instances = InstanceData(**gt_fields)
    return sample.to_dict()


def shelf_pose(shift=(0., 0., 0.)):
    """A standing Shelf-14 pose in mm (z up), shifted by ``shift``."""
    pose = np.array([[-100, 0, 80], [-100, 0, 500], [-100, 0, 900],
                     [100, 0, 900], [100, 0, 500], [100, 0, 80],
                     [-250, 0, 900], [-220, 0, 1150], [-180, 0, 1400],
                     [180, 0, 1400], [220, 0, 1150], [250, 0, 900],
                     [0, 0, 1480], [0, 0, 1700]], dtype=float)
    return pose + np.asarray(shift)


def run_metric(cfg, samples):
    """Build a metric in the selfpose_mm scope and evaluate samples."""
    init_default_scope('selfpose_mm')
    metric = METRICS.build(cfg)
    for i in range(0, len(samples), 2):
        metric.process(None, samples[i:i + 2])
    return metric.evaluate(len(samples))


class TestMPJPEMetric(TestCase):

    def setUp(self):
        rng = np.random.default_rng(0)
        self.gt = rng.normal(size=(8, 17, 3)) * 200.
        self.pred = self.gt + rng.normal(size=(8, 17, 3)) * 20.
        self.vis = rng.random((8, 17)) > 0.1

    def test_matches_functional(self):
        samples = [
            make_sample(torch.tensor(self.pred[i:i + 1]), self.gt[i:i + 1],
                        visible=self.vis[i:i + 1]) for i in range(8)
        ]
        out = run_metric(
            dict(type='MPJPEMetric', modes=['mpjpe', 'p-mpjpe', 'n-mpjpe']),
            samples)
        self.assertEqual(set(out), {'MPJPE', 'P-MPJPE', 'N-MPJPE'})
        for key, align in [('MPJPE', 'none'), ('P-MPJPE', 'procrustes'),
                           ('N-MPJPE', 'scale')]:
            self.assertAlmostEqual(
                out[key],
                keypoint_mpjpe(self.pred, self.gt, self.vis, align),
                places=3)

    def test_action_mean(self):
        offsets = [10., 10., 10., 30.]
        actions = ['Walking 1', 'Walking 2', 'Walking', 'Jog 1']
        samples = [
            make_sample(self.gt[i:i + 1] + np.array([0., 0., o]),
                        self.gt[i:i + 1], action=a, subject='S1')
            for i, (o, a) in enumerate(zip(offsets, actions))
        ]
        out = run_metric(
            dict(type='MPJPEMetric', modes='mpjpe', group_by='action'),
            samples)
        self.assertAlmostEqual(out['MPJPE'], 20., places=4)
        self.assertAlmostEqual(out['MPJPE_frame'], 15., places=4)
        self.assertAlmostEqual(out['MPJPE_Walking'], 10., places=4)
        self.assertAlmostEqual(out['MPJPE_Jog'], 30., places=4)
        out = run_metric(
            dict(
                type='MPJPEMetric',
                modes='mpjpe',
                group_by='subject_action',
                prefix='humaneva'), samples)
        self.assertAlmostEqual(out['humaneva/MPJPE_S1_Walking'], 10.,
                               places=4)

    def test_root_index_and_missing_metainfo(self):
        samples = [make_sample(1.5 * self.gt[:2] + 100., self.gt[:2])]
        out = run_metric(
            dict(type='MPJPEMetric', modes='n-mpjpe', root_index=0), samples)
        self.assertAlmostEqual(out['N-MPJPE'], 0., places=3)
        with self.assertRaises(KeyError):
            run_metric(dict(type='MPJPEMetric', group_by='action'), samples)
        with self.assertRaises(KeyError):
            run_metric(dict(type='MPJPEMetric', modes='pck'), samples)

    def test_mpjve(self):
        pred, gt = self.pred, self.gt
        expected = keypoint_mpjve(pred, gt)
        # One sample holding the whole sequence.
        out = run_metric(
            dict(type='MPJPEMetric', modes=['mpjpe', 'mpjve']),
            [make_sample(pred, gt)])
        self.assertAlmostEqual(out['MPJVE'], expected, places=3)
        self.assertAlmostEqual(
            out['MPJPE'], keypoint_mpjpe(pred, gt), places=3)
        # Single frames, shuffled, chained by sequence and frame_id; a
        # second sequence with a constant offset adds zero-error steps.
        order = [3, 0, 7, 5, 1, 2, 6, 4]
        samples = [
            make_sample(pred[i:i + 1], gt[i:i + 1], sequence='cam0',
                        frame_id=i) for i in order
        ]
        samples += [
            make_sample(gt[i:i + 1] + 5., gt[i:i + 1], sequence='cam1',
                        frame_id=i) for i in range(8)
        ]
        out = run_metric(dict(type='MPJPEMetric', modes='mpjve'), samples)
        self.assertAlmostEqual(out['MPJVE'], expected / 2, places=3)


class TestPanopticAPMetric(TestCase):

    def test_matches_functional(self):
        rng = np.random.default_rng(1)
        preds, gts, scores, vis, samples = [], [], [], [], []
        for i in range(6):
            m = int(rng.integers(0, 4))
            n = int(rng.integers(0, 5))
            gt = rng.normal(size=(m, 15, 3)) * 200. + rng.uniform(
                -3000, 3000, size=(m, 1, 3))
            base = gt[rng.integers(0, m, n)] if m else np.zeros((n, 15, 3))
            pred = base + rng.normal(size=(n, 15, 3)) * rng.uniform(5, 80)
            sc = rng.random(n)
            v = rng.random((m, 15)) > 0.2
            preds.append(pred)
            gts.append(gt)
            scores.append(sc)
            vis.append(v)
            samples.append(
                make_sample(
                    torch.tensor(pred, dtype=torch.float32), gt,
                    scores=torch.tensor(sc), visible=v))
        out = run_metric(dict(type='PanopticAPMetric'), samples)
        ref = panoptic_ap_recall(preds, gts, scores, vis)
        for t in (25, 50, 75, 100, 125, 150):
            self.assertAlmostEqual(
                out[f'panoptic/AP@{t}'], 100 * ref[f'AP@{t}'], places=3)
            self.assertAlmostEqual(
                out[f'panoptic/recall@{t}'],
                100 * ref[f'recall@{t}'],
                places=3)
        self.assertAlmostEqual(out['panoptic/mAP'], 100 * ref['mAP'], 3)
        self.assertAlmostEqual(out['panoptic/recall@500'],
                               100 * ref['recall@500'], 3)
        self.assertAlmostEqual(out['panoptic/MPJPE'], ref['MPJPE'], 2)

    def test_perfect_and_empty(self):
        gt = np.random.default_rng(2).normal(size=(2, 15, 3)) * 200.
        samples = [
            make_sample(gt, gt, scores=np.array([0.9, 0.8])),
            make_sample(np.zeros((0, 15, 3)), np.zeros((0, 15, 3)),
                        scores=np.zeros(0)),
        ]
        out = run_metric(dict(type='PanopticAPMetric', eps=0.), samples)
        self.assertEqual(out['panoptic/AP@25'], 100.)
        self.assertEqual(out['panoptic/recall@500'], 100.)
        self.assertAlmostEqual(out['panoptic/MPJPE'], 0., places=4)


class TestPCPMetric(TestCase):

    def test_matches_functional_and_flag(self):
        gt = np.stack([shelf_pose(), shelf_pose((1500., 0., 0.))])
        wrong = gt.copy()
        wrong[0, 6] += np.array([500., 0., 0.])  # actor 1 R lower arm
        preds = [gt, wrong, np.zeros((0, 14, 3)), gt[:1]]
        gts = [gt, gt, gt, gt]
        ids = [np.array([0, 1])] * 4
        samples = [
            make_sample(p, g, ids=i) for p, g, i in zip(preds, gts, ids)
        ]
        out = run_metric(dict(type='PCPMetric', dataset_name='shelf'),
                         samples)
        ref = shelf_campus_pcp(preds, gts, ids)
        # Actor 1: 29 of 40 parts (one limb wrong, one frame missing).
        self.assertAlmostEqual(out['shelf/Actor 1'], 100 * 29 / 40, 4)
        # Actor 2: frame 3 matches actor 1's pose, 1500 mm away.
        self.assertAlmostEqual(out['shelf/Actor 2'], 100 * 20 / 40, 4)
        self.assertAlmostEqual(out['shelf/Actor 1'],
                               100 * ref['actor_pcp'][0], 4)
        self.assertTrue(np.isnan(out['shelf/Actor 3']))
        self.assertAlmostEqual(out['shelf/Average'], 100 * ref['average'],
                               4)
        self.assertAlmostEqual(out['shelf/recall@500'], 100 * 5 / 8, 4)
        emulated = run_metric(
            dict(type='PCPMetric', skip_frames_without_pred=True), samples)
        self.assertAlmostEqual(emulated['pcp/Actor 1'], 100 * 29 / 30, 4)
        self.assertAlmostEqual(emulated['pcp/Actor 2'], 100 * 20 / 30, 4)
