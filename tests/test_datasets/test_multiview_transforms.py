import unittest

import cv2
import numpy as np

from selfpose_mm.datasets.transforms import (EmulateDetections,
                                             MultiViewAffine,
                                             letterbox_affine,
                                             render_gaussian_heatmaps)
from selfpose_mm.geometry import apply_affine
from selfpose_mm.structures import MultiViewCameras


def _cams(image_size, focal=1000.):
    """``(V,)`` cameras of the given image sizes (pinhole, focal px)."""
    size = np.asarray(image_size, np.float32).reshape(-1, 2)
    V = len(size)
    return MultiViewCameras(
        K=np.tile(np.eye(3, dtype=np.float32) * np.float32(focal),
                  (V, 1, 1)),
        R=np.tile(np.eye(3, dtype=np.float32), (V, 1, 1)),
        t=np.zeros((V, 3), np.float32), image_size=size)


class TestRenderHeatmaps(unittest.TestCase):

    def test_matches_brute_force(self):
        rng = np.random.default_rng(0)
        pts = rng.uniform(-10, 70, size=(2, 3, 4, 2))
        sc = rng.uniform(0, 1, size=(2, 3, 4))
        sc[0, 0, 0] = 0
        pts[1, 2, 3] = np.nan
        hm = render_gaussian_heatmaps(pts, sc, (64, 48), 2.)
        yy, xx = np.mgrid[0:48, 0:64]
        ref = np.zeros((2, 4, 48, 64))
        for v in range(2):
            for m in range(3):
                for k in range(4):
                    x, y = pts[v, m, k]
                    if not np.isfinite(x):
                        continue
                    g = sc[v, m, k] * np.exp(-((xx - x)**2 +
                                               (yy - y)**2) / 8.)
                    g[(np.abs(xx - np.floor(x + .5)) > 6) |
                      (np.abs(yy - np.floor(y + .5)) > 6)] = 0
                    ref[v, k] = np.maximum(ref[v, k], g)
        np.testing.assert_allclose(hm, ref, atol=1e-5)

    def test_empty(self):
        hm = render_gaussian_heatmaps(np.zeros((3, 0, 15, 2)),
                                      np.zeros((3, 0, 15)), (20, 10), 3.)
        self.assertEqual(hm.shape, (3, 15, 10, 20))
        self.assertEqual(hm.max(), 0)


class TestLetterbox(unittest.TestCase):

    def test_voxelpose_numbers(self):
        A = letterbox_affine(np.array([[1920, 1080]]), (960, 512))[0]
        # get_scale pads 1920x1080 to 2025x1080: factor 512 / 1080
        self.assertAlmostEqual(A[0, 0], 512 / 1080)
        self.assertAlmostEqual(A[1, 1], 512 / 1080)
        np.testing.assert_allclose(
            apply_affine(np.array([[960., 540.]]), A), [[480., 256.]])
        pad = apply_affine(np.array([[0., 0.]]), A)[0, 0]
        self.assertAlmostEqual(pad, (960 - 1920 * 512 / 1080) / 2)

    def test_image_warp_moves_points_like_the_affine(self):
        img = np.zeros((108, 192, 3), np.uint8)
        pts = np.array([[20., 30.], [150., 90.], [96., 54.]])
        for x, y in pts:
            cv2.circle(img, (int(x), int(y)), 3, (255, 255, 255), -1)
        t = MultiViewAffine(input_size=(96, 64), aug_prob=1., rot_range=20.,
                            scale_range=(0.9, 1.2))
        res = t(dict(img=[img],
                     cameras=_cams([[192, 108]]),
                     sample_seed=5))
        A = res['cameras'].affine[0].double().numpy()
        ref = cv2.warpAffine(img, A, (96, 64), flags=cv2.INTER_LINEAR)
        np.testing.assert_array_equal(res['img'][0], ref)
        self.assertEqual(res['heatmap_size'], (24, 16))
        for x, y in apply_affine(pts, A):
            win = res['img'][0][int(round(y)) - 1:int(round(y)) + 2,
                                int(round(x)) - 1:int(round(x)) + 2]
            self.assertGreater(win.max(), 100)

    def test_heatmap_mode(self):
        t = MultiViewAffine(input_size=(240, 128))
        res = t(dict(cameras=_cams([[1920, 1080]] * 2)))
        self.assertEqual(res['heatmap_size'], (240, 128))
        A = letterbox_affine(np.array([[1920, 1080]]), (960, 512))[0]
        np.testing.assert_allclose(res['cameras'].affine[0].numpy(), A / 4,
                                   atol=1e-6)
        self.assertEqual(res['cameras'].input_size, (240., 128.))


def _people(V=4, M=6, K=15, seed=0):
    rng = np.random.default_rng(seed)
    kp = rng.uniform(100, 900, size=(V, M, 1, 2)) + rng.normal(
        0, 60, size=(V, M, K, 2))
    return dict(
        keypoints_2d=kp.astype(np.float32),
        keypoints_2d_scores=np.ones((V, M, K), np.float32),
        cameras=_cams([[1000, 1000]] * V))


class TestEmulateDetections(unittest.TestCase):

    def test_rates(self):
        t = EmulateDetections(
            noise_px=3., noise_rel=0., outlier_prob=0., swap_prob=0.,
            miss_joint_prob=0.1, drop_person_prob=0.2,
            false_positive_rate=0.5, occlusion=False)
        miss, drop, fps, err = [], [], [], []
        for i in range(150):
            r = _people()
            r['sample_seed'] = i
            src = r['keypoints_2d'].copy()
            out = t(r)
            sc = out['keypoints_2d_scores']
            real = sc[:, :6]
            dropped = (real == 0).all(-1)
            drop.append(dropped.mean())
            miss.append((real[~dropped] == 0).mean())
            fps.append(((sc[:, 6:] > 0).any(-1)).sum() / 4.)
            d = out['keypoints_2d'][:, :6] - src
            err.append(d[real > 0])
        err = np.concatenate(err)
        self.assertAlmostEqual(np.mean(drop), 0.2, delta=0.04)
        self.assertAlmostEqual(np.mean(miss), 0.1, delta=0.03)
        self.assertAlmostEqual(np.mean(fps), 0.5, delta=0.12)
        self.assertAlmostEqual(float(err.std()), 3., delta=0.3)

    def test_deterministic_by_sample_seed(self):
        t = EmulateDetections()
        a = t(dict(_people(), sample_seed=11))
        b = t(dict(_people(), sample_seed=11))
        np.testing.assert_array_equal(a['keypoints_2d'], b['keypoints_2d'])

    def test_occlusion_by_closer_person(self):
        # Person 1 stands exactly behind person 0 in the single view.
        K = 15
        kp = np.zeros((1, 2, K, 2))
        kp[0, 0, :, 0] = 500 + np.linspace(-30, 30, K)
        kp[0, 0, :, 1] = np.linspace(300, 700, K)
        kp[0, 1] = kp[0, 0] + 5.
        depth = np.zeros((1, 2, K))
        depth[0, 0], depth[0, 1] = 3000., 5000.
        t = EmulateDetections(noise_px=0., noise_rel=0., outlier_prob=0.,
                              swap_prob=0., miss_joint_prob=0.,
                              drop_person_prob=0., false_positive_rate=0.,
                              score_std=0., occlusion_noise=1.)
        out = t(dict(
            keypoints_2d=kp, keypoints_2d_scores=np.ones((1, 2, K)),
            keypoints_depth=depth, sample_seed=0,
            cameras=_cams([[1000, 1000]])))
        sc = out['keypoints_2d_scores'][0]
        np.testing.assert_allclose(sc[0], 0.85, atol=1e-6)  # front
        self.assertGreater((sc[1] < 0.5).mean(), 0.8)  # behind: occluded


if __name__ == '__main__':
    unittest.main()
