import json
import os
import pickle
import tempfile
import unittest

import cv2
import numpy as np
import pytest
import torch
from mmengine.registry import init_default_scope

from selfpose_mm.datasets import (load_pseudo_npz, pseudo_records_to_npz,
                                  restricted_pickle_load, save_pseudo_npz)
from selfpose_mm.datasets.synthetic import ProceduralBody
from selfpose_mm.geometry import PANOPTIC_TO_VOXELPOSE, ring_rig
from selfpose_mm.registry import DATASETS
from tests.test_datasets._helpers import heatmap_pipeline, shared_data
from tests.test_datasets.test_synthetic_world import check_contract

CAMS = ['00_03', '00_06', '00_12', '00_13', '00_23']
SCALE = 0.1  # the test images are 192x108 instead of 1920x1080
SEQ = '160906_band1'


def _calibration_entries():
    root = shared_data()
    path = None if root is None else (root / 'mmpose_history' /
                                      'panoptic_body3d' / SEQ /
                                      f'calibration_{SEQ}.json')
    if path is not None and path.is_file():
        cams = {c['name']: c for c in json.load(open(path))['cameras']}
        return [cams[n] for n in CAMS]
    out = []  # synthetic fallback, expressed in Panoptic axes and cm
    for n, c in zip(CAMS, ring_rig(5, radius=3000., height=1800.)):
        out.append(dict(name=n, type='hd', panel=0, node=int(n[3:]),
                        resolution=[1920, 1080], K=c['K'].tolist(),
                        distCoef=[-0.2, 0.1, 0., 0., 0.],
                        R=(c['R'] @ PANOPTIC_TO_VOXELPOSE).tolist(),
                        t=(c['t'] / 10.).reshape(3, 1).tolist()))
    return out


def _bodies(frame):
    root = shared_data()
    path = None if root is None else (
        root / 'mmpose_history' / 'panoptic_body3d' / SEQ /
        'hdPose3d_stage1_coco19' / f'body3DScene_{frame:08d}.json')
    if path is not None and path.is_file():
        return json.load(open(path))['bodies']
    poses = ProceduralBody().sample(
        3, np.random.default_rng(frame),
        root_xy=np.array([[-800., 0.], [0., 300.], [900., -200.]]))
    pan = poses @ PANOPTIC_TO_VOXELPOSE / 10.  # inverse rotation, cm
    bodies = []
    for i, p in enumerate(pan):
        j19 = np.zeros((19, 4))
        j19[:15, :3], j19[:, 3] = p, 0.8
        bodies.append(dict(id=i, joints19=j19.ravel().tolist()))
    return bodies


def write_tree(root, frames=(168, 169, 170), images=True):
    seq_dir = os.path.join(root, SEQ)
    os.makedirs(os.path.join(seq_dir, 'hdPose3d_stage1_coco19'))
    cams = []
    for c in _calibration_entries():
        c = dict(c)
        K = np.asarray(c['K'], np.float64)
        K[:2] *= SCALE
        c['K'] = K.tolist()
        c['resolution'] = [192, 108]
        cams.append(c)
    with open(os.path.join(seq_dir, f'calibration_{SEQ}.json'), 'w') as f:
        json.dump(dict(calibDataSource=SEQ, cameras=cams), f)
    for fr in frames:
        with open(os.path.join(seq_dir, 'hdPose3d_stage1_coco19',
                               f'body3DScene_{fr:08d}.json'), 'w') as f:
            json.dump(dict(version=0.7, univTime=0., fpsType='hd_29_97',
                           bodies=_bodies(fr)), f)
        if images:
            for n in CAMS:
                d = os.path.join(seq_dir, 'hdImgs', n)
                os.makedirs(d, exist_ok=True)
                img = np.full((108, 192, 3), 40 + fr % 50, np.uint8)
                cv2.imwrite(os.path.join(d, f'{n}_{fr:08d}.jpg'), img)
    return seq_dir


def build(root, pipeline, **kw):
    cfg = dict(type='PanopticDataset', data_root=root, sequences=[SEQ],
               frame_interval=1, pipeline=pipeline)
    cfg.update(kw)
    return DATASETS.build(cfg)


IMAGE_PIPELINE = [
    dict(type='LoadMultiViewImages'),
    dict(type='ProjectPoses'),
    dict(type='MultiViewAffine', input_size=(96, 64)),
    dict(type='PackMultiViewInputs'),
]


class TestPanopticDataset(unittest.TestCase):

    def setUp(self):
        init_default_scope('selfpose_mm')
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def test_heatmap_mode_without_images(self):
        write_tree(self.root, images=False)
        ds = build(self.root, heatmap_pipeline(dict(), size=(48, 32)))
        self.assertEqual(len(ds), 3)
        s = ds[1]
        M = check_contract(self, s, 5, 15)
        self.assertGreaterEqual(M, 1)
        meta = s['data_samples'].metainfo
        self.assertEqual(meta['camera_names'], CAMS)
        self.assertEqual(meta['frame_id'], 169)
        self.assertEqual(meta['sequence'], SEQ)
        self.assertEqual(tuple(s['inputs'].shape), (5, 15, 32, 48))
        vis = s['data_samples'].gt_instances.keypoints_2d_visible
        self.assertGreater(vis.mean(), 0.3)
        again = build(self.root, heatmap_pipeline(dict(), size=(48, 32)))
        self.assertTrue(torch.equal(again[1]['inputs'], s['inputs']))

    def test_image_mode(self):
        write_tree(self.root)
        ds = build(self.root, IMAGE_PIPELINE, frame_interval=2)
        self.assertEqual(len(ds), 2)  # frames 168 and 170
        s = ds[1]
        check_contract(self, s, 5, 15)
        self.assertEqual(tuple(s['inputs'].shape), (5, 3, 64, 96))
        self.assertEqual(s['data_samples'].metainfo['heatmap_size'],
                         (24, 16))
        # letterbox: 192x108 -> 96x54 content, 5 px black bars top/bottom
        img = s['inputs'][0].numpy()
        self.assertEqual(float(img[:, 0].max()), 0.)
        self.assertAlmostEqual(float(img[:, 32, 48].mean()), 40 + 170 % 50,
                               delta=3)

    def test_missing_image_is_a_clear_error(self):
        write_tree(self.root, images=False)
        ds = build(self.root, IMAGE_PIPELINE)
        with self.assertRaisesRegex(FileNotFoundError, 'heatmap-mode'):
            ds[0]

    def test_world_transform_keeps_pixels(self):
        write_tree(self.root, images=False)
        pipe = heatmap_pipeline(None, size=(192, 108))
        a = build(self.root, pipe, world_transform=True)[0]['data_samples']
        b = build(self.root, pipe, world_transform=False)[0]['data_samples']
        ga, gb = a.gt_instances, b.gt_instances
        np.testing.assert_allclose(ga.keypoints_2d, gb.keypoints_2d,
                                   atol=1e-2)
        np.testing.assert_allclose(
            ga.keypoints_3d,
            gb.keypoints_3d @ PANOPTIC_TO_VOXELPOSE.T.astype(np.float32),
            atol=1e-2)
        # z is up: feet below the neck in the VoxelPose frame
        self.assertTrue((ga.keypoints_3d[:, 0, 2] >
                         ga.keypoints_3d[:, 8, 2]).all())

    def test_real40_config(self):
        root = shared_data()
        if root is None or not (root / 'mmpose_history' /
                                'panoptic_body3d').is_dir():
            self.skipTest('shared Panoptic frames not available')
        from mmengine.config import Config
        here = os.path.dirname(__file__)
        cfg = Config.fromfile(
            os.path.join(here, '..', '..', 'configs', '_base_',
                         'voxelpose_data', 'panoptic_real40_heatmap.py'))
        cfg.val_dataloader.dataset.data_root = str(
            root / 'mmpose_history' / 'panoptic_body3d')
        ds = DATASETS.build(cfg.val_dataloader.dataset)
        self.assertEqual(len(ds), 40)
        s = ds[39]
        self.assertEqual(check_contract(self, s, 5, 15), 3)
        self.assertGreater(
            s['data_samples'].gt_instances.keypoints_2d_visible.mean(), 0.6)


class TestPseudoLabels(unittest.TestCase):

    def setUp(self):
        init_default_scope('selfpose_mm')
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        write_tree(self.root, images=False)
        rng = np.random.default_rng(0)
        db = []
        for fr in (168, 169):
            for v, cam in enumerate(CAMS):
                n = 1 + (v + fr) % 3  # person count differs between views
                db.append(dict(
                    key=f'{SEQ}_{cam}_{fr:08d}',
                    image=f'{SEQ}/hdImgs/{cam}/{cam}_{fr:08d}.jpg',
                    joints_2d=[rng.uniform(0, 100, (15, 2))
                               for _ in range(n)],
                    joints_2d_vis=[np.ones((15, 2), bool)
                                   for _ in range(n)],
                    scores=[0.9] * n))
        self.data = dict(interval=3, cam_list=[(0, 3), (0, 6), (0, 12),
                                               (0, 13), (0, 23)],
                         sequence_list=[SEQ], db=db)
        self.pkl = os.path.join(self.root, 'pseudo.pkl')
        with open(self.pkl, 'wb') as f:
            pickle.dump(self.data, f)

    def tearDown(self):
        self.tmp.cleanup()

    def test_pickle_needs_opt_in_and_npz_roundtrip(self):
        pipe = heatmap_pipeline(None, size=(192, 108))
        with self.assertRaisesRegex(ValueError, 'panoptic_pseudo_pkl_to'):
            build(self.root, pipe, ann_source='pseudo', pseudo_file=self.pkl)
        npz = os.path.join(self.root, 'pseudo.npz')
        save_pseudo_npz(pseudo_records_to_npz(restricted_pickle_load(
            self.pkl)), npz)
        arr = load_pseudo_npz(npz)
        self.assertEqual(len(arr['record_keys']), 10)
        ds = build(self.root, pipe, ann_source='pseudo', pseudo_file=npz)
        self.assertEqual(len(ds), 2)
        s = ds[0]['data_samples']
        p = s.metainfo['pseudo_keypoints_2d']
        self.assertEqual(p.shape[0], 5)
        self.assertEqual(p.shape[2:], (15, 2))
        counts = (s.metainfo['pseudo_keypoints_2d_visible'].sum(-1) >
                  0).sum(-1)
        self.assertEqual(counts.max(), 3)
        # pixels are mapped into the network input (here x0.1 letterbox)
        A = s.cameras.affine[0].numpy()
        raw = self.data['db'][0]['joints_2d'][0][0]
        want = A[:, :2] @ raw + A[:, 2]
        got = p[0, 0, 0]
        if s.metainfo['pseudo_keypoints_2d_visible'][0, 0, 0]:
            np.testing.assert_allclose(got, want, atol=1e-3)
        self.assertEqual(len(s.gt_instances.keypoints_3d), 3)
        with_opt_in = build(self.root, pipe, ann_source='pseudo',
                            pseudo_file=self.pkl, allow_unsafe_pickle=True)
        self.assertEqual(len(with_opt_in), 2)

    @pytest.mark.slow
    def test_converter_tool(self):
        import subprocess
        import sys
        npz = os.path.join(self.root, 'tool.npz')
        tool = os.path.join(os.path.dirname(__file__), '..', '..', 'tools',
                            'dataset_converters',
                            'panoptic_pseudo_pkl_to_npz.py')
        out = subprocess.run([sys.executable, tool, self.pkl, npz],
                             capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        arr = load_pseudo_npz(npz)
        self.assertEqual(int(arr['interval']), 3)
        self.assertEqual(arr['person_offsets'][-1], len(arr['joints_2d']))

    def test_restricted_unpickler_refuses_code(self):
        class Evil:
            def __reduce__(self):
                return (os.system, ('echo pwned',))

        path = os.path.join(self.root, 'evil.pkl')
        with open(path, 'wb') as f:
            pickle.dump(dict(db=[Evil()]), f)
        with self.assertRaises(pickle.UnpicklingError):
            restricted_pickle_load(path)


if __name__ == '__main__':
    unittest.main()
