"""MultiViewCameras against independent references (OpenCV, per-view
loops over geometry.Camera), and its round trips."""
import pickle
import tempfile
import unittest
from pathlib import Path

import cv2
import numpy as np
import torch

from selfpose_mm.geometry import Camera, ring_rig, save_simple_json
from selfpose_mm.structures import (CAMERA_FIELDS, MultiViewCameras,
                                    camera_set_key)


def _rig(num_views=4, seed=0, dist_scale=1.):
    """V cameras with distinct, strong-ish distortion and affines."""
    rng = np.random.default_rng(seed)
    cams, affines = [], []
    for v, c in enumerate(ring_rig(num_views, azimuth_offset=17. * seed)):
        dist = dist_scale * np.array([
            rng.uniform(-0.3, -0.1), rng.uniform(0.02, 0.1),
            rng.uniform(-1e-3, 1e-3), rng.uniform(-1e-3, 1e-3),
            rng.uniform(-0.02, 0.)
        ])
        K = c['K'].copy()
        K[0, 0] *= rng.uniform(0.9, 1.1)
        K[1, 2] += rng.uniform(-30., 30.)  # (cv2.projectPoints has no skew)
        cams.append(
            Camera(name=f'c{v}', K=K, R=c['R'], t=c['t'], dist=dist,
                   image_size=tuple(int(s) for s in c['image_size'])))
        s = rng.uniform(0.2, 0.4)
        affines.append(
            np.array([[s, 0., rng.uniform(-20, 20)],
                      [0., s, rng.uniform(-20, 20)]]))
    return cams, np.stack(affines)


def _cv2_project(cam: Camera, pts: np.ndarray) -> np.ndarray:
    rvec, _ = cv2.Rodrigues(cam.R)
    uv, _ = cv2.projectPoints(pts.reshape(-1, 1, 3), rvec, cam.t, cam.K,
                              cam.dist)
    return uv.reshape(-1, 2)


class TestMultiViewCameras(unittest.TestCase):

    def setUp(self):
        self.cams0, self.aff0 = _rig(4, seed=0)
        self.cams1, self.aff1 = _rig(4, seed=1)
        rng = np.random.default_rng(5)
        self.pts = rng.uniform([-1500, -1500, 0], [1500, 1500, 1800],
                               (20, 3))
        self.s0 = MultiViewCameras.from_cameras(
            self.cams0, affine=self.aff0, input_size=(256, 256),
            dtype=torch.float64)
        self.s1 = MultiViewCameras.from_cameras(
            self.cams1, affine=self.aff1, input_size=(256, 256),
            dtype=torch.float64)
        self.batch = MultiViewCameras.stack([self.s0, self.s1])

    def test_shapes_and_len(self):
        self.assertEqual(self.s0.batch_shape, (4, ))
        self.assertEqual(self.batch.batch_shape, (2, 4))
        self.assertEqual(len(self.batch), 4)
        self.assertEqual(self.batch.num_views, 4)
        self.assertEqual(self.batch.batch_size, 2)
        self.assertTrue(self.batch.is_batched)
        self.assertFalse(self.s0.is_batched)
        with self.assertRaises(ValueError):
            MultiViewCameras(K=np.zeros((4, 3, 3)), R=np.zeros((3, 3, 3)),
                             t=np.zeros((4, 3)))
        with self.assertRaises(ValueError):
            MultiViewCameras(K=np.zeros((4, 3, 3)), R=np.zeros((4, 3, 3)),
                             t=np.zeros((4, 3)), dist_model='fisheye')

    def test_project_matches_cv2_per_view(self):
        pts = torch.from_numpy(self.pts)
        uv = self.batch.project(pts)  # (N, 3) broadcast to (2, 4, N, 2)
        self.assertEqual(tuple(uv.shape), (2, 4, 20, 2))
        for b, cams in enumerate((self.cams0, self.cams1)):
            for v, cam in enumerate(cams):
                np.testing.assert_allclose(
                    uv[b, v].numpy(), _cv2_project(cam, self.pts),
                    rtol=0, atol=1e-6)
        # per-view points (B, V, N, 3) give the same as broadcasting
        same = self.batch.project(pts.expand(2, 4, 20, 3))
        torch.testing.assert_close(same, uv)
        # to_input applies each view's affine after projection
        uv_in = self.batch.project(pts, to_input=True)
        for b, aff in enumerate((self.aff0, self.aff1)):
            for v in range(4):
                ref = uv[b, v].numpy() @ aff[v, :, :2].T + aff[v, :, 2]
                np.testing.assert_allclose(uv_in[b, v].numpy(), ref,
                                           atol=1e-9)

    def test_project_float32_and_skip_zero_dist(self):
        s32 = self.s0.to(torch.float32)
        uv = s32.project(torch.from_numpy(self.pts).float())
        for v, cam in enumerate(self.cams0):
            np.testing.assert_allclose(uv[v].numpy(),
                                       _cv2_project(cam, self.pts),
                                       atol=2e-3)
        flat, _ = _rig(3, seed=2, dist_scale=0.)
        s = MultiViewCameras.from_cameras(flat, dtype=torch.float64)
        self.assertFalse(s.has_distortion)
        pts = torch.from_numpy(self.pts)
        self.assertTrue(torch.equal(s.project(pts),
                                    s.project(pts, skip_zero_dist=True)))

    def test_project_is_differentiable(self):
        pts = torch.from_numpy(self.pts).requires_grad_(True)
        self.batch.project(pts, to_input=True).sum().backward()
        self.assertTrue(bool(torch.isfinite(pts.grad).all()))
        self.assertGreater(float(pts.grad.abs().sum()), 0.)

    def test_world_to_camera_centers_projection_matrices(self):
        cam_pts = self.batch.world_to_camera(torch.from_numpy(self.pts))
        centers = self.batch.centers
        P = self.batch.projection_matrices
        self.assertEqual(tuple(P.shape), (2, 4, 3, 4))
        for b, cams in enumerate((self.cams0, self.cams1)):
            for v, cam in enumerate(cams):
                np.testing.assert_allclose(cam_pts[b, v].numpy(),
                                           self.pts @ cam.R.T + cam.t,
                                           atol=1e-9)
                np.testing.assert_allclose(centers[b, v].numpy(),
                                           cam.center, atol=1e-6)
                np.testing.assert_allclose(P[b, v].numpy(),
                                           cam.projection_matrix,
                                           atol=1e-6)

    def test_undistort_matches_cv2_and_unproject_round_trip(self):
        pts = torch.from_numpy(self.pts)
        uv = self.batch.project(pts)
        ideal = self.batch.undistort(uv)
        for b, cams in enumerate((self.cams0, self.cams1)):
            for v, cam in enumerate(cams):
                ref = cv2.undistortPointsIter(
                    uv[b, v].numpy().reshape(-1, 1, 2), cam.K, cam.dist,
                    None, cam.K,
                    (cv2.TERM_CRITERIA_COUNT | cv2.TERM_CRITERIA_EPS, 200,
                     1e-14))
                np.testing.assert_allclose(ideal[b, v].numpy(),
                                           ref.reshape(-1, 2), atol=1e-4)
                # ideal pixels = distortion-free projection
                nodist = Camera('x', cam.K, cam.R, cam.t).project(self.pts)
                np.testing.assert_allclose(ideal[b, v].numpy(), nodist,
                                           atol=1e-6)
        depth = self.batch.world_to_camera(pts)[..., 2]
        back = self.batch.unproject(uv, depth)
        np.testing.assert_allclose(
            back.numpy(), np.broadcast_to(self.pts, back.shape), atol=1e-5)

    def test_select_views(self):
        sub = self.batch.select([3, 1])
        self.assertEqual(sub.batch_shape, (2, 2))
        pts = torch.from_numpy(self.pts)
        full = self.batch.project(pts, to_input=True)
        torch.testing.assert_close(sub.project(pts, to_input=True),
                                   full[:, [3, 1]])
        torch.testing.assert_close(self.batch.select(slice(1, 3)).K,
                                   self.batch.K[:, 1:3])
        one = self.s0.select(2)
        self.assertEqual(one.batch_shape, (1, ))
        torch.testing.assert_close(one.project(pts)[0],
                                   self.s0.project(pts)[2])
        # selecting every view in order is the identity (same key)
        self.assertEqual(self.batch.select(range(4)).sample_keys(),
                         self.batch.sample_keys())
        self.assertNotEqual(sub.sample_keys(), self.batch.sample_keys())

    def test_stack_index_cat_round_trips(self):
        for name in CAMERA_FIELDS:
            self.assertTrue(torch.equal(getattr(self.batch[0], name),
                                        getattr(self.s0, name)))
            self.assertTrue(torch.equal(getattr(self.batch[1], name),
                                        getattr(self.s1, name)))
        self.assertEqual(self.batch[1].key(), self.s1.key())
        rep = self.batch[[1, 0, 1]]
        self.assertEqual(rep.batch_shape, (3, 4))
        self.assertEqual(rep.sample_keys(), [self.s1.key(), self.s0.key(),
                                             self.s1.key()])
        both = MultiViewCameras.cat([self.batch, self.batch[1:]])
        self.assertEqual(both.batch_shape, (3, 4))
        self.assertTrue(torch.equal(both.t[2], self.s1.t))
        # keys of cat/indexing equal freshly computed ones
        fresh = MultiViewCameras(
            both.K, both.R, both.t, both.dist, both.image_size, both.affine,
            both.dist_model, both.input_size)
        self.assertEqual(both.sample_keys(), fresh.sample_keys())
        with self.assertRaises(ValueError):
            MultiViewCameras.stack([self.s0, self.s0.select([0, 1])])
        other = MultiViewCameras.from_cameras(self.cams1, affine=self.aff1,
                                              input_size=(128, 128))
        with self.assertRaises(ValueError):
            MultiViewCameras.stack([self.s0, other])
        with self.assertRaises(IndexError):
            self.s0[0]

    def test_to_device_dtype(self):
        s32 = self.batch.to(torch.float32)
        self.assertEqual(s32.dtype, torch.float32)
        back = s32.to(torch.float64)
        torch.testing.assert_close(back.K, self.batch.K, rtol=1e-6,
                                   atol=1e-4)
        moved = self.batch.to('cpu')
        self.assertEqual(moved.device.type, 'cpu')
        self.assertEqual(moved.key(), self.batch.key())
        self.assertEqual(moved.dist_model, self.batch.dist_model)
        self.assertEqual(moved.input_size, (256., 256.))
        restored = pickle.loads(pickle.dumps(self.batch))
        self.assertEqual(restored.key(), self.batch.key())

    def test_key_changes_with_every_value(self):
        base = MultiViewCameras.from_cameras(self.cams0, affine=self.aff0,
                                             input_size=(256, 256))
        ref = base.key()
        same = MultiViewCameras.from_cameras(self.cams0, affine=self.aff0,
                                             input_size=(256, 256))
        self.assertEqual(same.key(), ref)
        arrays = {n: getattr(base, n).numpy() for n in CAMERA_FIELDS}
        self.assertEqual(camera_set_key(arrays, 'opencv', (256, 256)), ref)
        for name in CAMERA_FIELDS:
            for idx in np.ndindex(arrays[name].shape):
                if idx[0] != 2:  # one view is enough per entry
                    continue
                changed = {n: a.copy() for n, a in arrays.items()}
                changed[name][idx] += 0.5
                cams = MultiViewCameras(
                    **changed, dist_model='opencv', input_size=(256, 256))
                self.assertNotEqual(cams.key(), ref, (name, idx))
        self.assertNotEqual(
            MultiViewCameras(**arrays, dist_model='h36m',
                             input_size=(256, 256)).key(), ref)
        self.assertNotEqual(
            MultiViewCameras(**arrays, input_size=(256, 255)).key(), ref)
        # a batch's key follows its samples, in order
        b01 = MultiViewCameras.stack([self.s0, self.s1])
        b10 = MultiViewCameras.stack([self.s1, self.s0])
        self.assertNotEqual(b01.key(), b10.key())
        self.assertEqual(b01.sample_keys(), [self.s0.key(), self.s1.key()])

    def test_camera_round_trips(self):
        cams = self.s0.to_cameras([c.name for c in self.cams0])
        for a, b in zip(cams, self.cams0):
            for name in ('K', 'R', 't', 'dist'):
                np.testing.assert_allclose(getattr(a, name),
                                           getattr(b, name), atol=1e-12)
            self.assertEqual(a.image_size, b.image_size)
            self.assertEqual(a.name, b.name)
        params = self.s0.to_camera_params()
        self.assertEqual(params['image_size'].dtype, np.int32)
        again = MultiViewCameras.from_camera_params(
            params, affine=self.aff0, input_size=(256, 256))
        self.assertEqual(again.key(), self.s0.to(torch.float32).key())
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / 'calib.json'
            save_simple_json(self.cams0, path)
            loaded = MultiViewCameras.from_calibration(
                str(path), camera_names=['c2', 'c0'], dtype=torch.float64)
            torch.testing.assert_close(loaded.K, self.s0.K[[2, 0]])
            torch.testing.assert_close(loaded.t, self.s0.t[[2, 0]])
            with self.assertRaises(KeyError):
                MultiViewCameras.from_calibration(str(path),
                                                  camera_names=['nope'])
        with self.assertRaises(KeyError):
            MultiViewCameras.from_camera_params({'K': params['K']})

    def test_defaults(self):
        cams = [Camera(c.name, c.K, c.R, c.t) for c in self.cams0]
        s = MultiViewCameras.from_cameras(cams)
        self.assertFalse(s.has_distortion)
        pts = torch.from_numpy(self.pts).float()
        torch.testing.assert_close(s.project(pts, to_input=True),
                                   s.project(pts))
        self.assertEqual(float(s.image_size.abs().sum()), 0.)
        self.assertIsNone(s.to_cameras()[0].image_size)

    def test_project_camera_points_is_identity_extrinsics(self):
        cam_pts = self.batch.world_to_camera(
            torch.from_numpy(self.pts))  # (2, 4, N, 3)
        torch.testing.assert_close(
            self.batch.project_camera_points(cam_pts),
            self.batch.project(torch.from_numpy(self.pts)))

    def test_flip_horizontal_mirrors_pixels(self):
        """Camera-frame points mirrored (x -> -x) projected by the flipped
        cameras land on w - u, for both distortion models, with skew;
        flipping twice gives the cameras back."""
        cam_pts = self.batch.world_to_camera(torch.from_numpy(self.pts))
        mirrored = cam_pts * cam_pts.new_tensor([-1., 1., 1.])
        for model in ('opencv', 'h36m'):
            K = self.batch.K.clone()
            K[..., 0, 1] = 3.  # a skewed camera too
            cams = MultiViewCameras(
                K=K, R=self.batch.R, t=self.batch.t, dist=self.batch.dist,
                image_size=self.batch.image_size, affine=self.batch.affine,
                dist_model=model)
            flipped = cams.flip_horizontal()
            uv = cams.project_camera_points(cam_pts)
            uv_f = flipped.project_camera_points(mirrored)
            w = cams.image_size[..., 0, None]
            torch.testing.assert_close(uv_f[..., 0], w - uv[..., 0])
            torch.testing.assert_close(uv_f[..., 1], uv[..., 1])
            # the unflipped camera does not do it (the test has teeth)
            bad = cams.project_camera_points(mirrored)
            self.assertGreater(
                float((bad[..., 0] - (w - uv[..., 0])).abs().max()), 1.)
            back = flipped.flip_horizontal()
            torch.testing.assert_close(back.K, cams.K)
            self.assertTrue(torch.equal(back.dist, cams.dist))
            for name in ('R', 't', 'affine', 'image_size'):
                self.assertIs(getattr(flipped, name), getattr(cams, name))
            self.assertEqual(flipped.dist_model, model)
        # explicit width (one float), float32 cx computed in float64
        one = self.s0.to(torch.float32).select(0)
        f = one.flip_horizontal(1000.)
        self.assertEqual(
            float(f.K[0, 0, 2]),
            float(np.float32(1000. - np.float64(one.K[0, 0, 2]))))
        with self.assertRaisesRegex(ValueError, 'width'):
            MultiViewCameras(K=one.K, R=one.R, t=one.t).flip_horizontal()

    def test_without_distortion(self):
        s = self.batch.without_distortion()
        self.assertFalse(s.has_distortion)
        self.assertTrue(self.batch.has_distortion)
        pts = torch.from_numpy(self.pts)
        torch.testing.assert_close(
            s.project(pts),
            MultiViewCameras(K=self.batch.K, R=self.batch.R,
                             t=self.batch.t).project(pts))


if __name__ == '__main__':
    unittest.main()


class TestPackedContract(unittest.TestCase):
    """Datasets' (V,) structures, their batches and the plain-array form."""

    def setUp(self):
        self.cams, self.aff = _rig(3, seed=4)

    def test_stack_cameras_equals_plain_stacking(self):
        from selfpose_mm.datasets import stack_cameras
        got = stack_cameras(self.cams)
        self.assertEqual(got.batch_shape, (3, ))
        self.assertEqual(got.dtype, torch.float32)
        got = got.to_camera_params()
        ref = dict(
            K=np.stack([c.K for c in self.cams]).astype(np.float32),
            R=np.stack([c.R for c in self.cams]).astype(np.float32),
            t=np.stack([c.t for c in self.cams]).astype(np.float32),
            dist=np.stack([c.dist for c in self.cams]).astype(np.float32),
            image_size=np.array([c.image_size for c in self.cams],
                                np.int32),
            dist_model='opencv')
        self.assertEqual(list(got), list(ref))
        for k in ('K', 'R', 't', 'dist', 'image_size'):
            self.assertEqual(got[k].dtype, ref[k].dtype)
            np.testing.assert_array_equal(got[k], ref[k])
        self.assertEqual(got['dist_model'], 'opencv')

    def test_batch_cameras_stacks_the_samples_cameras(self):
        from mmpose.structures import PoseDataSample

        from selfpose_mm.datasets import project_to_views, stack_cameras
        from selfpose_mm.structures import (MultiViewPoseDataSample,
                                            batch_cameras)
        other, aff2 = _rig(3, seed=6)
        samples, singles = [], []
        for cams, aff in ((self.cams, self.aff), (other, aff2)):
            one = stack_cameras(cams).with_affine(aff.astype(np.float32),
                                                  (200, 150))
            singles.append(one)
            sample = MultiViewPoseDataSample(metainfo=dict(
                input_size=(200, 150)))
            sample.cameras = one
            samples.append(sample)
        batch = batch_cameras(samples)
        self.assertEqual(batch.batch_shape, (2, 3))
        self.assertEqual(batch_cameras(samples, dtype=torch.float64).dtype,
                         torch.float64)
        for b, one in enumerate(singles):
            for k in CAMERA_FIELDS:
                np.testing.assert_array_equal(
                    getattr(batch, k)[b].numpy(), getattr(one, k).numpy())
            np.testing.assert_array_equal(
                batch.affine[b].numpy(), (self.aff, aff2)[b].astype(
                    np.float32))
            arrays = {n: getattr(batch, n)[b].numpy()
                      for n in CAMERA_FIELDS}
            self.assertEqual(batch.sample_keys()[b],
                             camera_set_key(arrays, 'opencv', (200, 150)))
            self.assertEqual(batch.sample_keys()[b], one.key())
            pts = np.random.default_rng(b).uniform(-800, 800, (2, 4, 3))
            pts[..., 2] += 900.
            for x, y in zip(project_to_views(pts, one),
                            project_to_views(pts, batch[b])):
                np.testing.assert_array_equal(x, y)
        # the dict contract is gone: a clear error, naming the converter
        legacy = PoseDataSample(metainfo=dict(
            camera_params=singles[0].to_camera_params()))
        with self.assertRaisesRegex(KeyError, 'from_camera_params'):
            batch_cameras([legacy])
        with self.assertRaises(TypeError):
            project_to_views(pts, singles[0].to_camera_params())
        with self.assertRaises(ValueError):
            short = MultiViewPoseDataSample()
            short.cameras = singles[1].with_affine(singles[1].affine,
                                                   (100, 100))
            batch_cameras(samples[:1] + [short])

    def test_with_and_compose_affine(self):
        from selfpose_mm.geometry import apply_affine
        s = MultiViewCameras.from_cameras(self.cams, input_size=(64, 48))
        A = self.aff.astype(np.float32)
        a = s.with_affine(A, (80, 60))
        self.assertEqual(a.input_size, (80., 60.))
        self.assertTrue(torch.equal(a.K, s.K))
        np.testing.assert_array_equal(a.affine.numpy(), A)
        with self.assertRaises(ValueError):
            s.with_affine(A[:2])
        E = np.array([[0.5, 0.1, 3.], [-0.1, 0.5, -2.]])
        c = a.compose_affine(E)
        self.assertEqual(c.input_size, (80., 60.))
        pts = np.random.default_rng(0).uniform(0, 300, (5, 2))
        for v in range(3):
            want = apply_affine(apply_affine(pts, A[v].astype(np.float64)),
                                E)
            np.testing.assert_allclose(
                apply_affine(pts, c.affine[v].double().numpy()), want,
                rtol=1e-5, atol=1e-3)
        per_view = a.compose_affine(np.stack([E] * 3))
        np.testing.assert_allclose(per_view.affine.numpy(),
                                   c.affine.numpy(), atol=1e-6)

    def test_from_camera_params_keeps_float64(self):
        params = {k: np.stack([getattr(c, k) for c in self.cams])
                  for k in ('K', 'R', 't', 'dist')}
        s = MultiViewCameras.from_camera_params(params, dtype=torch.float64)
        for k, v in params.items():
            np.testing.assert_array_equal(getattr(s, k).numpy(), v)
        self.assertEqual(float(s.image_size.abs().sum()), 0.)

    def test_voxel_projector_rejects_camera_dicts(self):
        from selfpose_mm.models.utils import VoxelProjector
        s = MultiViewCameras.stack([MultiViewCameras.from_cameras(
            self.cams, affine=self.aff, input_size=(64, 48))])
        hm = torch.rand(1, 3, 2, 12, 16)
        spec = dict(space_size=(2000., ) * 3, space_center=(0., 0., 900.),
                    cube_shape=(4, 4, 4))
        out = VoxelProjector().project_space(hm, s, **spec)
        self.assertEqual(tuple(out.shape), (1, 2, 4, 4, 4))
        as_dict = {n: getattr(s, n) for n in CAMERA_FIELDS}
        as_dict.update(input_size=s.input_size, dist_model=s.dist_model)
        with self.assertRaises(TypeError):
            VoxelProjector().project_space(hm, as_dict, **spec)
        with self.assertRaises(ValueError):
            VoxelProjector().project_space(hm[:, :2], s, **spec)
