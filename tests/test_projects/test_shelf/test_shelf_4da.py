"""Tests of the Shelf project: 4DA readers, PAF grouping, the dataset on a
tiny fixture tree, and a smoke run on the real data (skipped if absent)."""
import json
import os
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope

from projects.shelf.shelf import (BODY25_PAF_PAIRS, GroupCandidatesByPAF,
                                  read_4da_detections, read_4da_gt)
from selfpose_mm.datasets.synthetic import ProceduralBody
from selfpose_mm.evaluation.functional import pcp_correct, to_shelf14
from selfpose_mm.geometry import project_points, ring_rig
from selfpose_mm.registry import DATASETS, METRICS, MODELS

ROOT = Path(__file__).resolve().parents[3]
CONFIG = ROOT / 'projects/shelf/configs/geometric-baseline_shelf-4da.py'
W, H = 1032, 776
#: BODY_25 index of each Panoptic-15 joint of the procedural body.
PAN_TO_B25 = (1, 0, 8, 5, 6, 7, 12, 13, 14, 2, 3, 4, 9, 10, 11)
#: Panoptic-15 index of Shelf joints 0..11 (as PANOPTIC15_TO_SHELF).
PAN_TO_SHELF = (14, 13, 12, 6, 7, 8, 11, 10, 9, 3, 4, 5)


def shared_data() -> Path:
    """``<repo>/../shared/data`` or ``$SELFPOSE_SHARED_DATA``."""
    env = os.environ.get('SELFPOSE_SHARED_DATA')
    return Path(env) if env else ROOT / '..' / 'shared' / 'data'


def _mat(rows) -> str:
    return '\n'.join(' '.join(f'{v:.6f}' for v in r) for r in rows) + '\n'


def write_fixture(root: Path, num_frames: int = 2, seed: int = 0):
    """A 4-camera 4DA tree with 2 procedural people per frame; detections
    are their noise-free projections with PAF 0.9 within a person and 0
    across people (plus one stray nose candidate)."""
    rng = np.random.default_rng(seed)
    cams = ring_rig(4, radius=4000., image_size=(W, H), focal=900.)
    calib = {}
    for v, c in enumerate(cams):
        RT = np.concatenate([c['R'], c['t'][:, None] / 1000.], 1)
        calib[str(v)] = dict(K=c['K'].ravel().tolist(),
                             RT=RT.ravel().tolist(), imgSize=[W, H])
    (root / 'calibration.json').write_text(json.dumps(calib))
    people = [ProceduralBody().sample(2, rng, np.array([[-600., 0.],
                                                        [700., 300.]]))
              for _ in range(num_frames)]
    gt = [f'15\t{num_frames}\n']
    for f, ppl in enumerate(people):
        gt.append(f'{len(ppl)}\n')
        for pid, p in enumerate(ppl):
            shelf = np.concatenate([p[list(PAN_TO_SHELF)], p[[1]], p[[1]],
                                    p[[2]]]) / 1000.
            rows = np.concatenate([shelf.T, np.ones((1, 15))])
            gt.append(f'{pid * 2}\n' + _mat(rows))
    (root / 'gt.txt').write_text(''.join(gt))
    (root / 'detection').mkdir()
    for v, c in enumerate(cams):
        out = [f'4\t{num_frames}\n']
        for ppl in people:
            uv = project_points(
                torch.as_tensor(ppl.reshape(-1, 3)), torch.as_tensor(c['K']),
                torch.as_tensor(c['R']), torch.as_tensor(c['t']),
                torch.as_tensor(c['dist'])).numpy().reshape(2, 15, 2)
            cand = [[] for _ in range(25)]  # (x/W, y/H, score, person)
            for pid in range(2):
                for pj, bj in enumerate(PAN_TO_B25):
                    cand[bj].append(
                        (uv[pid, pj, 0] / W, uv[pid, pj, 1] / H, 0.9, pid))
            cand[0].append((0.5, 0.5, 0.4, -1))  # a stray candidate
            for c_j in cand:
                out.append(f'{len(c_j)}\n')
                if c_j:
                    out.append(_mat(np.array(c_j)[:, :3].T))
            for a, b in BODY25_PAF_PAIRS:
                if cand[a] and cand[b]:
                    pa = np.array([x[3] for x in cand[a]])
                    pb = np.array([x[3] for x in cand[b]])
                    paf = 0.9 * ((pa[:, None] == pb[None]) & (pa[:, None]
                                                              >= 0))
                    out.append(_mat(paf))
        (root / 'detection' / f'{v}.txt').write_text(''.join(out))
    return people


class TestShelf4DA(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        init_default_scope('selfpose_mm')
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = Path(cls.tmp.name)
        cls.people = write_fixture(cls.root)
        cls.cfg = Config.fromfile(str(CONFIG))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_readers(self):
        J, frames = read_4da_gt(self.root / 'gt.txt')
        self.assertEqual((J, len(frames)), (15, 2))
        ids, joints = frames[0]
        np.testing.assert_array_equal(ids, [0, 2])
        self.assertEqual(joints.shape, (2, 15, 4))
        np.testing.assert_allclose(joints[0, 14, :3], self.people[0][0, 2],
                                   atol=1e-2)  # mm, mid-hip
        dets = read_4da_detections(self.root / 'detection' / '0.txt')
        self.assertEqual(len(dets), 2)
        self.assertEqual(len(dets[0]['candidates']), 25)
        self.assertEqual(dets[0]['candidates'][0].shape, (3, 3))
        self.assertEqual(dets[0]['pafs'][15].shape, (2, 3))  # neck-nose
        bad = self.root / 'bad.txt'
        bad.write_text('4 1\n2\n0.1 0.2\n')
        with self.assertRaisesRegex(ValueError, 'ends early'):
            read_4da_detections(bad)

    def test_dataset_and_grouping(self):
        ds_cfg = self.cfg.test_dataloader.dataset.copy()
        ds_cfg.data_root = str(self.root)
        ds = DATASETS.build(ds_cfg)
        self.assertEqual(len(ds), 2)
        info = ds.get_data_info(1)
        self.assertEqual(info['frame_id'], 301)
        self.assertEqual(tuple(info['cameras'].K.shape), (4, 3, 3))
        sample = ds[0]
        inputs = sample['inputs']
        self.assertEqual(tuple(inputs.shape), (4, 2, 25, 3))  # stray dropped
        ds_meta = sample['data_samples']
        self.assertEqual(ds_meta.gt_instances.keypoints_3d.shape, (2, 14, 3))
        np.testing.assert_array_equal(ds_meta.gt_instances.instance_ids,
                                      [0, 2])
        # pixels, and each grouped person is one procedural person
        uv = inputs[0, :, 8, :2].numpy()  # mid-hips of view 0
        self.assertTrue((uv[:, 0] > 1).all() and (uv[:, 0] < W).all())
        self.assertEqual(((inputs[..., 2] > 0).sum(-1) == 15).sum(), 8)

    def test_group_by_paf_merge_rule(self):
        # two fragments of one person joined by a later PAF, and a pair that
        # would give a person two necks (rejected)
        t = GroupCandidatesByPAF(paf_pairs=[(0, 1), (2, 3), (1, 2)],
                                 min_joints=1)
        cands = [np.array([[0.1, 0.1, 1.]]), np.array([[0.2, 0.2, 1.]]),
                 np.array([[0.3, 0.3, 1.]]), np.array([[0.4, 0.4, 1.]])]
        pafs = [np.array([[0.9]]), np.array([[0.8]]), np.array([[0.5]])]
        out = t(dict(candidates=[cands], pafs=[pafs],
                     image_size=np.array([[10., 10.]])))['keypoints_2d']
        self.assertEqual(out.shape, (1, 1, 4, 3))
        np.testing.assert_allclose(out[0, 0, :, 0], [1., 2., 3., 4.])

    def test_end_to_end_fixture(self):
        ds_cfg = self.cfg.test_dataloader.dataset.copy()
        ds_cfg.data_root = str(self.root)
        ds = DATASETS.build(ds_cfg)
        # the fixture's frames are independent poses: no temporal filter
        model = MODELS.build(dict(self.cfg.model, temporal_cfg=None))
        for i in range(len(ds)):
            s = ds[i]
            out = model.forward([s['inputs']], [s['data_samples']])[0]
            pred = to_shelf14(out.pred_instances.keypoints_3d.numpy(),
                              'body25')
            self.assertEqual(len(pred), 2)
            gt = s['data_samples'].gt_instances.keypoints_3d
            best = np.linalg.norm(gt[:, None, :12] - pred[None, :, :12],
                                  axis=-1).mean(-1).argmin(1)
            err = np.linalg.norm(gt[:, :12] - pred[best, :12], axis=-1)
            self.assertLess(err.max(), 5.)  # mm, noise-free detections
            # all limbs and the torso are correct (the head is synthesised)
            self.assertTrue(pcp_correct(pred[best], gt)[:, [0, 1, 2, 3, 4,
                                                            5, 6, 7, 9]]
                            .all())

    def test_real_shelf_smoke(self):
        root = shared_data() / '4d_association' / 'data' / 'shelf'
        if not (root / 'gt.txt').is_file():
            self.skipTest(f'real Shelf data not found under {root}')
        ds_cfg = self.cfg.test_dataloader.dataset.copy()
        ds_cfg.data_root = str(root)
        ds_cfg.frame_range = (0, 20)
        ds = DATASETS.build(ds_cfg)
        self.assertEqual(len(ds), 20)
        model = MODELS.build(self.cfg.model)
        metric = METRICS.build(self.cfg.test_evaluator)
        for i in range(len(ds)):
            s = ds[i]
            out = model.forward([s['inputs']], [s['data_samples']])
            metric.process({}, [o.to_dict() for o in out])
        res = metric.compute_metrics(metric.results)
        self.assertGreater(res['Average'], 90.)
        self.assertEqual(res['recall@500'], 100.)
