"""The capsule renderer puts joints where the cameras say (checked against
cv2.projectPoints, with lens distortion), occluders hide exactly the pixels
they report, and the pre-render cache is reused only when it matches."""
import tempfile
import unittest
from pathlib import Path

import cv2
import numpy as np
from mmengine.registry import init_default_scope

import projects.mads.mads  # noqa: F401
from projects.mads.mads.datasets import stereo_rig
from projects.mads.mads.datasets.transforms import (Cutout, HideAndSeek,
                                                    RandomOccluders,
                                                    RenderCapsuleBodies)
from projects.mads.mads.datasets.transforms.capsule_render import (
    _PART, pixel_rays)
from selfpose_mm.registry import DATASETS

DIST = np.array([-0.28, 0.09, 0.002, -0.0015, 0.0])


def _camera(size=(96, 80), dist=DIST):
    cam = stereo_rig(2, 40., 3000., focal=110., image_size=size)[0]
    cam['dist'] = dist.copy()
    return cam


def _cv2_project(X, cam):
    rvec, _ = cv2.Rodrigues(cam['R'])
    uv, _ = cv2.projectPoints(X.reshape(-1, 1, 3), rvec, cam['t'],
                              cam['K'], cam['dist'])
    return uv.reshape(-1, 2)


def _render_spheres(centres, cam, radius=50.):
    """Render tiny spheres alone (no floor, no clutter, no noise)."""
    r = RenderCapsuleBodies(num_clutter=0, floor=False, noise_std=0.)
    scene = dict(a=centres, b=centres, r=np.full(len(centres), radius),
                 rgb=np.ones((len(centres), 3)),
                 owner=np.arange(len(centres)))
    st = lambda k: np.asarray(cam[k], np.float64)[None]  # noqa: E731
    return r.render(scene, st('K'), st('R'), st('t'), st('dist'),
                    tuple(cam['image_size']), np.random.default_rng(0))


class TestCapsuleRenderer(unittest.TestCase):

    def test_pixel_rays_reproject_to_their_pixels(self):
        cam = _camera()
        W, H = cam['image_size']
        rays = pixel_rays(cam['K'][None], cam['dist'][None], (W, H))[0]
        # points on every pixel's ray at 2-5 m, back in world coordinates
        depth = np.random.default_rng(0).uniform(2000, 5000, len(rays))
        Xc = rays * depth[:, None]
        Xw = (Xc - cam['t']) @ cam['R']
        uv = _cv2_project(Xw, cam)
        u, v = np.meshgrid(np.arange(W), np.arange(H))
        grid = np.stack([u.ravel(), v.ravel()], -1)
        self.assertLess(np.abs(uv - grid).max(), 1e-4)

    def test_joints_render_where_cv2_projects_them(self):
        cam = _camera()
        rng = np.random.default_rng(1)
        # joints around the rig target, spaced so the spheres do not touch
        X = np.array([0., 0., 900.]) + rng.uniform(-700, 700, (12, 3))
        X[:, 2] = np.linspace(200., 1700., 12)
        out = _render_spheres(X, cam)
        uv = _cv2_project(X, cam)
        for j in range(len(X)):
            ys, xs = np.nonzero(out['owner'][0] == j)
            self.assertGreater(len(xs), 4, f'sphere {j} not drawn')
            centroid = np.array([xs.mean(), ys.mean()])
            self.assertLess(np.abs(centroid - uv[j]).max(), 0.35,
                            f'joint {j}: rendered at {centroid}, '
                            f'cv2 projects to {uv[j]}')
        # the check can fail: ignoring this lens moves points by more
        # than twice the tolerance
        plain = _cv2_project(X, dict(cam, dist=np.zeros(5)))
        self.assertGreater(np.abs(plain - uv).max(), 2 * 0.35)

    def test_transform_left_right_colours_and_occlusion_flags(self):
        cam = _camera(dist=np.zeros(5))
        from selfpose_mm.datasets.synthetic import ProceduralBody
        from projects.mads.mads.datasets import panoptic15_to_mads19
        pose = panoptic15_to_mads19(
            ProceduralBody().sample(1, np.random.default_rng(3)))[0]
        r = RenderCapsuleBodies(num_clutter=0, floor=False, noise_std=0.)
        scene = r.scene(pose[None], np.random.default_rng(0))
        st = lambda k: np.asarray(cam[k], np.float64)[None]  # noqa: E731
        out = r.render(scene, st('K'), st('R'), st('t'), st('dist'),
                       tuple(cam['image_size']), np.random.default_rng(0))
        rgb = out['rgb'][0].astype(float)
        cap = out['capsule'][0]
        left = np.isin(cap, np.nonzero((_PART == 2) | (_PART == 4))[0])
        right = np.isin(cap, np.nonzero((_PART == 3) | (_PART == 5))[0])
        self.assertTrue(left.any() and right.any())
        self.assertGreater((rgb[left, 0] - rgb[left, 2]).mean(), 40)
        self.assertGreater((rgb[right, 2] - rgb[right, 0]).mean(), 40)
        res = r(dict(keypoints_3d=pose, cameras=[cam], sample_idx=0))
        self.assertEqual(res['imgs'][0].shape, (80, 96, 3))
        self.assertEqual(res['imgs'][0].dtype, np.uint8)
        self.assertFalse(res['keypoints_2d_self_occluded'][0, 1])
        # a pillar of capsules between the camera and the pelvis hides it
        centre = -cam['R'].T @ cam['t']
        wall = centre + 0.3 * (pose[1] - centre)
        pillar = wall + np.outer(np.linspace(-600, 600, 19), [0, 0, 1.])
        res = r(dict(keypoints_3d=pose, others_3d=pillar[None],
                     cameras=[cam], sample_idx=0))
        self.assertTrue(res['keypoints_2d_self_occluded'][0, 1])

    def test_different_image_sizes_raise(self):
        cams = [_camera(), _camera(size=(64, 64))]
        with self.assertRaisesRegex(ValueError, 'image_size'):
            RenderCapsuleBodies()(dict(
                keypoints_3d=np.zeros((19, 3)), cameras=cams, sample_idx=0))


class TestOccluders(unittest.TestCase):

    def _views(self, value):
        return [np.full((64, 72, 3), value, np.uint8) for _ in range(2)]

    def test_random_occluders_hide_exactly_their_mask(self):
        kp = np.random.default_rng(0).uniform(0, 64, (2, 19, 2))
        occ = RandomOccluders(num_occluders=(1, 3), seed=5)
        outs = []
        for base in (self._views(0), self._views(255),
                     [np.random.default_rng(1).integers(
                         0, 256, (64, 72, 3)).astype(np.uint8)
                      for _ in range(2)]):
            res = occ(dict(imgs=[b.copy() for b in base], keypoints_2d=kp,
                           sample_idx=11))
            outs.append((base, res))
        mask = outs[0][1]['occluder_masks']
        self.assertTrue(mask.any(-1).any(-1).all())  # every view occluded
        for base, res in outs:
            np.testing.assert_array_equal(res['occluder_masks'], mask)
            for v in range(2):
                img = res['imgs'][v]
                # outside: untouched; inside: independent of what was there
                np.testing.assert_array_equal(img[~mask[v]],
                                              base[v][~mask[v]])
                np.testing.assert_array_equal(img[mask[v]],
                                              outs[0][1]['imgs'][v][mask[v]])
        # the reported joints are those on masked pixels
        ij = np.floor(kp + 0.5).astype(int)
        for v in range(2):
            for k in range(19):
                x, y = ij[v, k]
                expect = 0 <= x < 72 and 0 <= y < 64 and mask[v, y, x]
                self.assertEqual(res['keypoints_2d_occluded'][v, k], expect)

    def test_cutout_and_hide_and_seek_fill_exactly_their_mask(self):
        for aug in (Cutout(prob=1., num_holes=4, hole_size=15,
                           fill_value=77),
                    HideAndSeek(prob=1., fill_value=77)):
            np.random.seed(3)
            base = [np.random.randint(0, 77, (64, 72, 3)).astype(np.uint8)
                    for _ in range(2)]
            res = aug(dict(imgs=[b.copy() for b in base],
                           keypoints_2d=np.zeros((2, 19, 2)),
                           keypoints_2d_visible=np.ones((2, 19))))
            for v in range(2):
                m = res['occlusion_masks'][v]
                self.assertTrue(m.any())
                changed = (res['imgs'][v] != base[v]).any(-1)
                np.testing.assert_array_equal(changed, m)
                self.assertTrue((res['imgs'][v][m] == 77).all())

    def test_bad_arguments(self):
        with self.assertRaises(ValueError):
            RandomOccluders(num_occluders=(2, 1))
        with self.assertRaises(ValueError):
            RandomOccluders(size_range=(0., 0.2))


class TestCapsuleStereoDataset(unittest.TestCase):

    def test_prerender_cache_is_reused_only_when_it_matches(self):
        init_default_scope('selfpose_mm')
        with tempfile.TemporaryDirectory() as tmp:
            cache = str(Path(tmp) / 'c.npz')
            cfg = dict(
                type='CapsuleStereoDataset', num_samples=3, seed=4,
                focal=60., image_size=(48, 40), num_distractors=(1, 2),
                prerender=dict(type='RenderCapsuleBodies', num_clutter=3),
                cache_file=cache)
            a = DATASETS.build(cfg)
            info = a.get_data_info(1)
            self.assertEqual(len(info['imgs']), 2)
            self.assertEqual(info['imgs'][0].shape, (40, 48, 3))
            self.assertIn(len(info['others_3d']), (1, 2))
            # a cache file with the right fingerprint is read, not re-rendered
            with np.load(cache) as z:
                fake = dict(z)
            fake['imgs'] = np.zeros_like(fake['imgs'])
            np.savez(cache, **fake)
            b = DATASETS.build(cfg)
            self.assertEqual(b.get_data_info(1)['imgs'][0].max(), 0)
            # other arguments: rendered again
            c = DATASETS.build(dict(cfg, seed=5))
            self.assertGreater(c.get_data_info(1)['imgs'][0].max(), 0)
            with self.assertRaisesRegex(ValueError, 'num_distractors'):
                DATASETS.build(dict(cfg, num_distractors=(2, 1)))
            # a renderer change (RENDER_VERSION) invalidates the cache too
            from projects.mads.mads.datasets import capsule_stereo
            old = capsule_stereo.RENDER_VERSION
            try:
                capsule_stereo.RENDER_VERSION = old - 1
                d = DATASETS.build(dict(cfg, seed=5))
            finally:
                capsule_stereo.RENDER_VERSION = old
            self.assertGreater(d.get_data_info(1)['imgs'][0].max(), 0)

    def test_render_workers_give_the_same_images(self):
        init_default_scope('selfpose_mm')
        cfg = dict(
            type='CapsuleStereoDataset', num_samples=5, seed=2, focal=60.,
            image_size=(48, 40), num_distractors=(0, 2),
            prerender=dict(type='RenderCapsuleBodies', num_clutter=3))
        one = DATASETS.build(cfg)
        two = DATASETS.build(dict(cfg, render_workers=2))
        for i in range(5):
            a, b = one.get_data_info(i), two.get_data_info(i)
            np.testing.assert_array_equal(np.stack(a['imgs']),
                                          np.stack(b['imgs']))
            np.testing.assert_array_equal(a['keypoints_2d_self_occluded'],
                                          b['keypoints_2d_self_occluded'])

    def test_limb_segments_have_their_own_hue(self):
        from projects.mads.mads.datasets.transforms.capsule_render import (
            BODY_LINKS, _SEGMENT_RGB)
        limb = _PART >= 2
        self.assertFalse(np.isnan(_SEGMENT_RGB[limb]).any())
        self.assertTrue(np.isnan(_SEGMENT_RGB[~limb]).all())
        # every pair of limb segments differs clearly in colour
        cols = _SEGMENT_RGB[limb]
        d = np.linalg.norm(cols[:, None] - cols[None], axis=-1)
        self.assertGreater(d[~np.eye(len(cols), dtype=bool)].min(), 0.25)
        # left segments warm, right ones cool
        left = np.isin(_PART, (2, 4))
        right = np.isin(_PART, (3, 5))
        self.assertTrue((_SEGMENT_RGB[left, 0] > _SEGMENT_RGB[left, 2]).all())
        self.assertTrue(
            (_SEGMENT_RGB[right, 2] > _SEGMENT_RGB[right, 0]).all())
        self.assertEqual(len(BODY_LINKS), len(_SEGMENT_RGB))


if __name__ == '__main__':
    unittest.main()
