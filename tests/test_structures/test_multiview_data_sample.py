"""MultiViewPoseDataSample: cameras from packed metainfo or set directly."""
import unittest

import numpy as np
import torch
from mmpose.structures import PoseDataSample

from selfpose_mm.structures import MultiViewCameras, MultiViewPoseDataSample
from tests.test_structures.test_multiview_cameras import _rig


class TestMultiViewPoseDataSample(unittest.TestCase):

    def setUp(self):
        self.cams, self.aff = _rig(3)
        self.struct = MultiViewCameras.from_cameras(
            self.cams, affine=self.aff, input_size=(320, 240))

    def test_cameras_from_metainfo(self):
        sample = MultiViewPoseDataSample(metainfo=dict(
            camera_params=self.struct.to_camera_params(),
            input_affine=self.aff.astype(np.float32),
            input_size=(320, 240)))
        self.assertIsInstance(sample, PoseDataSample)
        cams = sample.cameras
        self.assertEqual(cams.batch_shape, (3, ))
        self.assertEqual(cams.key(), self.struct.key())
        # built on access, not stored: to_dict is unchanged
        self.assertNotIn('cameras', sample.to_dict())

    def test_set_cameras_and_type_check(self):
        sample = MultiViewPoseDataSample()
        with self.assertRaises(KeyError):
            sample.cameras
        sample.cameras = self.struct
        self.assertIs(sample.cameras, self.struct)
        clone = sample.clone()
        self.assertEqual(clone.cameras.key(), self.struct.key())
        moved = sample.to('cpu')
        self.assertTrue(torch.equal(moved.cameras.K, self.struct.K))
        with self.assertRaises(TypeError):
            sample.cameras = {'K': self.struct.K}
        with self.assertRaises(ValueError):
            sample.cameras = MultiViewCameras.stack([self.struct])
        del sample.cameras
        with self.assertRaises(KeyError):
            sample.cameras


if __name__ == '__main__':
    unittest.main()


class TestPackedSamples(unittest.TestCase):

    def test_pack_multiview_inputs_emits_cameras(self):
        from selfpose_mm.datasets import camera_params_from_cameras
        from selfpose_mm.datasets.transforms import PackMultiViewInputs
        from selfpose_mm.structures import batch_cameras
        cams, aff = _rig(3, seed=2)
        results = dict(
            heatmaps=np.zeros((3, 15, 12, 16), np.float32),
            camera_params=camera_params_from_cameras(cams),
            input_affine=aff, input_size=(64, 48), heatmap_size=(16, 12))
        packed = PackMultiViewInputs().transform(results)
        sample = packed['data_samples']
        self.assertIsInstance(sample, MultiViewPoseDataSample)
        single = sample.cameras
        batch = batch_cameras([sample, sample])
        self.assertEqual(batch.sample_keys(), [single.key()] * 2)
        ref = MultiViewCameras.from_cameras(cams, affine=aff,
                                            input_size=(64, 48))
        self.assertEqual(single.key(), ref.key())
