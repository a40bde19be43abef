"""Regression: a voxel on a camera's z = 0 plane must not make NaN.

Before the fix, a voxel at (almost) zero depth in one camera overflowed
the distortion polynomial (``r^6 = inf``, then ``0 * inf`` / ``inf - inf``
= NaN); the voxel was unseen (weight 0) but ``NaN * 0 = NaN`` turned its
whole cube into NaN, then the pose V2V's BatchNorm statistics, then every
weight after one optimiser step (the synthetic config diverged to NaN at
about iteration 15).
"""
import unittest

import numpy as np
import torch
from mmengine.structures import InstanceData

from selfpose_mm.geometry import project_points
from selfpose_mm.models.utils import (VoxelProjector, cameras_from_arrays,
                                      voxel_offsets)
from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras, MultiViewPoseDataSample


def plane_camera_arrays(num_views: int = 2, plane_z: float = 0.) -> dict:
    """Cameras looking along world +z; view 0's z = 0 plane holds voxels.

    View 0 (R = I) puts every voxel at world z = ``plane_z`` at depth
    1e-4 mm; the other views sit 1.5 m, 2 m, ... behind the cube and see
    most of it.
    """
    K = np.array([[1000., 0., 500.], [0., 1000., 500.], [0., 0., 1.]])
    dist = np.array([-0.25, 0.19, 1e-4, -1e-4, -0.013])
    t = [(0., 0., 1e-4 - plane_z)] + [(0., 0., 1500. + 500. * i)
                            for i in range(num_views - 1)]
    return dict(
        K=np.stack([K] * num_views)[None],
        R=np.stack([np.eye(3)] * num_views)[None],
        t=np.array(t)[None],
        dist=np.stack([dist] * num_views)[None],
        image_size=np.array([[1000, 1000]] * num_views)[None],
        affine=np.stack([np.array([[0.25, 0., 0.], [0., 0.25, 0.]])] *
                        num_views)[None])


class TestZeroDepthVoxel(unittest.TestCase):

    def setUp(self):
        self.arrays = plane_camera_arrays()
        self.cams = cameras_from_arrays(self.arrays, (250, 250))
        self.cube = dict(cube_size=(2000., 2000., 2000.),
                         cube_shape=(8, 8, 5))
        rng = np.random.default_rng(0)
        self.heatmaps = torch.from_numpy(
            rng.uniform(0, 1, (1, 2, 3, 16, 16)).astype(np.float32))

    def test_precondition_projection_is_not_finite(self):
        """The raw projection of that voxel really is NaN (else the test
        below would not test anything)."""
        z = np.linspace(-1000., 1000., 5)
        pts = np.array([[0., 500., zz] for zz in z], np.float32)
        uv = project_points(
            torch.from_numpy(pts), torch.tensor(self.arrays['K'][0, 0]),
            torch.tensor(self.arrays['R'][0, 0]),
            torch.tensor(self.arrays['t'][0, 0]),
            torch.tensor(self.arrays['dist'][0, 0]))
        self.assertFalse(bool(torch.isfinite(uv).all()))

    def test_cube_finite_and_equals_other_views(self):
        proj = VoxelProjector(cache_size=0)
        centers = torch.zeros(1, 3)
        hm = self.heatmaps.clone().requires_grad_(True)
        cube = proj.project_cubes(hm, self.cams, centers,
                                  torch.zeros(1, dtype=torch.long),
                                  **self.cube)
        self.assertTrue(bool(torch.isfinite(cube).all()))
        # the zero-depth view is unseen there: the z = 0 slice equals the
        # projection through view 1 alone
        only1 = self.cams.select([1])
        ref = proj.project_cubes(hm[:, 1:], only1, centers,
                                 torch.zeros(1, dtype=torch.long),
                                 **self.cube)
        torch.testing.assert_close(cube[..., 2], ref[..., 2])
        cube.sum().backward()
        self.assertTrue(bool(torch.isfinite(hm.grad).all()))

    def test_train_step_losses_and_grads_finite(self):
        # voxel layer 3 of the 8^3 GT-root cube lies on view 0's plane
        plane_z = float(voxel_offsets((2000., ) * 3, (8, 8, 8))[3, 2])
        arrays = plane_camera_arrays(plane_z=plane_z)
        model = MODELS.build(
            dict(
                type='VoxelPose',
                projector=dict(type='VoxelProjector', cache_size=0),
                root_head=dict(
                    type='VoxelRootHead',
                    net=dict(type='V2VNet', input_channels=1,
                             output_channels=1, mid_channels=4),
                    space_size=(2000., 2000., 2000.),
                    space_center=(0., 0., 0.),
                    cube_shape=(8, 8, 4),
                    input_joints=[2]),
                pose_head=dict(
                    type='VoxelPoseHead',
                    net=dict(type='V2VNet', input_channels=3,
                             output_channels=3, mid_channels=4),
                    cube_size=(2000., 2000., 2000.),
                    cube_shape=(8, 8, 8)),
                root_index=2,
                # only the GT-root cube (no proposal is matched)
                train_cfg=dict(match_threshold=1e-3)))
        model.init_weights()
        model.train()
        sample = MultiViewPoseDataSample()
        a = {k: v[0].astype(np.float32) for k, v in arrays.items()}
        sample.cameras = MultiViewCameras(
            K=a['K'], R=a['R'], t=a['t'], dist=a['dist'],
            image_size=a['image_size'].astype(np.int32),
            affine=a['affine'], dist_model='opencv', input_size=(250, 250))
        sample.set_metainfo(dict(input_size=(250, 250),
                                 heatmap_size=(16, 16)))
        gt = InstanceData()
        # a person whose GT-root cube crosses view 0's z = 0 plane
        gt.keypoints_3d = np.array(
            [[[0., 0., -300.], [0., 0., 300.], [0., 0., 0.]]], np.float32)
        gt.keypoints_3d_visible = np.ones((1, 3), np.float32)
        sample.gt_instances = gt
        losses = model.loss(self.heatmaps, [sample])
        for k, v in losses.items():
            self.assertTrue(bool(torch.isfinite(v).all()), k)
        (losses['loss_root'] + losses['loss_pose']).backward()
        for name, p in model.named_parameters():
            if p.grad is not None:
                self.assertTrue(bool(torch.isfinite(p.grad).all()), name)


if __name__ == '__main__':
    unittest.main()
