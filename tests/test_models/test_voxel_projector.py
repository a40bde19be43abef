"""VoxelProjector against a brute-force per-voxel, per-view projection."""
import unittest

import cv2
import numpy as np
import torch

from selfpose_mm.models.utils import (VoxelProjector, batch_cameras,
                                      voxel_offsets)
from selfpose_mm.structures import MultiViewCameras
from tests.test_models.fake_multiview import camera_arrays, make_batch


def _bilinear_zero(hm: np.ndarray, x: float, y: float) -> np.ndarray:
    """``hm (C, H, W)`` sampled at heatmap px (x, y), zero outside."""
    c, h, w = hm.shape
    x0, y0 = int(np.floor(x)), int(np.floor(y))
    out = np.zeros(c)
    for xi, yi in ((x0, y0), (x0 + 1, y0), (x0, y0 + 1), (x0 + 1, y0 + 1)):
        wgt = (1 - abs(x - xi)) * (1 - abs(y - yi))
        if 0 <= xi < w and 0 <= yi < h:
            out += wgt * hm[:, yi, xi]
    return out


def brute_force(heatmaps: np.ndarray,
                sample,
                points: np.ndarray,
                mask_behind: bool = True,
                counts: list = None) -> np.ndarray:
    """``heatmaps (V, C, H, W)``, world points ``(P, 3)`` -> ``(C, P)``.

    ``counts``, if given, receives the number of views seeing each point.
    """
    meta = sample.metainfo
    cp = camera_arrays(sample.cameras)
    v_count, c, h, w = heatmaps.shape
    in_w, in_h = meta['input_size']
    out = np.zeros((c, len(points)))
    for p, pt in enumerate(points.astype(np.float64)):
        acc, count = np.zeros(c), 0.
        for v in range(v_count):
            K, R = cp['K'][v].astype(np.float64), cp['R'][v].astype(
                np.float64)
            t = cp['t'][v].astype(np.float64)
            rvec, _ = cv2.Rodrigues(R)
            uv, _ = cv2.projectPoints(pt[None], rvec, t, K,
                                      cp['dist'][v].astype(np.float64))
            u, vv = uv.reshape(2)
            w0, h0 = cp['image_size'][v]
            seen = 0 <= u < w0 and 0 <= vv < h0
            if mask_behind:
                seen = seen and (R @ pt + t)[2] > 0
            bound = max(w0, h0)
            u, vv = min(max(u, -1.), bound), min(max(vv, -1.), bound)
            A = cp['affine'][v].astype(np.float64)
            x, y = A @ np.array([u, vv, 1.])
            x, y = x * w / in_w, y * h / in_h
            x = min(max(x, -0.05 * (w - 1)), 1.05 * (w - 1))
            y = min(max(y, -0.05 * (h - 1)), 1.05 * (h - 1))
            if seen:
                acc += _bilinear_zero(heatmaps[v], x, y)
                count += 1
        out[:, p] = acc / (count + 1e-6)
        if counts is not None:
            counts.append(count)
    return np.clip(out, 0, 1)


class TestVoxelProjector(unittest.TestCase):

    def setUp(self):
        torch.manual_seed(0)
        self.inputs, self.samples = make_batch([1, 2], seed=3)
        rng = np.random.default_rng(0)
        # random values make the test sensitive to every sub-pixel error
        self.heatmaps = torch.from_numpy(
            rng.uniform(0, 1, (2, ) + tuple(self.inputs[0].shape)).astype(
                np.float32))
        self.cams = batch_cameras(self.samples)
        self.space = dict(
            space_size=(6000., 6000., 2000.),
            space_center=(0., 0., 900.),
            cube_shape=(5, 4, 3))

    def test_space_matches_brute_force(self):
        proj = VoxelProjector()
        out = proj.project_space(self.heatmaps, self.cams, **self.space)
        self.assertEqual(tuple(out.shape), (2, 15, 5, 4, 3))
        pts = (voxel_offsets(self.space['space_size'],
                             self.space['cube_shape']) +
               torch.tensor(self.space['space_center'])).numpy()
        for b in range(2):
            ref = brute_force(self.heatmaps[b].numpy(),
                              self.samples[b], pts)
            np.testing.assert_allclose(
                out[b].reshape(15, -1).numpy(), ref, atol=2e-4)
        # the space is large: some voxels are seen by some views only
        counts = []
        brute_force(self.heatmaps[0].numpy(), self.samples[0], pts,
                    counts=counts)
        self.assertGreater(len(set(counts)), 1)

    def test_cubes_match_brute_force_and_space(self):
        proj = VoxelProjector()
        centers = torch.tensor([[300., -200., 900.], [-800., 500., 1000.],
                                [0., 0., 900.]])
        bidx = torch.tensor([0, 1, 1])
        size, shape = (1200., 1000., 800.), (4, 3, 4)
        out = proj.project_cubes(self.heatmaps, self.cams, centers, bidx,
                                 size, shape)
        self.assertEqual(tuple(out.shape), (3, 15, 4, 3, 4))
        offs = voxel_offsets(size, shape)
        for m in range(3):
            pts = (offs + centers[m]).numpy()
            ref = brute_force(self.heatmaps[bidx[m]].numpy(),
                              self.samples[bidx[m]], pts)
            np.testing.assert_allclose(
                out[m].reshape(15, -1).numpy(), ref, atol=2e-4)
        # second call hits the rotated-offset cache: identical cubes
        hits = proj.cache_hits
        again = proj.project_cubes(self.heatmaps, self.cams, centers, bidx,
                                   size, shape)
        self.assertEqual(proj.cache_hits, hits + 2)
        self.assertTrue(torch.equal(out, again))
        empty = proj.project_cubes(self.heatmaps, self.cams,
                                   centers[:0], bidx[:0], size, shape)
        self.assertEqual(tuple(empty.shape), (0, 15, 4, 3, 4))

    def test_lattice_cubes_close_to_exact_and_brute_force(self):
        """The interpolated lattice (exact projection on L^3 points,
        trilinear in between) against the exact path and brute force on a
        rig with strong distortion; chunking changes nothing."""
        centers = torch.tensor([[300., -200., 900.], [-800., 500., 1000.],
                                [0., 0., 900.]])
        bidx = torch.tensor([0, 1, 1])
        size, shape = (2000., 2000., 2000.), (24, 24, 24)
        exact = VoxelProjector().project_cubes(
            self.heatmaps, self.cams, centers, bidx, size, shape)
        lat = VoxelProjector(cube_lattice=9, cube_chunk=2).project_cubes(
            self.heatmaps, self.cams, centers, bidx, size, shape)
        diff = (lat - exact).abs()
        # the only larger differences are voxels at an image border, seen
        # by one path and not the other (a few in 10^5 here)
        self.assertLess(float((diff > 0.02).float().mean()), 1e-4)
        self.assertLess(float(diff.mean()), 1e-3)
        # voxels on the lattice are projected exactly: brute force there
        offs = voxel_offsets(size, shape).reshape(24, 24, 24, 3)
        idx = torch.tensor([0, 23])  # 23 = 8 * (24 - 1) / (9 - 1) x 1
        pts = offs[idx][:, idx][:, :, idx].reshape(-1, 3) + centers[1]
        ref = brute_force(self.heatmaps[1].numpy(),
                          self.samples[1], pts.numpy())
        got = lat[1][:, idx][:, :, idx][:, :, :, idx].reshape(15, -1)
        np.testing.assert_allclose(got.numpy(), ref, atol=2e-4)
        with self.assertRaises(ValueError):
            VoxelProjector(cube_lattice=1)

    def test_cache_hit_and_invalidation(self):
        proj = VoxelProjector(cache_size=4)
        first = proj.project_space(self.heatmaps, self.cams, **self.space)
        self.assertEqual((proj.cache_hits, proj.cache_misses), (0, 2))
        second = proj.project_space(self.heatmaps, self.cams, **self.space)
        self.assertEqual((proj.cache_hits, proj.cache_misses), (2, 2))
        self.assertTrue(torch.equal(first, second))
        # move camera 0 of sample 1: its key changes, sample 0 still hits
        moved = [s.clone() for s in self.samples]
        c1 = moved[1].cameras
        t = c1.t.clone()
        t[0] += torch.tensor([150., 0., 0.])
        moved[1].cameras = MultiViewCameras(
            c1.K, c1.R, t, c1.dist, c1.image_size, c1.affine,
            c1.dist_model, c1.input_size)
        cams2 = batch_cameras(moved)
        third = proj.project_space(self.heatmaps, cams2, **self.space)
        self.assertEqual((proj.cache_hits, proj.cache_misses), (3, 3))
        self.assertTrue(torch.equal(third[0], first[0]))
        self.assertFalse(torch.allclose(third[1], first[1]))
        fresh = VoxelProjector(cache_size=0).project_space(
            self.heatmaps, cams2, **self.space)
        self.assertTrue(torch.equal(third, fresh))
        # bounded LRU
        for dz in range(6):
            spec = dict(self.space, space_center=(0., 0., 900. + dz))
            proj.project_space(self.heatmaps, self.cams, **spec)
        self.assertLessEqual(len(proj._cache), 4)
        # a structure built from bare tensors hashes them: still hits
        c = self.cams
        nokeys = MultiViewCameras(c.K, c.R, c.t, c.dist, c.image_size,
                                  c.affine, c.dist_model, c.input_size)
        hits = proj.cache_hits
        proj.project_space(self.heatmaps, nokeys, **self.space)
        proj.project_space(self.heatmaps, nokeys, **self.space)
        self.assertEqual(proj.cache_hits, hits + 2)

    def test_gradient_reaches_heatmaps(self):
        proj = VoxelProjector()
        hm = self.heatmaps.clone().mul_(0.5).requires_grad_(True)
        cube = proj.project_cubes(hm, self.cams, torch.tensor([[0., 0.,
                                                                900.]]),
                                  torch.tensor([1]), (1000., ) * 3, (4, ) * 3)
        space = proj.project_space(hm, self.cams, **self.space)
        (cube.sum() + space.sum()).backward()
        self.assertIsNotNone(hm.grad)
        self.assertGreater(hm.grad[1].abs().sum().item(), 0)
        self.assertTrue(torch.isfinite(hm.grad).all())

    def test_point_chunks_match_brute_force_and_gradients(self):
        """``sample_chunk`` small enough to split the points: the same
        cubes (checked against the brute force) and the same gradient."""
        centers = torch.tensor([[300., -200., 900.], [-800., 500., 1000.]])
        bidx = torch.tensor([0, 1])
        size, shape = (1200., 1000., 800.), (4, 3, 5)
        outs, grads = [], []
        # V=3 views x C=15: 2 * 3 * 15 * 7 elements -> chunks of 7 points
        for chunk in (0, 2 * 3 * 15 * 7):
            hm = self.heatmaps.clone().requires_grad_(True)
            proj = VoxelProjector(sample_chunk=chunk)
            out = proj.project_cubes(hm, self.cams, centers, bidx, size,
                                     shape)
            (out * torch.arange(out.numel()).reshape(out.shape).sin()
             ).sum().backward()
            outs.append(out.detach())
            grads.append(hm.grad)
        torch.testing.assert_close(outs[1], outs[0], rtol=0, atol=1e-6)
        torch.testing.assert_close(grads[1], grads[0], rtol=1e-5, atol=1e-6)
        offs = voxel_offsets(size, shape)
        for m in range(2):
            ref = brute_force(self.heatmaps[bidx[m]].numpy(),
                              self.samples[bidx[m]],
                              (offs + centers[m]).numpy())
            np.testing.assert_allclose(
                outs[1][m].reshape(15, -1).numpy(), ref, atol=2e-4)


if __name__ == '__main__':
    unittest.main()
