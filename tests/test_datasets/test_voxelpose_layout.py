"""Tests of the VoxelPose-layout readers, VoxelPoseLayoutDataset and
PosePoolSource on a tiny fixture tree and on the mmpose mini files."""
import pickle
import shutil
import tempfile
import unittest
from pathlib import Path

import numpy as np
import scipy.io

from selfpose_mm.datasets import (PosePoolSource, VoxelPoseLayoutDataset,
                                  project_to_views, read_actors_gt,
                                  read_pose_pool, read_voxelpose_predictions)
from selfpose_mm.datasets.synthetic import build_pose_source
from selfpose_mm.datasets.transforms import coco17_to_panoptic15
from tests.test_datasets._helpers import shared_data
from tests.test_datasets.voxelpose_fixtures import (IMAGE_SIZE, NUM_ACTORS,
                                                    NUM_CAMS, NUM_DETS,
                                                    NUM_FRAMES, PRESENT,
                                                    cv2_project,
                                                    write_voxelpose_tree)


class _Tree(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.root = Path(cls.tmp) / 'tree'
        cls.fx = write_voxelpose_tree(cls.root)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def dataset(self, **kwargs):
        cfg = dict(data_root=str(self.root),
                   calibration_file='calibration.json',
                   frame_ranges=[(0, NUM_FRAMES - 1)],
                   image_size=IMAGE_SIZE, pred_file='pred.pkl')
        cfg.update(kwargs)
        return VoxelPoseLayoutDataset(**cfg)


class TestReaders(_Tree):

    def test_actors_gt_round_trip_mm(self):
        poses, valid = read_actors_gt(str(self.root / 'actorsGT.mat'))
        self.assertEqual(poses.shape, (NUM_ACTORS, NUM_FRAMES, 14, 3))
        self.assertEqual(poses.dtype, np.float32)
        np.testing.assert_array_equal(valid, PRESENT)
        ref = (self.fx['gt_m'][PRESENT] * 1000.).astype(np.float32)
        np.testing.assert_array_equal(poses[PRESENT], ref)
        self.assertTrue((poses[~PRESENT] == 0).all())

    def _mat(self, name, **fields):
        path = str(Path(self.tmp) / name)
        scipy.io.savemat(path, fields)
        return path

    def test_actors_gt_errors(self):
        with self.assertRaisesRegex(KeyError, 'actor3D'):
            read_actors_gt(self._mat('no.mat', other=np.zeros(3)))
        cell = np.empty((1, 1), object)
        inner = np.empty((1, 1), object)
        inner[0, 0] = np.zeros((15, 3))
        cell[0, 0] = inner
        with self.assertRaisesRegex(ValueError, r'\(15, 3\).*\(14, 3\)'):
            read_actors_gt(self._mat('shape.mat', actor3D=cell))
        inner[0, 0] = np.full((14, 3), np.nan)
        with self.assertRaisesRegex(ValueError, 'NaN'):
            read_actors_gt(self._mat('nan.mat', actor3D=cell))
        with self.assertRaisesRegex(FileNotFoundError, 'missing.mat'):
            read_actors_gt(str(Path(self.tmp) / 'missing.mat'))

    def test_predictions(self):
        preds = read_voxelpose_predictions(str(self.root / 'pred.pkl'))
        self.assertEqual(set(preds), set(self.fx['preds']))
        for key, ref in self.fx['preds'].items():
            self.assertEqual(preds[key].shape, (len(ref), 17, 3))
            np.testing.assert_array_equal(preds[key],
                                          ref.astype(np.float32))
        self.assertEqual(preds[('0', 2)].shape, (0, 17, 3))

    def test_prediction_errors(self):
        def dump(name, obj):
            path = str(Path(self.tmp) / name)
            with open(path, 'wb') as f:
                pickle.dump(obj, f)
            return path

        with self.assertRaisesRegex(ValueError, 'cam>_<frame'):
            read_voxelpose_predictions(dump('k.pkl', {'cam0': []}))
        with self.assertRaisesRegex(ValueError, r'\(17, 3\)'):
            read_voxelpose_predictions(
                dump('s.pkl', {'0_1': [dict(pred=np.zeros((17, 2)))]}))
        with self.assertRaisesRegex(ValueError, '"pred"'):
            read_voxelpose_predictions(
                dump('p.pkl', {'0_1': [dict(kp=np.zeros((17, 3)))]}))

    def test_pose_pool(self):
        poses, vis = read_pose_pool(str(self.root / 'pool.pkl'))
        np.testing.assert_array_equal(
            poses, self.fx['pool_pose'].astype(np.float32))
        np.testing.assert_array_equal(vis, self.fx['pool_vis'])
        self.assertEqual(vis.dtype, bool)


class TestVoxelPoseLayoutDataset(_Tree):

    def test_samples(self):
        ds = self.dataset()
        self.assertEqual(len(ds), NUM_FRAMES)
        gt_mm = (self.fx['gt_m'] * 1000.).astype(np.float32)
        for f in range(NUM_FRAMES):
            s = ds[f]
            self.assertEqual((s['frame_id'], s['sample_idx']), (f, f))
            self.assertEqual(s['sequence'], 'tree')
            ids = np.flatnonzero(PRESENT[:, f])
            np.testing.assert_array_equal(s['instance_ids'], ids)
            np.testing.assert_array_equal(s['keypoints_3d'], gt_mm[ids, f])
            self.assertEqual(s['keypoints_3d_visible'].shape, (len(ids), 14))
            P = NUM_DETS[:, f].max()
            self.assertEqual(s['keypoints_2d'].shape, (NUM_CAMS, P, 17, 2))
            self.assertEqual(s['keypoints_2d_scores'].shape,
                             (NUM_CAMS, P, 17))
            for v in range(NUM_CAMS):
                ref = self.fx['preds'][(str(v), f)].astype(np.float32)
                n = len(ref)
                np.testing.assert_array_equal(s['keypoints_2d'][v, :n],
                                              ref[..., :2])
                np.testing.assert_array_equal(
                    s['keypoints_2d_scores'][v, :n], ref[..., 2])
                self.assertTrue((s['keypoints_2d_scores'][v, n:] == 0).all())
            self.assertEqual(s['camera_names'], ['0', '1', '2'])
            cams = s['cameras']
            self.assertEqual(cams.batch_shape, (NUM_CAMS, ))
            self.assertEqual(cams.dist_model, 'opencv')
            np.testing.assert_array_equal(cams.image_size.numpy(),
                                          [IMAGE_SIZE] * NUM_CAMS)

    def test_projection_matches_cv2(self):
        s = self.dataset(frame_ranges=[(0, 0)])[0]
        uv, _, _ = project_to_views(s['keypoints_3d'], s['cameras'])
        for v in range(NUM_CAMS):
            ref = cv2_project(s['keypoints_3d'].reshape(-1, 3),
                              self.fx['calib'][str(v)])
            np.testing.assert_allclose(uv[v].reshape(-1, 2), ref, atol=1e-2)

    def test_options(self):
        ds = self.dataset(frame_ranges=[(3, 3), (0, 1)], actors=[2, 0],
                          cameras=['2', '0'], sequence='seq')
        np.testing.assert_array_equal(ds.frame_ids, [3, 0, 1])
        s = ds[0]
        self.assertEqual((s['frame_id'], s['sequence']), (3, 'seq'))
        np.testing.assert_array_equal(s['instance_ids'], [2, 0])
        self.assertEqual(s['camera_names'], ['2', '0'])
        self.assertEqual(s['keypoints_2d'].shape, (2, 3, 17, 2))
        np.testing.assert_array_equal(ds[2]['instance_ids'], [0])
        no_files = self.dataset(gt_file=None, pred_file=None)[0]
        for key in ('keypoints_3d', 'instance_ids', 'keypoints_2d'):
            self.assertNotIn(key, no_files)
        empty = self.dataset(frame_ranges=[(2, 2)])[0]
        self.assertEqual(empty['keypoints_2d'].shape, (NUM_CAMS, 0, 17, 2))

    def test_errors(self):
        with self.assertRaisesRegex(ValueError, r'frames 0\.\.3.*frame_'):
            self.dataset(frame_ranges=[(0, 4)])
        with self.assertRaisesRegex(ValueError, r"'0_7'"):
            self.dataset(frame_ranges=[(7, 7)], gt_file=None)
        with self.assertRaisesRegex(ValueError, 'actors'):
            self.dataset(actors=[3])
        with self.assertRaisesRegex(ValueError, 'frame_ranges'):
            self.dataset(frame_ranges=[(2, 1)])
        with self.assertRaisesRegex(KeyError, 'cameras'):
            self.dataset(cameras=['5'])
        with self.assertRaisesRegex(FileNotFoundError, 'data_root'):
            self.dataset(data_root=str(Path(self.tmp) / 'nope'))


class TestPosePoolSource(_Tree):

    def test_clips(self):
        src = build_pose_source(
            dict(type='PosePoolSource', file=str(self.root / 'pool.pkl')))
        self.assertIsInstance(src, PosePoolSource)
        self.assertEqual(len(src.poses), 3)  # pose 3 misses a wrist
        rng = np.random.default_rng(0)
        clips = src.sample_clip(6, 4, rng, 30.)
        self.assertEqual(clips.shape, (6, 4, 15, 3))
        np.testing.assert_array_equal(clips, clips[:, :1].repeat(4, 1))
        np.testing.assert_allclose(clips[:, 0, 2, :2], 0., atol=1e-9)
        # a z rotation: heights and distances match one pool pose exactly
        ref = coco17_to_panoptic15(self.fx['pool_pose'][:3])
        for clip in clips[:, 0]:
            d = np.linalg.norm(clip[:, None] - clip[None], axis=-1)
            errs = [np.abs(clip[:, 2] - r[:, 2]).max() +
                    np.abs(d - np.linalg.norm(r[:, None] - r[None],
                                              axis=-1)).max() for r in ref]
            self.assertLess(min(errs), 1e-3)
        self.assertEqual(len(PosePoolSource(str(self.root / 'pool.pkl'),
                                            min_visible=12).poses), 4)

    def test_layout(self):
        coco = self.fx['pool_pose'][0]
        pan = coco17_to_panoptic15(coco)
        np.testing.assert_allclose(pan[0], (coco[5] + coco[6]) / 2)
        np.testing.assert_allclose(pan[2], (coco[11] + coco[12]) / 2)
        np.testing.assert_array_equal(pan[[1, 3, 5, 11, 14]],
                                      coco[[0, 5, 9, 10, 16]])

    def test_world_uses_it(self):
        from selfpose_mm.datasets import SyntheticMultiViewDataset
        ds = SyntheticMultiViewDataset(
            num_samples=2, clip_length=2, num_people=(2, 2),
            pose_source=dict(type='PosePoolSource',
                             file=str(self.root / 'pool.pkl')))
        people = ds.get_data_info(0)['keypoints_3d']
        self.assertEqual(people.shape[1:], (15, 3))
        # every person is a pool pose moved rigidly: its pairwise joint
        # distances equal one pool pose's (in the Panoptic-15 layout)
        ref = coco17_to_panoptic15(self.fx['pool_pose'][:3])
        ref_d = np.linalg.norm(ref[:, :, None] - ref[:, None], axis=-1)
        for p in people:
            d = np.linalg.norm(p[:, None] - p[None], axis=-1)
            self.assertLess(np.abs(d - ref_d).max(axis=(1, 2)).min(), 1e-3)


class TestRealMiniFiles(unittest.TestCase):
    """The mmpose mini files (skipped when the shared data is absent)."""

    def setUp(self):
        data = shared_data()
        if data is None or not (data / 'mmpose' / 'shelf').is_dir():
            self.skipTest('shared mmpose/shelf data not available')
        self.data = data

    def test_actors_gt(self):
        for name, A, present in (('shelf', 4, [0, 2]), ('campus', 3, [0])):
            poses, valid = read_actors_gt(
                str(self.data / 'mmpose' / name / 'actorsGT.mat'))
            self.assertEqual(poses.shape, (A, 3, 14, 3))
            np.testing.assert_array_equal(np.flatnonzero(valid.any(1)),
                                          present)
            self.assertTrue(valid[present].all())
            npy = self.data / 'mmpose_history' / name / 'actorsGT.npy'
            if npy.is_file():  # the same GT as a plain (A', F, 14, 3) m
                np.testing.assert_allclose(poses[present],
                                           np.load(npy) * 1000., atol=1e-3)

    def test_predictions_and_pool(self):
        preds = read_voxelpose_predictions(
            str(self.data / 'mmpose/shelf/pred_shelf_maskrcnn_hrnet_coco.pkl'))
        self.assertEqual(len(preds), 15)
        self.assertEqual(preds[('0', 1)].shape, (5, 17, 3))
        empty = read_voxelpose_predictions(str(
            self.data / 'mmpose/campus/pred_campus_maskrcnn_hrnet_coco.pkl'))
        self.assertTrue(all(v.shape == (0, 17, 3) for v in empty.values()))
        poses, vis = read_pose_pool(
            str(self.data / 'mmpose/shelf/panoptic_training_pose.pkl'))
        self.assertEqual(poses.shape, (3, 17, 3))
        # values, read independently with a plain pickle load
        shelf = self.data / 'mmpose' / 'shelf'
        with open(shelf / 'pred_shelf_maskrcnn_hrnet_coco.pkl', 'rb') as f:
            raw_preds = pickle.load(f)
        for key, people in raw_preds.items():
            cam, frame = key.rsplit('_', 1)
            ref = np.array([p['pred'] for p in people],
                           np.float32).reshape(-1, 17, 3)
            np.testing.assert_allclose(preds[(cam, int(frame))], ref,
                                       atol=1e-4)
        with open(shelf / 'panoptic_training_pose.pkl', 'rb') as f:
            raw_pool = pickle.load(f)
        np.testing.assert_allclose(
            poses, np.stack([d['pose'] for d in raw_pool]), atol=1e-3)
        self.assertEqual(len(vis), len(raw_pool))
        # z up, mm: ankles near the floor, nose about 1.5 m above
        self.assertTrue((poses[:, 15:, 2] < 250).all())
        self.assertTrue((poses[:, 0, 2] > 1300).all())
        # right-handed: (left - right shoulder) x up points to the face
        pan = coco17_to_panoptic15(poses)
        left = pan[:, 3] - pan[:, 9]
        forward = np.cross(left, [0., 0., 1.])
        face = pan[:, 1] - pan[:, 0]
        self.assertTrue(((forward * face).sum(-1) > 0).all())


if __name__ == '__main__':
    unittest.main()
