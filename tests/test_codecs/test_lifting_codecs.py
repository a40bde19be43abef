"""The lifting codecs: mmpose's ``BaseKeypointCodec`` contract (class,
registry scope, ``auxiliary_encode_keys`` through mmpose's
``GenerateTarget``, ``(keypoints, scores)`` decoding, the label mapping
table against our packers) and encode → decode against closed forms."""
import unittest

import numpy as np
import torch
from mmengine.registry import DefaultScope
from mmpose.codecs.base import BaseKeypointCodec
from mmpose.datasets.transforms import GenerateTarget
from mmpose.registry import KEYPOINT_CODECS as MMPOSE_CODECS

from selfpose_mm.codecs import (PinholeLiftingLabel, VideoLiftingLabel,
                                image_coordinates)
from selfpose_mm.datasets.transforms import (EncodeLiftingSample,
                                             EncodeVideoLifting,
                                             PackLiftingInputs,
                                             PackVideoLiftingInputs)
from selfpose_mm.registry import KEYPOINT_CODECS

K = 6


def _scene(seed=0, frames=None):
    """Camera-frame joints (mm, z > 0), an intrinsic matrix and the exact
    pinhole pixels."""
    rng = np.random.default_rng(seed)
    shape = (K, 3) if frames is None else (frames, K, 3)
    xyz = rng.uniform(-800, 800, shape) + [0., 0., 4500.]
    intr = np.array([[1150., 0., 510.], [0., 1140., 490.], [0., 0., 1.]])
    px = xyz[..., :2] / xyz[..., 2:] * [1150., 1140.] + [510., 490.]
    return xyz, intr, px


class TestContract(unittest.TestCase):

    def test_subclasses_and_abstract_methods(self):
        for cls in (PinholeLiftingLabel, VideoLiftingLabel):
            codec = cls(num_keypoints=K)
            self.assertIsInstance(codec, BaseKeypointCodec)
            self.assertFalse(codec.support_batch_decoding)
            self.assertLessEqual(
                set(codec.label_mapping_table),
                {'lifting_target', 'trajectory_target', 'trajectory_weight',
                 'keypoints_2d_target_norm'})

    def test_built_through_mmpose_registry_scope(self):
        cfg = dict(type='selfpose_mm.VideoLiftingLabel', num_keypoints=K)
        self.assertIsInstance(MMPOSE_CODECS.build(cfg), VideoLiftingLabel)
        with DefaultScope.overwrite_default_scope('selfpose_mm'):
            pin = MMPOSE_CODECS.build(
                dict(type='PinholeLiftingLabel', num_keypoints=K))
            # mmpose's own codecs still build from our child registry
            vpl = KEYPOINT_CODECS.build(
                dict(type='VideoPoseLifting', num_keypoints=K))
        self.assertIsInstance(pin, PinholeLiftingLabel)
        self.assertEqual(type(vpl).__module__,
                         'mmpose.codecs.video_pose_lifting')

    def test_generate_target_passes_auxiliary_keys(self):
        """mmpose's GenerateTarget feeds ``auxiliary_encode_keys`` from the
        results by keyword; the result equals a direct encode and carries
        the codec's label mapping table."""
        xyz, intr, px = _scene(1, frames=3)
        codec = dict(type='VideoLiftingLabel', num_keypoints=K)
        results = dict(
            keypoints=px, keypoints_visible=np.ones(px.shape[:2]),
            image_size=(1020, 980), keypoints_3d=xyz[1:2],
            keypoints_2d_target=px[1:2])
        with DefaultScope.overwrite_default_scope('selfpose_mm'):
            out = GenerateTarget(encoder=codec).transform(dict(results))
        direct = VideoLiftingLabel(K).encode(
            px, image_size=(1020, 980), keypoints_3d=xyz[1:2],
            keypoints_2d_target=px[1:2])
        for key, val in direct.items():
            np.testing.assert_array_equal(out[key], val)
        self.assertEqual(out['label_mapping_table'],
                         VideoLiftingLabel.label_mapping_table)
        self.assertEqual(VideoLiftingLabel.auxiliary_encode_keys,
                         {'image_size', 'keypoints_3d',
                          'keypoints_2d_target'})
        self.assertEqual(PinholeLiftingLabel.auxiliary_encode_keys,
                         {'cameras', 'intrinsics', 'keypoints_3d'})

    def test_visibility_is_ignored_and_required_keys(self):
        xyz, intr, px = _scene(2)
        pin = PinholeLiftingLabel(K, root_index=0)
        a = pin.encode(px, intrinsics=intr, keypoints_3d=xyz)
        b = pin.encode(px, np.zeros(K), intrinsics=intr, keypoints_3d=xyz)
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])
        with self.assertRaises(ValueError):
            pin.encode(px)
        with self.assertRaises(ValueError):
            VideoLiftingLabel(K).encode(px[None])

    def test_label_mapping_table_matches_packers(self):
        """Every label the table names lands in ``gt_instance_labels``
        under the mapped name, with the encoded value."""
        xyz, intr, px = _scene(3, frames=1)
        res = dict(keypoints_2d=px, image_size=(1020, 980),
                   keypoints_3d=xyz, keypoints_2d_target=px)
        enc = EncodeVideoLifting(
            dict(type='VideoLiftingLabel', num_keypoints=K)).transform(res)
        labels = PackVideoLiftingInputs().transform(
            dict(enc))['data_samples'].gt_instance_labels
        for key, packed in VideoLiftingLabel.label_mapping_table.items():
            torch.testing.assert_close(labels.get(packed),
                                       torch.from_numpy(enc[key]))
        res = dict(keypoints_2d=px[0], intrinsics=intr, keypoints_3d=xyz[0])
        enc = EncodeLiftingSample(
            dict(type='PinholeLiftingLabel', num_keypoints=K)).transform(res)
        labels = PackLiftingInputs().transform(
            dict(enc))['data_samples'].gt_instance_labels
        for key, packed in PinholeLiftingLabel.label_mapping_table.items():
            torch.testing.assert_close(labels.get(packed)[0],
                                       torch.from_numpy(enc[key]))


class TestRoundTrip(unittest.TestCase):

    def test_pinhole_closed_form(self):
        xyz, intr, px = _scene(4)
        r = 2
        codec = PinholeLiftingLabel(K, root_index=r, target_scale=1000.)
        enc = codec.encode(px, intrinsics=intr, keypoints_3d=xyz)
        # the input is the normalised ray x/z, y/z minus the root's
        ray = xyz[:, :2] / xyz[:, 2:]
        np.testing.assert_allclose(enc['keypoint_input'], ray - ray[r],
                                   rtol=0, atol=1e-6)
        np.testing.assert_array_equal(enc['keypoint_input'][r], 0)
        np.testing.assert_allclose(enc['lifting_target'],
                                   (xyz - xyz[r]) / 1000., atol=1e-6)
        np.testing.assert_allclose(enc['target_root'], xyz[r], rtol=1e-6)
        kp, scores = codec.decode(enc['lifting_target'][None])
        self.assertEqual(kp.shape, (1, K, 3))
        np.testing.assert_allclose(kp[0] + enc['target_root'], xyz,
                                   rtol=0, atol=1e-3)
        np.testing.assert_array_equal(scores, np.ones((1, K)))

    def test_video_closed_form(self):
        xyz, intr, px = _scene(5, frames=4)
        w, h = 1020., 980.
        r = 1
        codec = VideoLiftingLabel(K, root_index=r, target_scale=1000.)
        enc = codec.encode(px, image_size=(w, h), keypoints_3d=xyz,
                           keypoints_2d_target=px)
        u = enc['keypoint_input']
        np.testing.assert_allclose(u[..., 0], px[..., 0] * 2 / w - 1,
                                   atol=1e-6)
        np.testing.assert_allclose(u[..., 1], (px[..., 1] * 2 - h) / w,
                                   atol=1e-6)
        np.testing.assert_allclose(image_coordinates(u, w, h), px,
                                   atol=1e-3)
        np.testing.assert_array_equal(enc['keypoints_2d_target_norm'], u)
        np.testing.assert_array_equal(enc['lifting_target'][:, r], 0)
        np.testing.assert_allclose(enc['trajectory_target'][:, 0],
                                   xyz[:, r] / 1000., rtol=1e-6)
        np.testing.assert_allclose(enc['trajectory_weight'][:, 0],
                                   1000. / xyz[:, r, 2], rtol=1e-6)
        kp, scores = codec.decode(enc['lifting_target'])
        np.testing.assert_allclose(kp, enc['keypoints_3d_rel'], atol=1e-3)
        np.testing.assert_allclose(kp + enc['target_root'][:, None], xyz,
                                   rtol=0, atol=1e-3)
        np.testing.assert_array_equal(scores, np.ones((4, K)))
        traj, _ = codec.decode(enc['trajectory_target'])
        np.testing.assert_allclose(traj[:, 0], xyz[:, r], rtol=1e-6)
