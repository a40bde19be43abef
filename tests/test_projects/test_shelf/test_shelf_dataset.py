"""Tests of ShelfDataset (VoxelPose layout): the fixture tree through the
registry and the mmpose mini files (skipped when absent)."""
import json
import os
import pickle
import shutil
import tempfile
import unittest
from pathlib import Path

import numpy as np
import scipy.io

import projects.shelf.shelf  # noqa: F401  (registers ShelfDataset)
from selfpose_mm.datasets import project_to_views
from selfpose_mm.registry import DATASETS
from tests.test_datasets.voxelpose_fixtures import (IMAGE_SIZE, NUM_CAMS,
                                                    NUM_FRAMES, PRESENT,
                                                    cv2_project,
                                                    write_voxelpose_tree)

ROOT = Path(__file__).resolve().parents[3]


def shared_data() -> Path:
    """``$SELFPOSE_SHARED_DATA`` or ``<repo>/../shared/data``."""
    env = os.environ.get('SELFPOSE_SHARED_DATA')
    return Path(env) if env else ROOT / '..' / 'shared' / 'data'


class TestShelfDatasetFixture(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.fx = write_voxelpose_tree(Path(self.tmp))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_build(self):
        ds = DATASETS.build(
            dict(type='ShelfDataset', data_root=self.tmp,
                 calibration_file='calibration.json', pred_file='pred.pkl',
                 frame_ranges=[(0, NUM_FRAMES - 1)], image_size=IMAGE_SIZE))
        self.assertEqual(type(ds).__name__, 'ShelfDataset')
        self.assertEqual(len(ds), NUM_FRAMES)
        s = ds[1]
        self.assertEqual((s['sequence'], s['frame_id']), ('shelf', 1))
        np.testing.assert_array_equal(s['instance_ids'],
                                      np.flatnonzero(PRESENT[:, 1]))
        np.testing.assert_array_equal(
            s['keypoints_3d'],
            (self.fx['gt_m'][PRESENT[:, 1], 1] * 1000.).astype(np.float32))
        self.assertEqual(s['keypoints_2d'].shape[0], NUM_CAMS)
        self.assertIn('shelf.py', ds.metainfo['from_file'])

    def test_defaults_need_the_test_frames(self):
        with self.assertRaisesRegex(ValueError, 'frame_ranges'):
            DATASETS.build(
                dict(type='ShelfDataset', data_root=self.tmp,
                     calibration_file='calibration.json', pred_file=None))


class TestShelfDatasetReal(unittest.TestCase):
    """mmpose's mini Shelf files: 4 actors x 3 frames, 5 cameras."""

    def setUp(self):
        self.root = shared_data() / 'mmpose' / 'shelf'
        if not (self.root / 'actorsGT.mat').is_file():
            self.skipTest(f'{self.root} not available')
        self.ds = DATASETS.build(
            dict(type='ShelfDataset', data_root=str(self.root),
                 frame_ranges=[(0, 2)]))

    def test_samples(self):
        self.assertEqual(len(self.ds), 3)
        for f, s in enumerate(self.ds):
            self.assertEqual(s['frame_id'], f)
            np.testing.assert_array_equal(s['instance_ids'], [0, 2])
            self.assertEqual(s['keypoints_3d'].shape, (2, 14, 3))
            # mm: the top of the head (joint 13) is 1.5-2 m up
            self.assertTrue((s['keypoints_3d'][:, 13, 2] > 1500).all())
            self.assertEqual(s['camera_names'], ['0', '1', '2', '3', '4'])
            np.testing.assert_array_equal(s['cameras'].image_size.numpy(),
                                          [[1032, 776]] * 5)
        self.assertEqual(self.ds[1]['keypoints_2d'].shape, (5, 5, 17, 2))
        self.assertTrue((self.ds[0]['keypoints_2d_scores'][0, 3:] == 0).all())

    def test_samples_equal_the_raw_files(self):
        """Values, read independently: actor3D (m) from scipy, detections
        from a plain pickle load, padded with zeros per view."""
        actor3d = scipy.io.loadmat(str(self.root / 'actorsGT.mat'))['actor3D']
        with open(self.root / 'pred_shelf_maskrcnn_hrnet_coco.pkl',
                  'rb') as f:
            preds = pickle.load(f)
        for f, s in enumerate(self.ds):
            ref = np.stack([actor3d[0, a][f, 0] for a in s['instance_ids']])
            np.testing.assert_allclose(s['keypoints_3d'], ref * 1000.,
                                       rtol=1e-6, atol=1e-3)
            for v in range(5):
                people = preds[f'{v}_{f}']
                n = len(people)
                det = np.stack([np.asarray(p['pred']) for p in people])
                np.testing.assert_allclose(s['keypoints_2d'][v, :n],
                                           det[..., :2], atol=1e-3)
                np.testing.assert_allclose(s['keypoints_2d_scores'][v, :n],
                                           det[..., 2], atol=1e-6)
                self.assertTrue((s['keypoints_2d_scores'][v, n:] == 0).all())

    def test_projection(self):
        """cv2 with the json's R, T, f, c and the file's own actor2D agree
        with our cameras' projection."""
        s = self.ds[0]
        uv, _, _ = project_to_views(s['keypoints_3d'], s['cameras'])
        calib = json.loads((self.root / 'calibration_shelf.json').read_text())
        actor2d = scipy.io.loadmat(str(self.root / 'actorsGT.mat'))['actor2D']
        for v in range(5):
            ref = cv2_project(s['keypoints_3d'].reshape(-1, 3),
                              calib[str(v)])
            np.testing.assert_allclose(uv[v].reshape(-1, 2), ref, atol=1e-2)
        for j, aid in enumerate(s['instance_ids']):
            ann = np.stack([np.asarray(a) for a in
                            actor2d[0, aid][0, 0].ravel()])  # (5, 14, 2)
            np.testing.assert_allclose(uv[:, j], ann, atol=0.1)


if __name__ == '__main__':
    unittest.main()
