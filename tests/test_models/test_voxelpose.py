"""VoxelPose estimator on tiny fake packed samples (V=3, K=15)."""
import copy
import unittest

import numpy as np
import pytest
import torch

from selfpose_mm.registry import MODELS
from tests.test_models.fake_multiview import make_batch


def tiny_cfg(**train_cfg) -> dict:
    return dict(
        type='VoxelPose',
        root_head=dict(
            type='VoxelRootHead',
            net=dict(type='V2VNet', input_channels=15, output_channels=1,
                     mid_channels=4),
            space_size=(4000., 4000., 2000.),
            space_center=(0., 0., 900.),
            cube_shape=(12, 12, 4),
            max_num=4,
            score_threshold=0.3),
        pose_head=dict(
            type='VoxelPoseHead',
            net=dict(type='V2VNet', input_channels=15, output_channels=15,
                     mid_channels=4),
            cube_size=(2000., 2000., 2000.),
            cube_shape=(8, 8, 8)),
        train_cfg=train_cfg or None)


def _data(model, people, seed=0):
    inputs, samples = make_batch(people, seed=seed)
    return model.data_preprocessor(
        dict(inputs=inputs, data_samples=samples), training=True)



def _image_cfg() -> dict:
    """:func:`tiny_cfg` with a tiny 2D network (images in, stride 4)."""
    cfg = tiny_cfg()
    cfg.update(
        backbone=dict(type='ResNet', depth=18, base_channels=8,
                      out_indices=(3, )),
        heatmap_head=dict(
            type='HeatmapHead', in_channels=64, out_channels=15,
            deconv_out_channels=(16, 16), deconv_kernel_sizes=(4, 4)))
    return cfg

class TestVoxelPose(unittest.TestCase):

    def setUp(self):
        torch.manual_seed(0)
        self.model = MODELS.build(tiny_cfg())
        self.model.init_weights()

    def test_loss_mode_mixed_and_empty(self):
        data = _data(self.model, [0, 1, 2])
        self.assertEqual(tuple(data['inputs'].shape), (3, 3, 15, 32, 40))
        self.model.train()
        losses = self.model(**data, mode='loss')
        for key in ('loss_root', 'loss_pose', 'mpjpe_train',
                    'num_proposals'):
            self.assertIn(key, losses)
            self.assertTrue(torch.isfinite(losses[key]))
        # GT-root fallback: 3 people -> at least 3 supervised cubes
        self.assertGreater(losses['loss_pose'].item(), 0)
        total = losses['loss_root'] + losses['loss_pose']
        total.backward()
        grads = [p.grad for p in self.model.pose_head.parameters()]
        self.assertTrue(any(g is not None and g.abs().sum() > 0
                            for g in grads))

    def test_loss_all_empty(self):
        data = _data(self.model, [0, 0])
        losses = self.model(**data, mode='loss')
        self.assertEqual(losses['loss_pose'].item(), 0.)
        (losses['loss_root'] + losses['loss_pose']).backward()

    def test_one_cube_per_gt(self):
        model = MODELS.build(tiny_cfg(one_cube_per_gt=True,
                                      match_threshold=1e6))
        data = _data(model, [2, 1])
        # every proposal is within 1e6 mm: each GT gets its best proposal
        centers, bi, gi = model._train_cubes(
            dict(centers=torch.zeros(2, 4, 3),
                 scores=torch.tensor([[0.9, 0.5, 0.2, -float('inf')]] * 2)),
            torch.zeros(2, 2, 3), torch.tensor([[True, True],
                                                [True, False]]))
        self.assertEqual(sorted(zip(bi.tolist(), gi.tolist())),
                         [(0, 0), (0, 1), (1, 0)])
        losses = model(**data, mode='loss')
        self.assertTrue(torch.isfinite(losses['loss_pose']))

    def test_predict_and_tensor_modes(self):
        self.model.eval()
        data = _data(self.model, [0, 1, 2])
        # untrained root net: scores ~0, nothing passes 0.3
        out = self.model(**copy.deepcopy(data), mode='predict')
        self.assertEqual(len(out), 3)
        for s in out:
            self.assertEqual(s.pred_instances.keypoints_3d.shape, (0, 15, 3))
            self.assertEqual(s.pred_instances.scores.shape, (0, ))
        # accept every proposal: shapes follow the valid count
        self.model.root_head.score_threshold = -1e9
        out = self.model(**copy.deepcopy(data), mode='predict')
        for s in out:
            kp = s.pred_instances.keypoints_3d
            self.assertEqual(kp.shape, (4, 15, 3))
            self.assertEqual(kp.dtype, np.float32)
            self.assertTrue(np.isfinite(kp).all())
            self.assertEqual(s.pred_instances.scores.shape, (4, ))
        tens = self.model(**data, mode='tensor')
        self.assertEqual(tuple(tens['root_scores'].shape), (3, 12, 12, 4))
        self.assertEqual(tuple(tens['keypoints_3d'].shape), (3, 4, 15, 3))
        self.assertEqual(tuple(tens['valid'].shape), (3, 4))

    @pytest.mark.slow
    def test_optimizer_step_decreases_loss(self):
        # a tiny match threshold pins the supervised cubes to the GT roots,
        # so the loss is a smooth function of the weights on a fixed batch
        model = MODELS.build(tiny_cfg(match_threshold=1e-3))
        model.init_weights()
        model.train()
        data = _data(model, [1, 2], seed=1)
        optim = torch.optim.Adam(model.parameters(), lr=1e-2)

        def total():
            losses = model(**data, mode='loss')
            return losses['loss_root'] + losses['loss_pose'] / 1000.

        first = total()
        for _ in range(4):
            optim.zero_grad()
            loss = total()
            loss.backward()
            optim.step()
        self.assertLess(total().item(), first.item())

    def test_image_mode_with_2d_loss(self):
        cfg = _image_cfg()
        cfg.update(
            freeze_2d=False,
            data_preprocessor=dict(
                type='MultiViewDataPreprocessor', mean=[123.7, 116.3, 103.5],
                std=[58.4, 57.1, 57.4], bgr_to_rgb=True))
        model = MODELS.build(cfg)
        # images 128 x 160 -> heatmaps 32 x 40 (stride 4)
        _, samples = make_batch([1, 0], seed=2)
        for s in samples:
            s.set_metainfo(dict(input_size=(160, 128)))
            s.cameras = s.cameras.with_affine(s.cameras.affine * 4,
                                              (160, 128))
            s.gt_instances.keypoints_2d = s.gt_instances.keypoints_2d * 4
        imgs = [torch.randint(0, 255, (3, 3, 128, 160)).float()
                for _ in samples]
        data = model.data_preprocessor(
            dict(inputs=imgs, data_samples=samples), training=True)
        model.train()
        losses = model(**data, mode='loss')
        self.assertIn('loss_2d', losses)
        sum(v for k, v in losses.items() if k.startswith('loss_')).backward()
        self.assertIsNotNone(next(model.backbone.parameters()).grad)
        # frozen by default: no gradient, eval-mode BN
        cfg['freeze_2d'] = True
        frozen = MODELS.build(cfg).train()
        self.assertFalse(frozen.backbone.training)
        losses = frozen(**data, mode='loss')
        self.assertNotIn('loss_2d', losses)

    def test_backbone_chunk_is_exact(self):
        cfg = _image_cfg()
        torch.manual_seed(0)
        whole = MODELS.build(dict(cfg, backbone_chunk=None)).train()
        chunked = MODELS.build(dict(cfg, backbone_chunk=2)).train()
        auto = MODELS.build(cfg).train()  # 'auto': one image per call on CPU
        auto.load_state_dict(whole.state_dict())
        chunked.load_state_dict(whole.state_dict())
        # (B=2, V=3) images: chunks of 2, 2 and 2 images, frozen eval BN
        x = torch.randn(2, 3, 3, 64, 80)
        ref = whole.extract_heatmaps(x)
        got = chunked.extract_heatmaps(x)
        self.assertEqual(got.shape, ref.shape)
        torch.testing.assert_close(got, ref, rtol=1e-5, atol=1e-6)
        # per image, as a brute-force reference
        one = torch.stack([whole.extract_heatmaps(x[:, v:v + 1])[:, 0]
                           for v in range(3)], 1)
        torch.testing.assert_close(got, one, rtol=1e-5, atol=1e-6)
        torch.testing.assert_close(auto.extract_heatmaps(x), one, rtol=1e-5,
                                   atol=1e-6)
        for bad in (0, 'all'):
            with self.assertRaisesRegex(ValueError, 'backbone_chunk'):
                MODELS.build(dict(cfg, backbone_chunk=bad))

    def test_chunked_regression_equals_one_call(self):
        """Inference in cube chunks (memory bound) gives the one-call
        joints, the Voronoi mask computed over all cubes of the frame."""
        torch.manual_seed(0)
        cfg = dict(tiny_cfg(), cube_mask='voronoi')
        whole = MODELS.build(dict(cfg, test_cfg=dict(cube_chunk_voxels=0)))
        chunked = MODELS.build(dict(cfg, test_cfg=dict(cube_chunk_voxels=8**3)))
        chunked.load_state_dict(whole.state_dict())
        whole.eval(), chunked.eval()
        data = _data(whole, [3])
        cams = data['data_samples'][0].cameras[None]
        hms = data['inputs']
        # three cubes 400 mm apart: each one's Voronoi cell cuts the others
        centers = torch.tensor([[0., 0., 900.], [400., 0., 900.],
                                [0., 400., 900.]])
        bi = torch.zeros(3, dtype=torch.long)
        with torch.no_grad():
            ref = whole.regress(hms, cams, centers, bi)
            got = chunked.regress(hms, cams, centers, bi)
            # the mask does matter here: without it the joints differ
            plain = whole.pose_head(
                whole.projector.project_cubes(
                    hms, cams, centers, bi, whole.pose_head.cube_size,
                    whole.pose_head.cube_shape), centers)
        torch.testing.assert_close(got, ref, rtol=1e-5, atol=1e-3)
        self.assertGreater(float((plain - ref).abs().max()), 1.)
        with self.assertRaisesRegex(KeyError, 'cube_chunk_voxels'):
            MODELS.build(dict(cfg, test_cfg=dict(cube_chunk=1)))


if __name__ == '__main__':
    unittest.main()
