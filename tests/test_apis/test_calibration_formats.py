"""Calibration files of user rigs: Qualisys .qca.txt, OpenCV FileStorage
YAML/JSON, Pose2Sim TOML, simple JSON; auto-detection and bad fields."""
import json
import tempfile
import unittest
from pathlib import Path

import cv2
import numpy as np

from selfpose_mm.geometry import (CalibrationError, Camera, detect_convention,
                                  load_calibration, look_at, save_simple_json)

_QCA = """<?xml version='1.0' encoding='ASCII'?>
<calibration source="x.qca.txt" type="regular">
  <cameras>
{cams}
  </cameras>
</calibration>
"""
_CAM = """    <camera active="1" serial="{name}" viewrotation="{rot}">
      <fov_video bottom="{b}" left="0" right="{r}" top="0"/>
      <transform r11="{M[0][0]}" r12="{M[0][1]}" r13="{M[0][2]}"
        r21="{M[1][0]}" r22="{M[1][1]}" r23="{M[1][2]}" r31="{M[2][0]}"
        r32="{M[2][1]}" r33="{M[2][2]}" x="{C[0]}" y="{C[1]}" z="{C[2]}"/>
      <intrinsic centerPointU="{cu}" centerPointV="{cv}" focalLengthU="{fu}"
        focalLengthV="{fv}" radialDistortion1="0.0" radialDistortion2="0.0"
        radialDistortion3="0.0" tangentalDistortion1="0.0"
        tangentalDistortion2="0.0"/>
    </camera>"""


def _cams():
    """Two OpenCV cameras looking at the origin (z up), 1088x1920."""
    out = []
    for i, pos in enumerate([(3000., -2000., 1800.), (-2500., 2500., 2000.)]):
        R, t = look_at(pos, (0., 0., 1000.))
        K = np.array([[1680., 0, 530.], [0, 1681., 950.], [0, 0, 1]])
        out.append(Camera(f'cam_0{i + 1}', K, R, t, image_size=(1088, 1920)))
    return out


def _write_qca(path, cams, rot='0'):
    blocks = []
    for c in cams:
        M = np.diag([1., -1., -1.]) @ c.R  # Qualisys camera frame
        blocks.append(_CAM.format(
            name=c.name, rot=rot, b=c.image_size[1] - 1,
            r=c.image_size[0] - 1, M=M.tolist(), C=c.center.tolist(),
            cu=c.K[0, 2] * 64, cv=c.K[1, 2] * 64, fu=c.K[0, 0] * 64,
            fv=c.K[1, 1] * 64))
    Path(path).write_text(_QCA.format(cams='\n'.join(blocks)))


class TestCalibrationFormats(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = Path(self.tmp.name)
        self.cams = _cams()
        self.X = np.random.default_rng(0).uniform(-500, 500, (20, 3)) + \
            [0, 0, 1000]

    def tearDown(self):
        self.tmp.cleanup()

    def _same(self, loaded):
        self.assertEqual(list(loaded), [c.name for c in self.cams])
        for c in self.cams:
            d = loaded[c.name]
            np.testing.assert_allclose(d.project(self.X), c.project(self.X),
                                       atol=1e-6)
            self.assertEqual(tuple(d.image_size), tuple(c.image_size))

    def test_qualisys(self):
        path = self.dir / 'Calib.qca.txt'
        _write_qca(path, self.cams)
        self.assertEqual(detect_convention(path), 'qualisys')
        self._same(load_calibration(path))

    def test_qualisys_viewrotation(self):
        # a 90 deg clockwise view: pixel (u, v) -> (H - 1 - v, u)
        path = self.dir / 'rot.qca.txt'
        _write_qca(path, self.cams, rot='90')
        cams = load_calibration(path)
        for c in self.cams:
            uv = c.project(self.X)
            W, H = c.image_size
            expect = np.stack([H - 1 - uv[:, 1], uv[:, 0]], 1)
            np.testing.assert_allclose(cams[c.name].project(self.X), expect,
                                       atol=1e-6)
            self.assertEqual(cams[c.name].image_size, (H, W))

    def test_qualisys_bad_field(self):
        path = self.dir / 'bad.qca.txt'
        _write_qca(path, self.cams)
        path.write_text(path.read_text().replace('focalLengthU=',
                                                 'focalLengthX='))
        with self.assertRaisesRegex(CalibrationError,
                                    r"bad.qca.txt.*cam_01.*focalLengthU"):
            load_calibration(path)

    def test_opencv_yaml_matrix_and_rvec(self):
        path = self.dir / 'calib.yml'
        fs = cv2.FileStorage(str(path), cv2.FILE_STORAGE_WRITE)
        for i, c in enumerate(self.cams):
            fs.startWriteStruct(c.name, cv2.FILE_NODE_MAP)
            fs.write('camera_matrix', c.K)
            fs.write('dist_coeffs', np.zeros((1, 5)))
            if i == 0:
                fs.write('R', c.R)
            else:
                fs.write('rvec', cv2.Rodrigues(c.R)[0])
            fs.write('T', c.t.reshape(3, 1) / 1000.)
            fs.write('image_width', c.image_size[0])
            fs.write('image_height', c.image_size[1])
            fs.endWriteStruct()
        fs.release()
        self.assertEqual(detect_convention(path), 'opencv')
        self._same(load_calibration(path, unit='m'))

    def test_opencv_json_single_camera_and_unknown_field(self):
        c = self.cams[0]
        path = self.dir / 'cam_01.json'
        entry = dict(camera_matrix=c.K.tolist(), dist_coeffs=[0] * 5,
                     rvec=cv2.Rodrigues(c.R)[0].ravel().tolist(),
                     tvec=c.t.tolist(), image_size=[1088, 1920])
        path.write_text(json.dumps(entry))
        cams = load_calibration(path)
        np.testing.assert_allclose(cams['cam_01'].project(self.X),
                                   c.project(self.X), atol=1e-6)
        path.write_text(json.dumps(dict(entry, focal=3)))
        with self.assertRaisesRegex(CalibrationError,
                                    r"cam_01.json.*unknown field.*focal"):
            load_calibration(path)

    def test_toml_and_simple_json(self):
        path = self.dir / 'Calib.toml'
        lines = []
        for c in self.cams:
            rv = cv2.Rodrigues(c.R)[0].ravel()
            lines += [f'[{c.name}]', f'name = "{c.name}"',
                      'size = [ 1088.0, 1920.0]',
                      f'matrix = {c.K.tolist()}',
                      'distortions = [0.0, 0.0, 0.0, 0.0]',
                      f'rotation = {rv.tolist()}',
                      f'translation = {(c.t / 1000).tolist()}',
                      'fisheye = false', '']
        path.write_text('\n'.join(lines + ['[metadata]', 'adjusted = false'])
                        )
        self._same(load_calibration(path))
        save_simple_json(self.cams, self.dir / 's.json')
        self._same(load_calibration(self.dir / 's.json'))
