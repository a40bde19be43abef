"""Tests of CampusDataset (VoxelPose layout): the fixture tree through the
registry and the mmpose mini files (skipped when absent)."""
import json
import os
import shutil
import tempfile
import unittest
from pathlib import Path

import numpy as np
import scipy.io

import projects.campus.campus  # noqa: F401  (registers CampusDataset)
from selfpose_mm.datasets import project_to_views
from selfpose_mm.registry import DATASETS
from tests.test_datasets.voxelpose_fixtures import (NUM_CAMS, NUM_DETS,
                                                    cv2_project,
                                                    write_voxelpose_tree)

ROOT = Path(__file__).resolve().parents[3]


def shared_data() -> Path:
    """``$SELFPOSE_SHARED_DATA`` or ``<repo>/../shared/data``."""
    env = os.environ.get('SELFPOSE_SHARED_DATA')
    return Path(env) if env else ROOT / '..' / 'shared' / 'data'


class TestCampusDatasetFixture(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        write_voxelpose_tree(Path(self.tmp))

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_build(self):
        ds = DATASETS.build(
            dict(type='CampusDataset', data_root=self.tmp,
                 calibration_file='calibration.json', pred_file='pred.pkl',
                 frame_ranges=[(3, 3), (0, 0)], actors=[0, 1]))
        self.assertEqual(type(ds).__name__, 'CampusDataset')
        np.testing.assert_array_equal(ds.frame_ids, [3, 0])
        s = ds[0]
        self.assertEqual((s['sequence'], s['frame_id']), ('campus', 3))
        np.testing.assert_array_equal(s['instance_ids'], [0])
        self.assertEqual(s['keypoints_2d'].shape,
                         (NUM_CAMS, NUM_DETS[:, 3].max(), 17, 2))
        # the default image size is Campus's, whatever the fixture
        np.testing.assert_array_equal(s['cameras'].image_size.numpy(),
                                      [[360, 288]] * NUM_CAMS)
        self.assertIn('campus.py', ds.metainfo['from_file'])


class TestCampusDatasetReal(unittest.TestCase):
    """mmpose's mini Campus files: 3 actors x 3 frames, 3 cameras, and a
    prediction pickle whose 15 entries are all empty lists."""

    def setUp(self):
        self.root = shared_data() / 'mmpose' / 'campus'
        if not (self.root / 'actorsGT.mat').is_file():
            self.skipTest(f'{self.root} not available')
        self.ds = DATASETS.build(
            dict(type='CampusDataset', data_root=str(self.root),
                 frame_ranges=[(0, 2)]))

    def test_samples(self):
        self.assertEqual(len(self.ds), 3)
        for f, s in enumerate(self.ds):
            self.assertEqual(s['frame_id'], f)
            np.testing.assert_array_equal(s['instance_ids'], [0])
            self.assertEqual(s['keypoints_3d'].shape, (1, 14, 3))
            self.assertTrue((s['keypoints_3d'][:, 13, 2] > 1500).all())
            self.assertEqual(s['keypoints_2d'].shape, (3, 0, 17, 2))
            self.assertEqual(s['keypoints_2d_scores'].shape, (3, 0, 17))
            self.assertEqual(s['camera_names'], ['0', '1', '2'])

    def test_samples_equal_actors_gt(self):
        """Values, read independently with scipy: the instances are exactly
        the actors with a (14, 3) entry at the frame, in metres -> mm."""
        actor3d = scipy.io.loadmat(str(self.root / 'actorsGT.mat'))['actor3D']
        for f, s in enumerate(self.ds):
            present = [a for a in range(actor3d.shape[1])
                       if actor3d[0, a][f, 0].shape == (14, 3)]
            np.testing.assert_array_equal(s['instance_ids'], present)
            ref = np.stack([actor3d[0, a][f, 0] for a in present]) * 1000.
            np.testing.assert_allclose(s['keypoints_3d'], ref, rtol=1e-6,
                                       atol=1e-3)

    def test_projection_matches_cv2(self):
        s = self.ds[0]
        uv, vis, _ = project_to_views(s['keypoints_3d'], s['cameras'])
        calib = json.loads(
            (self.root / 'calibration_campus.json').read_text())
        for v in range(3):
            ref = cv2_project(s['keypoints_3d'].reshape(-1, 3),
                              calib[str(v)])
            np.testing.assert_allclose(uv[v].reshape(-1, 2), ref, atol=1e-2)
        self.assertTrue(vis.any(-1).all())  # actor 1 is seen by all views


if __name__ == '__main__':
    unittest.main()
