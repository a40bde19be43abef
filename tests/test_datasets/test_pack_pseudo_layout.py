"""PackMultiViewInputs maps pseudo labels in their own joint layout."""
import unittest

import numpy as np
from mmengine.registry import init_default_scope

from selfpose_mm.datasets import SyntheticMultiViewDataset
from selfpose_mm.datasets.transforms import PackMultiViewInputs
from selfpose_mm.geometry import apply_affine


class TestPackPseudoLayout(unittest.TestCase):

    def test_pseudo_labels_with_other_joint_count(self):
        # e.g. Shelf: 14-joint GT, Panoptic-15 detections as pseudo labels
        init_default_scope('selfpose_mm')
        ds = SyntheticMultiViewDataset(
            num_samples=1,
            num_people=(2, 2),
            rig=dict(num_cameras=3),
            pipeline=[
                dict(type='ProjectPoses'),
                dict(type='EmulateDetections', false_positive_rate=1.),
                dict(type='PseudoLabelsFromDetections'),
                dict(type='MultiViewAffine', input_size=(120, 64)),
                dict(type='RenderInputHeatmaps', sigma=2.),
            ])
        r = ds[0]
        r['keypoints_3d'] = r['keypoints_3d'][:, :14]
        r['keypoints_3d_visible'] = r['keypoints_3d_visible'][:, :14]
        r.pop('gt_keypoints_2d', None)
        r.pop('gt_keypoints_2d_visible', None)
        pk = np.asarray(r['pseudo_keypoints_2d'], np.float64)
        self.assertEqual(pk.shape[2], 15)
        self.assertNotEqual(pk.shape[1], 2)  # false positives added
        out = PackMultiViewInputs()(r)
        meta = out['data_samples'].metainfo
        A = r['cameras'].affine.double().numpy()
        ref = np.stack([
            apply_affine(pk[v].reshape(-1, 2), A[v]).reshape(pk.shape[1:])
            for v in range(len(A))
        ])
        np.testing.assert_allclose(meta['pseudo_keypoints_2d'], ref,
                                   rtol=0, atol=1e-3)
        self.assertEqual(out['data_samples'].gt_instances.keypoints_3d.shape,
                         (2, 14, 3))


if __name__ == '__main__':
    unittest.main()
