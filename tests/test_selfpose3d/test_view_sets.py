"""GenerateViewSets and the pseudo-label transforms (heatmap mode)."""
import unittest

import numpy as np
import torch
from mmengine.registry import init_default_scope

from selfpose_mm.datasets.transforms import view_set_affine
from selfpose_mm.geometry import apply_affine
from selfpose_mm.registry import DATASETS, TRANSFORMS

SIZE = (60, 32)
WORLD = dict(clip_length=4, num_people=(2, 3), rig=dict(num_cameras=3))


def _dataset(pipeline):
    return DATASETS.build(dict(type='SyntheticMultiViewDataset',
                               num_samples=4, seed=3, pipeline=pipeline,
                               **WORLD))


def _pipeline(**kw):
    return [
        dict(type='ProjectPoses'),
        dict(type='EmulateDetections', false_positive_rate=0.),
        dict(type='PseudoLabelsFromDetections'),
        dict(type='MultiViewAffine', input_size=SIZE),
        dict(type='GenerateViewSets',
             pipeline=[dict(type='RenderInputHeatmaps', sigma=1.5)], **kw),
    ]


class TestViewSets(unittest.TestCase):

    def setUp(self):
        init_default_scope('selfpose_mm')

    def test_three_sets_agree_with_their_affines(self):
        out = _dataset(_pipeline(rot_prob=1., scale_prob=1.))[1]
        s = out['data_samples']
        meta = s.metainfo
        self.assertEqual(meta['num_view_sets'], 3)
        self.assertEqual(tuple(out['inputs'].shape), (9, 15, 32, 60))
        self.assertEqual(len(s.gt_instances.keypoints_3d), 0)  # no labels
        # the plain set is the letterbox of the plain pipeline
        plain = _dataset([
            dict(type='ProjectPoses'),
            dict(type='EmulateDetections', false_positive_rate=0.),
            dict(type='MultiViewAffine', input_size=SIZE),
            dict(type='RenderInputHeatmaps', sigma=1.5),
            dict(type='PackMultiViewInputs')
        ])[1]
        self.assertTrue(torch.allclose(out['inputs'][6:], plain['inputs']))
        np.testing.assert_allclose(meta['view_sets'][2]['input_affine'],
                                   plain['data_samples'].cameras.affine.numpy())
        ref = meta['view_sets'][2]
        for i in range(2):
            st = meta['view_sets'][i]
            self.assertFalse(np.allclose(st['input_affine'],
                                         ref['input_affine']))
            # pseudo joints of set i == plain joints mapped by E_i
            A, A0 = st['input_affine'][0], ref['input_affine'][0]
            E = A[:, :2] @ np.linalg.inv(A0[:, :2])
            p0 = ref['pseudo_keypoints_2d'][0]
            p = st['pseudo_keypoints_2d'][0]
            want = p0 @ E.T + (A[:, 2] - E @ A0[:, 2])
            both = (st['pseudo_keypoints_2d_visible'][0] > 0) & (
                ref['pseudo_keypoints_2d_visible'][0] > 0)
            np.testing.assert_allclose(p[both], want[both], atol=1e-2)
            # the input heatmap of set i peaks at its pseudo joint
            v, m, k = np.argwhere(
                st['pseudo_keypoints_2d_visible'] > 0)[0]
            x, y = st['pseudo_keypoints_2d'][v, m, k]
            hm = out['inputs'][i * 3 + v, k]
            self.assertGreater(float(hm[int(round(y)), int(round(x))]), 0.3)

    def test_view_set_affine_zooms_about_centre(self):
        E = view_set_affine(30., 2., (0., 0.), SIZE)
        c = np.array([[SIZE[0] / 2., SIZE[1] / 2.]])
        np.testing.assert_allclose(apply_affine(c, E), c, atol=1e-9)
        d = apply_affine(c + [10., 0.], E) - c
        self.assertAlmostEqual(float(np.linalg.norm(d)), 5.)

    def test_backbone_stage_single_set_and_roots_kept(self):
        out = _dataset(_pipeline(num_aug_sets=0))[0]
        self.assertEqual(out['data_samples'].metainfo['num_view_sets'], 1)
        self.assertEqual(out['inputs'].shape[0], 3)
        gen = TRANSFORMS.build(dict(type='GenerateViewSets'))
        pk = np.array([[[[30., 16.]] * 15]], np.float64)  # (1,1,15,2)
        pv = np.ones((1, 1, 15))
        A = np.array([[[1., 0., 0.], [0., 1., 0.]]])
        self.assertTrue(gen._roots_kept(A, pk, pv, SIZE))
        A_out = np.array([[[1., 0., 100.], [0., 1., 0.]]])
        self.assertFalse(gen._roots_kept(A_out, pk, pv, SIZE))

    def test_hard_labels_and_augmentations(self):
        r = dict(pseudo_keypoints_2d_visible=np.ones((2, 2, 15)),
                 pseudo_keypoints_2d_scores=np.full((2, 2, 15), 0.5))
        r['pseudo_keypoints_2d_scores'][0, 0, :13] = 0.01
        out = TRANSFORMS.build(dict(type='FilterPseudoLabels', mode='hard',
                                    min_joints=4))(dict(r))
        vis = out['pseudo_keypoints_2d_visible']
        self.assertEqual(vis[0, 0].sum(), 0)  # only 2 confident joints
        self.assertEqual(vis[1].sum(), 30)
        soft = TRANSFORMS.build(dict(type='FilterPseudoLabels'))(dict(r))
        self.assertEqual(soft['pseudo_keypoints_2d_visible'].sum(), 60)
        img = (np.random.default_rng(0).random((32, 48, 3)) * 255).astype(
            np.uint8)
        res = dict(img=[img.copy(), img.copy()], sample_seed=5)
        res = TRANSFORMS.build(dict(type='MultiViewPhotometricAug',
                                    prob=1.))(res)
        res = TRANSFORMS.build(dict(type='MultiViewCutout', num_range=(2, 2),
                                    size_range=(6, 6)))(res)
        self.assertEqual(res['img'][0].shape, img.shape)
        self.assertEqual(res['img'][0].dtype, np.uint8)
        self.assertTrue(((res['img'][1] == (113, 122, 125)).all(-1)).any())
        hm = dict(heatmaps=np.ones((2, 15, 16, 16), np.float32),
                  sample_seed=1)
        hm = TRANSFORMS.build(dict(type='MultiViewCutout', num_range=(1, 1),
                                   size_range=(4, 4)))(hm)
        self.assertEqual(float(hm['heatmaps'].min()), 0.)
