"""SyntheticLiftingDataset and the single-frame lifting pipeline carry a
(1,) camera-frame MultiViewCameras."""
import unittest

import numpy as np
import torch

from selfpose_mm.codecs import PinholeLiftingLabel
from selfpose_mm.datasets import SyntheticLiftingDataset
from selfpose_mm.setup_env import register_all_modules
from selfpose_mm.structures import MultiViewCameras, MultiViewPoseDataSample

PIPELINE = [
    dict(type='EncodeLiftingSample',
         codec=dict(type='PinholeLiftingLabel', num_keypoints=15)),
    dict(type='PackLiftingInputs')
]


class TestSyntheticLiftingCameras(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        register_all_modules()

    def test_cameras_project_the_3d(self):
        ds = SyntheticLiftingDataset(num_samples=6, num_cameras=3, seed=2)
        for i in range(6):
            info = ds.get_data_info(i)
            cams = info['cameras']
            self.assertIsInstance(cams, MultiViewCameras)
            self.assertEqual(cams.batch_shape, (1, ))
            self.assertFalse(cams.has_distortion)
            np.testing.assert_array_equal(cams.R[0], np.eye(3))
            np.testing.assert_array_equal(cams.t[0], np.zeros(3))
            np.testing.assert_array_equal(
                cams.K[0].numpy(), ds.cameras[i % 3]['K'].astype(np.float32))
            uv = cams.to(torch.float64).project(
                torch.as_tensor(info['keypoints_3d'], dtype=torch.float64))
            np.testing.assert_allclose(uv[0].numpy(), info['keypoints_2d'],
                                       atol=1e-3)
            self.assertNotIn('intrinsics', info)
        # the camera's structure is shared by its samples
        self.assertIs(ds.get_data_info(0)['cameras'],
                      ds.get_data_info(3)['cameras'])

    def test_packed_sample_and_codec_forms(self):
        ds = SyntheticLiftingDataset(num_samples=4, num_cameras=2, seed=3,
                                     noise_px=1., pipeline=PIPELINE)
        item = ds[1]
        s = item['data_samples']
        self.assertIsInstance(s, MultiViewPoseDataSample)
        self.assertIs(s.cameras, ds.get_data_info(1)['cameras'])
        self.assertNotIn('intrinsics', s.metainfo)
        info = ds.get_data_info(1)
        codec = PinholeLiftingLabel(15)
        a = codec.encode(info['keypoints_2d'], cameras=info['cameras'],
                         keypoints_3d=info['keypoints_3d'])
        b = codec.encode(info['keypoints_2d'],
                         intrinsics=info['cameras'].K[0].numpy(),
                         keypoints_3d=info['keypoints_3d'])
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])
        np.testing.assert_array_equal(item['inputs'].numpy(),
                                      a['keypoint_input'])
        cams = info['cameras']
        with self.assertRaisesRegex(ValueError, 'not both'):
            codec.encode(info['keypoints_2d'], cameras=cams,
                         intrinsics=cams.K[0].numpy())
        distorted = MultiViewCameras(K=cams.K, R=cams.R, t=cams.t,
                                     dist=np.full((1, 5), .01))
        with self.assertRaisesRegex(ValueError, 'distortion'):
            codec.encode(info['keypoints_2d'], cameras=distorted)
        with self.assertRaisesRegex(ValueError, r'\(1,\)'):
            codec.encode(info['keypoints_2d'],
                         cameras=MultiViewCameras.stack([cams, cams]))


if __name__ == '__main__':
    unittest.main()
