"""The validation hook writes a PNG with the 3D panel and every view."""
import copy
import os.path as osp
import tempfile
import unittest
from types import SimpleNamespace

import cv2
import torch

from selfpose_mm.registry import HOOKS, MODELS
from tests.test_models.fake_multiview import make_batch
from tests.test_models.test_voxelpose import tiny_cfg


class TestVoxelPoseVisualizationHook(unittest.TestCase):

    def test_writes_png(self):
        model = MODELS.build(tiny_cfg())
        model.eval()
        model.root_head.score_threshold = -1e9
        inputs, samples = make_batch([2, 0], seed=4)
        data = model.data_preprocessor(
            dict(inputs=inputs, data_samples=copy.deepcopy(samples)))
        outputs = model(**data, mode='predict')
        with tempfile.TemporaryDirectory() as tmp:
            hook = HOOKS.build(
                dict(type='VoxelPoseVisualizationHook', enable=True,
                     interval=1, max_per_epoch=1, out_dir=tmp))
            runner = SimpleNamespace(work_dir=tmp, iter=7, model=model)
            hook.before_val_epoch(runner)
            batch = dict(inputs=inputs, data_samples=samples)
            hook.after_val_iter(runner, 0, batch, outputs)
            hook.after_val_iter(runner, 1, batch, outputs)  # over budget
            self.assertEqual(len(hook.saved), 1)
            img = cv2.imread(hook.saved[0])
            self.assertIsNotNone(img)
            self.assertEqual(img.shape[0], 480)
            self.assertGreater(img.shape[1], 480)
            self.assertTrue(osp.basename(hook.saved[0]).startswith('val_'))
            self.assertGreater(float(img.std()), 1.)


if __name__ == '__main__':
    unittest.main()


class TestSkeletonForGTLayout(unittest.TestCase):

    def test_shelf14_gt_with_panoptic15_predictions(self):
        import numpy as np

        from selfpose_mm.utils import get_dataset_meta
        from selfpose_mm.visualization.multiview_pose3d import \
            MultiViewPose3DVisualizer
        links = get_dataset_meta('panoptic_body3d')['skeleton_links']
        shelf = [tuple(link) for link in
                 get_dataset_meta('shelf')['skeleton_links']]
        vis = MultiViewPose3DVisualizer(links, panel_size=160)
        self.assertEqual(vis._links(15), vis.skeleton)
        self.assertEqual(vis._links(14), shelf)
        self.assertEqual(vis._links(5), [])
        rng = np.random.default_rng(0)
        img = vis.draw_space(rng.normal(size=(2, 14, 3)) * 300,
                             rng.normal(size=(1, 15, 3)) * 300)
        self.assertEqual(img.shape, (160, 160, 3))
