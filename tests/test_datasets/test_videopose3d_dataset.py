"""VideoPose3D npz datasets: formats, selection, subsets, chunks, windows
with edge padding, flip symmetry (2D, 3D and camera)."""
import tempfile
import unittest

import numpy as np
import torch

from selfpose_mm.datasets import VideoPose3DDataset
from selfpose_mm.datasets.transforms import (FlipVideoLifting,
                                             TemporalWindow, flip_camera)
from selfpose_mm.datasets.videopose3d import (chunk_bounds,
                                              deterministic_random,
                                              subset_slice)
from selfpose_mm.geometry import project_points
from selfpose_mm.setup_env import register_all_modules
from selfpose_mm.structures import MultiViewCameras
from .vp3d_fixtures import LENGTHS, shared_data, write_tiny_h36m

CODEC = dict(type='VideoLiftingLabel', num_keypoints=17)


def _pipeline(rf=27, flip=True):
    return [dict(type='TemporalWindow', receptive_field=rf)] + (
        [dict(type='FlipVideoLifting')] if flip else []) + [
            dict(type='EncodeVideoLifting', codec=CODEC),
            dict(type='PackVideoLiftingInputs')
        ]


class TestNpzHelpers(unittest.TestCase):

    def test_chunk_bounds_cover_video(self):
        for n in (1, 5, 27, 100):
            for c in (1, 2, 7, 50):
                b = chunk_bounds(n, c)
                self.assertEqual(len(b), -(-n // c))
                self.assertTrue(b[0][0] <= 0 and b[-1][1] >= n)
                self.assertTrue(all(e - s == c for s, e in b))
                self.assertTrue(
                    all(b[i][1] == b[i + 1][0] for i in range(len(b) - 1)))
                # values, brute force: every frame of the video is in
                # exactly one chunk, and the overhang is split with the
                # smaller half before frame 0 (VideoPose3D's generator)
                hits = np.zeros(n, int)
                for s, e in b:
                    hits[max(s, 0):min(e, n)] += 1
                np.testing.assert_array_equal(hits, 1)
                before, after = -b[0][0], b[-1][1] - n
                self.assertEqual(before + after, len(b) * c - n)
                self.assertIn(after - before, (0, 1))
        self.assertEqual(chunk_bounds(5, 2), [(0, 2), (2, 4), (4, 6)])
        self.assertEqual(chunk_bounds(4, 3), [(-1, 2), (2, 5)])

    def test_subset_is_deterministic_contiguous_block(self):
        sl = subset_slice(1000, 0.1)
        self.assertEqual(sl.stop - sl.start, 100)
        self.assertEqual(sl, subset_slice(1000, 0.1))  # same length, same
        self.assertTrue(0 <= sl.start <= 900)
        self.assertEqual(sl.start, deterministic_random(0, 901, '1000'))
        sl2 = subset_slice(1000, 0.1, downsample=4)
        self.assertEqual(len(range(1000)[sl2]), 25)
        self.assertEqual(subset_slice(10, 1., 3), slice(0, 10, 3))
        with self.assertRaises(ValueError):
            subset_slice(10, 0.)


class TestH36MFormat(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        register_all_modules()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.root = str(write_tiny_h36m(cls.tmp.name))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def _ds(self, **kw):
        args = dict(
            dataset_name='h36m', data_root=self.root,
            camera_param_file='cameras.pkl', subjects=['S1'],
            pipeline=_pipeline())
        args.update(kw)
        return VideoPose3DDataset(**args)

    def test_lengths_selection_and_doubling(self):
        frames = sum(LENGTHS.values()) * 4
        self.assertEqual(len(self._ds()), frames)
        ds = self._ds(flip_doubling=True)
        self.assertEqual(len(ds), 2 * frames)
        self.assertEqual(sum(ds.get_data_info(i)['flip']
                             for i in range(len(ds))), frames)
        ds = self._ds(actions=['Walk', 'Eat'], cameras=[0, '60457274'],
                      subjects=['S1', 'S5'])
        self.assertEqual(len(ds.sequences), 2 * 2 * 2)
        self.assertEqual(len(ds), 2 * 2 * (31 + 9))
        ds = self._ds(chunk_length=None)
        self.assertEqual(len(ds), 3 * 4)

    def test_32_to_17_and_truncation(self):
        ds = self._ds(actions=['Walking'])
        seq = ds.sequences[0]
        self.assertEqual(seq['keypoints_3d'].shape, (31, 17, 3))
        self.assertEqual(seq['keypoints_2d'].shape, (31, 17, 2))
        # the camera-frame 3D reprojects onto the 2D (real camera model)
        cam = seq['camera']
        uv = project_points(seq['keypoints_3d'], cam['K'], dist=cam['dist'],
                            dist_model=cam['dist_model'])
        self.assertLess(np.abs(uv - seq['keypoints_2d']).max(), 1e-2)

    def test_subset_same_window_for_all_cameras(self):
        ds = self._ds(actions=['Directions'], subset=0.5, with_3d=True)
        full = self._ds(actions=['Directions'])
        sl = subset_slice(40, 0.5)
        for s, f in zip(ds.sequences, full.sequences):
            self.assertEqual(s['length'], 20)
            np.testing.assert_array_equal(s['keypoints_2d'],
                                          f['keypoints_2d'][sl])

    def test_window_centre_and_edge_padding(self):
        ds = self._ds(actions=['Eating'], cameras=[0], pipeline=[])
        seq = ds.sequences[0]
        for idx in (0, 4, 8):
            info = ds.get_data_info(idx)
            out = TemporalWindow(27).transform(info)
            self.assertEqual(out['keypoints_2d'].shape, (27, 17, 2))
            np.testing.assert_array_equal(out['keypoints_2d'][13],
                                          seq['keypoints_2d'][idx])
            np.testing.assert_array_equal(out['keypoints_3d'][0],
                                          seq['keypoints_3d'][idx])
        out = TemporalWindow(27).transform(ds.get_data_info(0))
        np.testing.assert_array_equal(
            out['keypoints_2d'][:14],
            np.repeat(seq['keypoints_2d'][:1], 14, 0))
        # whole video: output length = video length
        ds = self._ds(actions=['Eating'], cameras=[0], chunk_length=None,
                      pipeline=_pipeline(81, flip=False))
        item = ds[0]
        self.assertEqual(tuple(item['inputs'].shape), (9 + 80, 17, 2))
        self.assertEqual(item['data_samples'].gt_instances.keypoints_3d.shape,
                         (9, 17, 3))

    def test_flip_symmetry_and_camera(self):
        """Reflected 3D projected by the flipped camera = flipped 2D, for
        both distortion models; flipping twice is the identity."""
        ds = self._ds(actions=['Directions'], cameras=[1], pipeline=[])
        for dist_model in ('h36m', 'opencv'):
            info = TemporalWindow(1).transform(ds.get_data_info(7))
            seq_cam = info['cameras']
            self.assertEqual(seq_cam.batch_shape, (1, ))
            # the same camera with another model and strong distortion
            cam = MultiViewCameras(
                K=seq_cam.K, R=seq_cam.R, t=seq_cam.t,
                dist=np.array([[-0.2, 0.24, 0.004, -0.006, -0.003]],
                              np.float32),
                image_size=seq_cam.image_size, dist_model=dist_model)
            info['cameras'] = cam
            K, dist = cam.K[0].numpy(), cam.dist[0].numpy()
            info['keypoints_2d'] = project_points(
                info['keypoints_3d'].astype(np.float64), K,
                dist=dist, dist_model=dist_model)
            info['flip'] = True
            flipped = FlipVideoLifting().transform(dict(info))
            fc = flipped['cameras']
            self.assertIsInstance(fc, MultiViewCameras)
            self.assertEqual(fc.dist_model, dist_model)
            uv = fc.to(torch.float64).project_camera_points(
                torch.as_tensor(flipped['keypoints_3d'],
                                dtype=torch.float64)[None])[0].numpy()
            np.testing.assert_allclose(uv, flipped['keypoints_2d'],
                                       atol=1e-6)
            # negative control: the unflipped camera does not match
            uv_bad = project_points(
                flipped['keypoints_3d'].astype(np.float64), K,
                dist=dist, dist_model=dist_model)
            self.assertGreater(np.abs(uv_bad - flipped['keypoints_2d']).max(),
                               1.)
            twice = FlipVideoLifting().transform(dict(flipped, flip=True))
            np.testing.assert_allclose(twice['keypoints_2d'],
                                       info['keypoints_2d'], atol=1e-9)
            np.testing.assert_allclose(twice['keypoints_3d'],
                                       info['keypoints_3d'], atol=1e-9)
            np.testing.assert_array_equal(twice['cameras'].K, cam.K)
            np.testing.assert_array_equal(twice['cameras'].dist, cam.dist)
            back = flip_camera(fc, float(info['image_size'][0]))
            np.testing.assert_allclose(back.K, cam.K, atol=1e-4)
            np.testing.assert_array_equal(back.dist, cam.dist)
        perm = ds.metainfo['flip_indices']
        self.assertEqual([perm[p] for p in perm], list(range(17)))
        self.assertEqual(ds.flip_indices_2d, perm)

    def test_packed_sample_and_normalisation(self):
        ds = self._ds(actions=['Eating'], cameras=[0], flip_doubling=True)
        item = ds[1]
        self.assertEqual(tuple(item['inputs'].shape), (27, 17, 2))
        s = item['data_samples']
        self.assertTrue(s.flip)
        lab = s.gt_instance_labels
        self.assertEqual(tuple(lab.lifting_target.shape), (1, 17, 3))
        self.assertEqual(float(lab.lifting_target[0, 0].abs().max()), 0.)
        # trajectory weight = 1 / z (metres)
        np.testing.assert_allclose(
            lab.trajectory_weight[0, 0].item(),
            1. / lab.trajectory_target[0, 0, 2].item(), rtol=1e-6)
        # screen-normalised input: centre frame equals the target 2D
        np.testing.assert_allclose(item['inputs'][13].numpy(),
                                   lab.keypoints_2d_target[0].numpy())
        w, h = s.image_size
        self.assertLess(float(item['inputs'].abs().max()), 1.)
        self.assertEqual((w, h), (1000., 1002.))

    def test_bad_subject_message(self):
        with self.assertRaisesRegex(KeyError, 'S2'):
            self._ds(subjects=['S2'])


class TestHumanEvaReal(unittest.TestCase):

    def test_counts_and_reprojection(self):
        root = shared_data()
        if root is None or not (root / 'humaneva_videopose3d').is_dir():
            self.skipTest('shared HumanEva data not found; set '
                          'SELFPOSE_SHARED_DATA')
        register_all_modules()
        he = root / 'humaneva_videopose3d'
        common = dict(
            dataset_name='humaneva15', data_root=str(he / 'data'),
            camera_param_file=str(
                he / 'humaneva_cameras_from_videopose3d.json'),
            actions=['Walk', 'Jog', 'Box'])
        train = VideoPose3DDataset(
            subjects=['Train/S1', 'Train/S2', 'Train/S3'],
            flip_doubling=True, **common)
        self.assertEqual(len(train), 20082)
        val = VideoPose3DDataset(
            subjects=['Validate/S1', 'Validate/S2', 'Validate/S3'],
            chunk_length=None, **common)
        self.assertEqual(len(val), 72)
        self.assertEqual(sum(s['length'] for s in val.sequences), 10569)
        errs = []
        for seq in val.sequences:
            cam = seq['camera']
            uv = project_points(seq['keypoints_3d'], cam['K'],
                                dist=cam['dist'], dist_model='opencv')
            errs.append(np.abs(uv - seq['keypoints_2d']).max())
        self.assertLess(max(errs), 0.5)  # px, distortion-aware camera
