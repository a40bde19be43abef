"""MultiViewPoseVisualizer: built from a config, every picture kind.

Joint positions in the pictures are checked against ``cv2.projectPoints``
(computed here, independently of the framework's projection).
"""
import itertools
import os
import os.path as osp
import subprocess
import sys
import tempfile
import unittest

import cv2
import numpy as np
import pytest
import torch
from mmengine.structures import InstanceData
from mmengine.visualization import Visualizer
from PIL import Image

from selfpose_mm.geometry import project_points
from selfpose_mm.registry import VISUALIZERS
from selfpose_mm.structures import MultiViewCameras, MultiViewPoseDataSample
from selfpose_mm.visualization import (MultiViewPoseVisualizer,
                                       draw_reprojection, id_color)
from selfpose_mm.visualization.overlay2d import GT_COLOR

_IDS = itertools.count()
LINKS = [(0, 1), (1, 2)]
W, H = 160, 120


def build(**kwargs) -> MultiViewPoseVisualizer:
    """A fresh visualizer from a config dict (one name per instance)."""
    cfg = dict(type='MultiViewPoseVisualizer', name=f'test_{next(_IDS)}',
               skeleton=LINKS)
    cfg.update(kwargs)
    return VISUALIZERS.build(cfg)


def camera(yaw: float = 0.0):
    """K, R, t, dist of a camera 3 m in front of the origin (mm)."""
    K = np.array([[150., 0, W / 2], [0, 150., H / 2], [0, 0, 1]])
    rvec = np.array([0.05, yaw, 0.02])
    R = cv2.Rodrigues(rvec)[0]
    t = np.array([20., -30., 3000.])
    dist = np.array([-0.1, 0.01, 0.001, -0.001, 0.0])
    return K, rvec, R, t, dist


def person() -> np.ndarray:
    """Three joints (head, pelvis, foot) near the origin, mm."""
    return np.array([[10., -600., 0.], [30., 0., 50.], [-20., 700., 0.]])


def cv2_pixels(X: np.ndarray, K, rvec, t, dist) -> np.ndarray:
    """Independent projection: ``cv2.projectPoints``."""
    uv, _ = cv2.projectPoints(X.reshape(-1, 1, 3), rvec, t, K, dist)
    return uv.reshape(-1, 2)


def near(img: np.ndarray, uv, r: int = 1) -> np.ndarray:
    """Pixels in a ``(2r+1)^2`` window around ``uv``, as ``(n, 3)``."""
    x, y = int(round(uv[0])), int(round(uv[1]))
    return img[y - r:y + r + 1, x - r:x + r + 1].reshape(-1, 3)


class TestBuild(unittest.TestCase):

    def test_from_config(self):
        vis = build(view_height=60, panel_size=120)
        self.assertIsInstance(vis, MultiViewPoseVisualizer)
        self.assertIsInstance(vis, Visualizer)
        self.assertEqual(vis.skeleton, LINKS)
        self.assertEqual((vis.view_height, vis.panel_size), (60, 120))

    def test_skeleton_from_dataset_meta(self):
        vis = build(skeleton=None)
        self.assertEqual(vis.skeleton, [])
        vis.dataset_meta = dict(skeleton_links=[[0, 2]])
        self.assertEqual(vis.skeleton, [(0, 2)])


class TestViewOverlay(unittest.TestCase):

    def test_joints_drawn_where_cv2_projects(self):
        vis = build()
        K, rvec, R, t, dist = camera()
        X = person()
        proj = project_points(X, K, R, t, dist)[None]
        img = vis.draw_view_overlay(None, (W, H), np.zeros((0, 3, 3)), proj,
                                    [4], LINKS)
        self.assertEqual(img.shape, (H, W, 3))
        self.assertEqual(img.dtype, np.uint8)
        expected = np.array(id_color(4, bgr=True))
        for uv in cv2_pixels(X, K, rvec, t, dist):
            self.assertTrue(0 <= uv[0] < W and 0 <= uv[1] < H)
            # a filled dot of radius 3 in the track colour
            np.testing.assert_array_equal(near(img, uv, 0)[0], expected)
        # far from the person the canvas stays the background grey
        np.testing.assert_array_equal(img[H - 3, 3], [40, 40, 40])

    def test_detections_grey_and_below_threshold_hidden(self):
        vis = build()
        K, rvec, R, t, dist = camera()
        uv = cv2_pixels(person(), K, rvec, t, dist)
        det = np.concatenate([uv, [[0.9], [0.9], [0.1]]], 1)[None]
        img = vis.draw_view_overlay(None, (W, H), det, np.zeros((0, 3, 2)),
                                    [], LINKS)
        np.testing.assert_array_equal(near(img, uv[0], 0)[0], [200] * 3)
        np.testing.assert_array_equal(near(img, uv[2], 0)[0], [40] * 3)

    def test_wrapper_draws_the_same(self):
        K, rvec, R, t, dist = camera()
        proj = project_points(person(), K, R, t, dist)[None]
        args = ((W, H), np.zeros((0, 3, 3)), proj, [1], LINKS)
        np.testing.assert_array_equal(
            draw_reprojection(None, *args, title='cam'),
            build().draw_view_overlay(None, *args, title='cam'))

    def test_tile_views(self):
        # a is halved to 60 x 80 (a left and a right half of two colours),
        # b keeps its size: each output column comes from one source pixel
        a = np.zeros((120, 160, 3), np.uint8)
        a[:, :80] = (255, 0, 0)
        a[:, 80:] = (0, 255, 0)
        b = np.full((60, 40, 3), (0, 0, 255), np.uint8)
        out = MultiViewPoseVisualizer.tile_views([a, b], 60)
        self.assertEqual(out.shape, (60, 80 + 40, 3))
        np.testing.assert_array_equal(out[:, :39], 0 * out[:, :39] + a[0, 0])
        np.testing.assert_array_equal(out[:, 41:80], 0 * out[:, 41:80] +
                                      a[0, -1])
        np.testing.assert_array_equal(out[:, 80:], b)


class TestMultiViewSample(unittest.TestCase):

    def _sample(self, V: int = 2):
        cams = [camera(yaw) for yaw in (0.0, 0.3)[:V]]
        meta = dict(
            input_size=(W, H),
            camera_names=[f'cam{v}' for v in range(V)])
        sample = MultiViewPoseDataSample(metainfo=meta)
        sample.cameras = MultiViewCameras(
            K=np.stack([c[0] for c in cams]),
            R=np.stack([c[2] for c in cams]),
            t=np.stack([c[3] for c in cams]),
            dist=np.stack([c[4] for c in cams]),
            affine=np.tile(np.eye(2, 3), (V, 1, 1)),
            input_size=(W, H),
            dtype=torch.float64)
        sample.gt_instances = InstanceData(keypoints_3d=person()[None])
        sample.pred_instances = InstanceData(
            keypoints_3d=person()[None] + 2000., scores=np.array([0.7]))
        return cams, sample

    def test_add_datasample_png(self):
        vh = 60
        vis = build(view_height=vh, panel_size=2 * vh)
        cams, sample = self._sample()
        inputs = np.zeros((2, 3, H, W), np.float32)  # blank images
        inputs[:, :, 0, 0] = 1.  # min-max scaling keeps the rest black
        with tempfile.TemporaryDirectory() as tmp:
            out = osp.join(tmp, 'sample.png')
            vis.add_datasample('val', inputs, sample, out_file=out)
            img = cv2.imread(out)
        view_w = int(round(W * vh / H))
        # panel (2*vh square) + one column of views (one per row)
        self.assertEqual(img.shape, (2 * vh, 2 * vh + view_w, 3))
        s = vh / H
        for v, (K, rvec, R, t, dist) in enumerate(cams):
            for uv in cv2_pixels(person(), K, rvec, t, dist):
                xy = (2 * vh + uv[0] * s, v * vh + uv[1] * s)
                px = near(img, xy, 1).astype(int)
                # GT green: G clearly above R and B
                self.assertTrue(
                    np.any((px[:, 1] > 60) & (px[:, 1] > px[:, 0] + 30)),
                    f'view {v} joint {uv}: {px.tolist()}')
        # empty corner of the first view stays black
        np.testing.assert_array_equal(img[vh - 2, 2 * vh + view_w - 2], 0)
        # the 3D panel draws GT in green (RGB (60, 200, 60))
        panel = img[:, :2 * vh].astype(int)
        green = np.abs(panel - np.array(GT_COLOR)).max(-1) < 40
        self.assertGreater(int(green.sum()), 5)

    def test_add_datasample_to_backend(self):
        with tempfile.TemporaryDirectory() as tmp:
            vis = build(view_height=40, panel_size=80,
                        vis_backends=[dict(type='LocalVisBackend')],
                        save_dir=tmp)
            cams, sample = self._sample(V=1)
            img = vis.add_datasample('val_0', np.zeros((1, 3, H, W)),
                                     sample, step=3)
            saved = cv2.imread(
                osp.join(tmp, 'vis_data', 'vis_image', 'val_0_3.png'))
        self.assertIsNotNone(saved)
        np.testing.assert_array_equal(saved, img)


class TestSpaceAndLifting(unittest.TestCase):

    def test_skeletons_3d_size_and_colours(self):
        vis = build()
        people = np.stack([person(), person() + [1500., 0, 0]])
        img = vis.draw_skeletons_3d(people, [2, 5], camera_centers=np.array(
            [[0., 0., 3000.]]), size=(2.5, 2.0), dpi=40)
        self.assertEqual(img.shape, (80, 100, 3))
        for i in (2, 5):
            close = np.abs(img.astype(int) - id_color(i)).max(-1) < 30
            self.assertGreater(int(close.sum()), 3, f'id {i} not drawn')

    def test_lifting_frame_with_gt(self):
        vis = build()
        kp2d = np.array([[200., 100.], [210., 300.], [190., 500.]])
        kp3d = person()
        img = vis.draw_lifting_frame(kp2d, kp3d, LINKS, (400, 600), 800.,
                                     gt3d=kp3d + 100.)
        self.assertEqual(img.shape, (256, 512, 3))
        left, right = img[:, :256].astype(int), img[:, 256:].astype(int)

        def count(part, rgb):
            return int((np.abs(part - rgb).max(-1) < 40).sum())

        self.assertGreater(count(left, (0, 0, 255)), 10)  # 2D input blue
        self.assertEqual(count(right, (0, 0, 255)), 0)
        self.assertGreater(count(right, (255, 0, 0)), 10)  # prediction red
        self.assertGreater(count(right, (0, 128, 0)), 5)  # GT green
        no_gt = vis.draw_lifting_frame(kp2d, kp3d, LINKS, (400, 600), 800.)
        self.assertEqual(count(no_gt[:, 256:].astype(int), (0, 128, 0)), 0)

    def test_lifting_sequence_gif_and_strip(self):
        vis = build()
        T = 3
        kp3d = np.stack([person() * (1 + 0.2 * k) for k in range(T)])
        kp2d = kp3d[..., :2] * 0.2 + 300.
        frames = vis.draw_lifting_sequence(kp2d, kp3d, LINKS, (600, 600))
        self.assertEqual(len(frames), T)
        self.assertFalse(np.array_equal(frames[0], frames[-1]))
        with tempfile.TemporaryDirectory() as tmp:
            gif = vis.save_animation(frames, osp.join(tmp, 'a.gif'), 5.)
            with Image.open(gif) as im:
                self.assertEqual(im.size, (512, 256))
                self.assertEqual(im.n_frames, T)
            strip = vis.save_strip(frames, osp.join(tmp, 's.png'), 2)
            np.testing.assert_array_equal(
                np.asarray(Image.open(strip).convert('RGB')),
                np.concatenate([frames[0], frames[-1]], 1))


@pytest.mark.slow
def test_import_and_draw_keep_matplotlib_backend():
    """Importing selfpose_mm (and drawing) never switches the backend."""
    code = (
        'import matplotlib\n'
        "matplotlib.use('svg')\n"
        'import numpy as np\n'
        'import selfpose_mm, selfpose_mm.visualization\n'
        'from selfpose_mm.registry import VISUALIZERS\n'
        'import sys; sys.path.insert(0, "tools"); import videopose3d_demo\n'
        "v = VISUALIZERS.build(dict(type='MultiViewPoseVisualizer',"
        " name='b', skeleton=[(0, 1)]))\n"
        'v.draw_skeletons_3d(np.zeros((1, 2, 3)), [0])\n'
        'v.draw_lifting_frame(np.zeros((2, 2)), np.ones((2, 3)), [(0, 1)],'
        ' (10, 10), 2.)\n'
        'print(matplotlib.get_backend())\n')
    root = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    out = subprocess.run([sys.executable, '-c', code], cwd=root,
                         capture_output=True, text=True, timeout=300,
                         env=dict(os.environ,
                                  OMP_NUM_THREADS='1', PYTHONPATH=root))
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == 'svg'
