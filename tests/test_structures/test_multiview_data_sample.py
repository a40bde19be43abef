"""MultiViewPoseDataSample: its ``cameras`` field."""
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

    def test_legacy_metainfo_dict_is_refused(self):
        sample = MultiViewPoseDataSample(metainfo=dict(
            camera_params=self.struct.to_camera_params(),
            input_affine=self.aff.astype(np.float32),
            input_size=(320, 240)))
        self.assertIsInstance(sample, PoseDataSample)
        with self.assertRaisesRegex(AttributeError, 'from_camera_params'):
            sample.cameras
        self.assertIsNone(getattr(sample, 'cameras', None))

    def test_set_cameras_and_type_check(self):
        sample = MultiViewPoseDataSample()
        with self.assertRaises(AttributeError):
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
        with self.assertRaises(AttributeError):
            sample.cameras


if __name__ == '__main__':
    unittest.main()


class TestPackedSamples(unittest.TestCase):

    def test_pack_multiview_inputs_emits_cameras(self):
        from selfpose_mm.datasets import stack_cameras
        from selfpose_mm.datasets.transforms import PackMultiViewInputs
        from selfpose_mm.structures import batch_cameras
        cams, aff = _rig(3, seed=2)
        results = dict(
            heatmaps=np.zeros((3, 15, 12, 16), np.float32),
            cameras=stack_cameras(cams).with_affine(aff.astype(np.float32)),
            input_size=(64, 48), heatmap_size=(16, 12))
        packed = PackMultiViewInputs().transform(results)
        sample = packed['data_samples']
        self.assertIsInstance(sample, MultiViewPoseDataSample)
        single = sample.cameras
        batch = batch_cameras([sample, sample])
        self.assertEqual(batch.sample_keys(), [single.key()] * 2)
        ref = MultiViewCameras.from_cameras(cams, affine=aff,
                                            input_size=(64, 48))
        self.assertEqual(single.key(), ref.key())
        self.assertNotIn('camera_params', sample.metainfo)
        self.assertNotIn('input_affine', sample.metainfo)
        # a legacy dict in the results: a clear error
        legacy = dict(results, camera_params=single.to_camera_params())
        del legacy['cameras']
        with self.assertRaisesRegex(KeyError, 'stack_cameras'):
            PackMultiViewInputs().transform(legacy)
