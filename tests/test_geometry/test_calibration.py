"""Tests for selfpose_mm.geometry.calibration on real calibration files."""
import json
import tempfile
import unittest
from pathlib import Path

import numpy as np

from selfpose_mm.geometry import (
    CONVENTIONS, PANOPTIC_TO_VOXELPOSE, CalibrationError, Camera,
    convert_panoptic_points, detect_convention,
    load_4d_association_calibration, load_calibration, load_h36m_cameras,
    load_humaneva_cameras, load_panoptic_calibration,
    load_shelf_campus_calibration, load_simple_json, project_points,
    save_simple_json)
from selfpose_mm.utils.safe_load import safe_np_load
from ._helpers import random_rig, shared_data

PANOPTIC = 'mmpose/panoptic_body3d/160906_band1'
VOXELPOSE_CAMS = ['00_03', '00_06', '00_12', '00_13', '00_23']


def _require(test: unittest.TestCase, rel: str) -> Path:
    path = shared_data(rel)
    if path is None:
        test.skipTest(f'shared data {rel} not available')
    return path


def _assert_rotations(test, cams):
    for cam in cams.values():
        np.testing.assert_allclose(cam.R @ cam.R.T, np.eye(3), atol=1e-3)
        test.assertAlmostEqual(np.linalg.det(cam.R), 1.0, places=3)


class TestPanoptic(unittest.TestCase):

    def setUp(self):
        self.path = _require(self, f'{PANOPTIC}/calibration_160906_band1.json')

    def test_load_all_and_select(self):
        cams = load_panoptic_calibration(self.path)
        self.assertEqual(len(cams), 520)
        _assert_rotations(self, cams)
        hd = load_panoptic_calibration(self.path, camera_types=['hd'])
        self.assertEqual(len(hd), 31)
        sel = load_calibration(self.path, camera_names=VOXELPOSE_CAMS[::-1])
        self.assertEqual(list(sel), VOXELPOSE_CAMS[::-1])
        for cam in sel.values():
            self.assertEqual(cam.image_size, (1920, 1080))
            # dome radius is a few metres: t was converted from cm to mm
            self.assertTrue(2000 < np.linalg.norm(cam.center) < 6000)
        with self.assertRaisesRegex(CalibrationError, "'99_99'"):
            load_panoptic_calibration(self.path, camera_names=['99_99'])

    def test_axis_change_consistent(self):
        pose_file = sorted(
            (self.path.parent / 'hdPose3d_stage1_coco19').glob('*.json'))[0]
        bodies = json.loads(pose_file.read_text())['bodies']
        joints = np.concatenate(
            [np.reshape(b['joints19'], (-1, 4)) for b in bodies])
        joints = joints[joints[:, 3] > 0.1, :3]  # cm, Panoptic axes
        raw = load_panoptic_calibration(
            self.path, VOXELPOSE_CAMS, world_transform=False)
        new = load_panoptic_calibration(self.path, VOXELPOSE_CAMS)
        p_raw = convert_panoptic_points(joints, world_transform=False)
        p_new = convert_panoptic_points(joints)
        np.testing.assert_allclose(p_raw, joints * 10)
        np.testing.assert_allclose(p_new[:, 1], p_raw[:, 2])
        np.testing.assert_allclose(p_new[:, 2], -p_raw[:, 1])
        # z-up: people stand on the floor, heads are above 1 m
        self.assertGreater(p_new[:, 2].max(), 1000)
        for name in VOXELPOSE_CAMS:
            a = raw[name].project(p_raw)
            b = new[name].project(p_new)
            np.testing.assert_allclose(a, b, atol=1e-6)
            np.testing.assert_allclose(
                raw[name].center,
                PANOPTIC_TO_VOXELPOSE.T @ new[name].center,
                atol=1e-6)
            inside = (a[:, 0] >= 0) & (a[:, 0] < 1920) & (a[:, 1] >= 0) & (
                a[:, 1] < 1080)
            # every joint is in front of the camera, most are in the image
            self.assertTrue((raw[name].world_to_camera(p_raw)[:, 2] > 0).all())
            self.assertGreater(inside.mean(), 0.8, name)


class TestShelfCampus(unittest.TestCase):

    def test_shelf_campus_load(self):
        for rel, n in (('mmpose/shelf/calibration_shelf.json', 5),
                       ('mmpose/campus/calibration_campus.json', 3)):
            path = _require(self, rel)
            self.assertEqual(detect_convention(path), 'shelf')
            cams = load_calibration(path)
            self.assertEqual(list(cams), [str(i) for i in range(n)])
            _assert_rotations(self, cams)
            raw = json.loads(path.read_text())
            for name, cam in cams.items():
                # t = -R T: the stored T is the camera centre in mm
                np.testing.assert_allclose(
                    cam.center, np.ravel(raw[name]['T']), atol=1e-6)

    def test_4d_association_matches_voxelpose_shelf(self):
        vp = load_shelf_campus_calibration(
            _require(self, 'mmpose/shelf/calibration_shelf.json'),
            image_size=(1032, 776))
        path = _require(self, '4d_association/data/shelf/calibration.json')
        self.assertEqual(detect_convention(path), '4d_association')
        fa = load_4d_association_calibration(path)
        self.assertEqual(list(fa), list(vp))
        _assert_rotations(self, fa)
        pts = np.random.default_rng(0).uniform(-1500, 1500, (50, 3))
        pts[:, 2] = np.abs(pts[:, 2]) / 2  # 0-0.75 m above the floor
        for name in vp:
            self.assertEqual(fa[name].image_size, (1032, 776))
            # 4DA RT is in metres; both files share one world frame
            self.assertLess(
                np.abs(fa[name].center - vp[name].center).max(), 1.0)
            np.testing.assert_allclose(fa[name].K, vp[name].K, atol=1e-3)
            err = np.abs(fa[name].project(pts) - vp[name].project(pts))
            self.assertLess(err.max(), 0.1)


class TestH36M(unittest.TestCase):

    def test_fixture_reprojection(self):
        cams = load_h36m_cameras(_require(self, 'mmpose/h36m/cameras.pkl'))
        self.assertEqual(len(cams), 44)
        _assert_rotations(self, cams)
        self.assertEqual(cams['S1_54138969'].image_size, (1000, 1002))
        fx = np.load(_require(self, 'mmpose/h36m/test_h36m_body3d.npz'))
        for i, img in enumerate(fx['imgname']):
            subj = img.split('/')[0]
            cid = img.split('.')[1].split('/')[0]
            cam = cams[f'{subj}_{cid}']
            S = fx['S'][i, :, :3] * 1000.0  # camera space, m -> mm
            part = fx['part'][i, :, :2]
            uv = project_points(S, cam.K, None, None, cam.dist, 'h36m')
            self.assertLess(np.abs(uv - part).max(), 0.01)
            # OpenCV's tangential formula is not the H36M one
            uv_cv = project_points(S, cam.K, None, None, cam.dist)
            self.assertGreater(np.abs(uv_cv - part).max(), 0.01)
            # world round trip through the extrinsics is consistent
            Xw = (S - cam.t) @ cam.R
            np.testing.assert_allclose(cam.project(Xw), uv, atol=1e-6)


class TestHumanEva(unittest.TestCase):

    def test_reprojects_gt(self):
        path = _require(
            self, 'humaneva_videopose3d/'
            'humaneva_cameras_from_videopose3d.json')
        self.assertEqual(detect_convention(path), 'humaneva')
        cams = load_humaneva_cameras(path)
        self.assertEqual(len(cams), 9)  # S4 is empty
        _assert_rotations(self, cams)
        d3 = _require(self, 'humaneva_videopose3d/data/data_3d_humaneva15.npz')
        d2 = _require(self,
                      'humaneva_videopose3d/data/data_2d_humaneva15_gt.npz')
        pos3d = safe_np_load(d3)['positions_3d'].item()
        pos2d = safe_np_load(d2)['positions_2d'].item()
        for subj in ('S1', 'S2', 'S3'):
            action = sorted(pos3d[f'Validate/{subj}'])[0]
            X = pos3d[f'Validate/{subj}'][action].reshape(-1, 3) * 1000.0
            for ci in range(3):
                x = pos2d[f'Validate/{subj}'][action][ci].reshape(-1, 2)
                err = np.linalg.norm(
                    cams[f'{subj}_C{ci + 1}'].project(X) - x, axis=1)
                self.assertLess(err.mean(), 0.02)
                self.assertLess(err.max(), 0.5)


class TestSimpleAndDispatch(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.cams = random_rig(3, np.random.default_rng(0), distortion=True)

    def tearDown(self):
        self.tmp.cleanup()

    def _write(self, name, obj):
        path = self.dir / name
        path.write_text(obj if isinstance(obj, str) else json.dumps(obj))
        return path

    def test_roundtrip(self):
        path = self.dir / 'cams.json'
        save_simple_json(self.cams, path)
        self.assertEqual(detect_convention(path), 'simple')
        loaded = load_calibration(path)
        self.assertEqual(list(loaded), ['0', '1', '2'])
        for cam in self.cams:
            np.testing.assert_allclose(loaded[cam.name].projection_matrix,
                                       cam.projection_matrix)
            np.testing.assert_allclose(loaded[cam.name].dist, cam.dist)
        data = json.loads(path.read_text())
        self.assertEqual(data['unit'], 'mm')
        data['unit'] = 'm'
        for c in data['cameras'].values():
            c['t'] = [v / 1000 for v in c['t']]
        metres = load_simple_json(self._write('m.json', data))
        np.testing.assert_allclose(metres['1'].t, self.cams[1].t)

    def test_unknown_convention(self):
        with self.assertRaises(CalibrationError) as cm:
            load_calibration(self.dir / 'x.json', convention='colmap')
        for name in CONVENTIONS:
            self.assertIn(name, str(cm.exception))

    def test_error_messages_name_file_and_field(self):
        cam = self.cams[0].to_dict()
        shelf = {
            str(i):
            dict(
                R=cam['R'],
                T=[[0.0], [0.0], [3000.0]],
                fx=1000,
                fy=1000,
                cx=500,
                cy=400,
                k=[[0], [0], [0]],
                p=[[0], [0]])
            for i in range(4)
        }
        del shelf['3']['R']
        path = self._write('shelf.json', shelf)
        with self.assertRaises(CalibrationError) as cm:
            load_calibration(path, convention='shelf')
        msg = str(cm.exception)
        for s in (str(path), "'3'", "'R'"):
            self.assertIn(s, msg)

        shelf['3']['R'] = (np.array(cam['R']) * 2).tolist()
        path = self._write('shelf2.json', shelf)
        with self.assertRaisesRegex(CalibrationError,
                                    f"{path}.*'3'.*not a rotation"):
            load_calibration(path)

        shelf['3']['R'] = cam['R']
        shelf['2']['fx'] = -3.0
        path = self._write('shelf3.json', shelf)
        with self.assertRaisesRegex(CalibrationError,
                                    f"{path}.*'2'.*non-positive focal"):
            load_calibration(path)

        fa = {'0': {'K': np.eye(3).ravel().tolist(), 'RT': [0] * 11}}
        path = self._write('fa.json', fa)
        with self.assertRaisesRegex(CalibrationError,
                                    f"{path}.*'RT'.*11 values"):
            load_calibration(path)

        pan = {
            'cameras': [
                dict(
                    name='00_01',
                    K=cam['K'],
                    R=cam['R'],
                    t=[1, float('nan'), 2],
                    distCoef=[0] * 5)
            ]
        }
        path = self._write('pan.json', json.dumps(pan))
        with self.assertRaisesRegex(CalibrationError,
                                    f"{path}.*'00_01'.*'t'.*NaN"):
            load_calibration(path)

        simple = {'unit': 'mm', 'cameras': {'a': dict(cam, focal=3)}}
        path = self._write('simple.json', simple)
        with self.assertRaisesRegex(CalibrationError,
                                    f"{path}.*'a'.*unknown.*focal"):
            load_calibration(path)
        simple = {'unit': 'inch', 'cameras': {}}
        with self.assertRaisesRegex(CalibrationError, "'unit'.*inch"):
            load_calibration(self._write('s2.json', simple))

        path = self._write('broken.json', '{"0": {"K": [1, 2,\n]}')
        with self.assertRaisesRegex(CalibrationError,
                                    f'{path}.*invalid JSON at line 2'):
            load_calibration(path)
        path = self._write('other.json', {'foo': 1})
        with self.assertRaisesRegex(CalibrationError,
                                    f'{path}.*unrecognised.*foo'):
            load_calibration(path)
        with self.assertRaisesRegex(CalibrationError, 'not found'):
            load_calibration(self.dir / 'missing.json', convention='shelf')
        with self.assertRaisesRegex(CalibrationError, 'camera_names'):
            load_calibration(
                self._write('c.json', shelf),
                convention='shelf',
                camera_names=['0'])

    def test_camera_from_dict_errors(self):
        d = self.cams[0].to_dict()
        del d['K']
        with self.assertRaisesRegex(CalibrationError, "file.json.*'K'"):
            Camera.from_dict(d, name='c', where='file.json')


if __name__ == '__main__':
    unittest.main()
