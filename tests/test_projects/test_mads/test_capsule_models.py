"""CDRNet's heatmap supervision and the per-view 2D metric on the capsule
stereo world."""
import unittest
from pathlib import Path

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope

import projects.mads.mads  # noqa: F401
from projects.mads.mads.evaluation import ViewKeypointError2D
from selfpose_mm.registry import DATASETS, MODELS, TRANSFORMS

CFG = Path(__file__).resolve().parents[3] / 'projects' / 'mads' / 'configs'

SIZE = (64, 64)
CODEC = dict(type='MSRAHeatmap', input_size=SIZE, heatmap_size=(16, 16),
             sigma=1.5)


def _batch(codec=CODEC):
    ds = DATASETS.build(
        dict(
            type='CapsuleStereoDataset', num_samples=2, seed=3, focal=95.,
            image_size=SIZE,
            prerender=dict(type='RenderCapsuleBodies', num_clutter=2),
            pipeline=[
                dict(type='CropViews', input_size=SIZE,
                     check_boundary=False),
                dict(type='EncodeViewHeatmaps', codec=codec),
                dict(type='PackMultiViewPose')
            ]))
    return pseudo_collate([ds[0], ds[1]])


def _cdrnet(loss_heatmap, **extra):
    return MODELS.build(
        dict(
            type='MultiViewTriangulator',
            **extra,
            data_preprocessor=dict(type='MultiViewImagePreprocessor'),
            backbone=dict(type='ResNet', depth=18, stem_channels=8,
                          base_channels=8),
            head=dict(
                type='CameraDisentangledHead', in_channels=64,
                num_keypoints=19, input_size=SIZE, latent_vectors=8,
                fusion_channels=32, out_channels=32,
                deconv_head=dict(deconv_out_channels=(16, 16, 16),
                                 deconv_kernel_sizes=(4, 4, 4)),
                softmax_beta=20., loss_heatmap=loss_heatmap)))


class TestCDRNetHeatmapLoss(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        init_default_scope('selfpose_mm')

    def test_heatmap_loss_trains_the_decoder(self):
        torch.manual_seed(0)
        model = _cdrnet(dict(type='KeypointMSELoss', use_target_weight=True,
                             loss_weight=1000.))
        data = model.data_preprocessor(_batch(), True)
        losses = model(**data, mode='loss')
        self.assertIn('loss_heatmap', losses)
        self.assertGreater(losses['loss_heatmap'].item(), 0)
        losses['loss_heatmap'].backward()
        grad = model.head.deconv_head.final_layer.weight.grad
        self.assertGreater(grad.abs().sum().item(), 0)
        # without the option there is no heatmap term
        plain = _cdrnet(None)
        self.assertNotIn('loss_heatmap', plain(**data, mode='loss'))

    def test_bfloat16_backbone_float32_features_and_loss(self):
        torch.manual_seed(0)
        model = _cdrnet(dict(type='KeypointMSELoss', use_target_weight=True,
                             loss_weight=1000.)).eval()
        data = model.data_preprocessor(_batch(), False)
        x = data['inputs']
        ref = model.extract_feat(x)[-1]
        model.compute_dtype = torch.bfloat16
        out = model.extract_feat(x)[-1]
        self.assertEqual(out.dtype, torch.float32)
        rel = float((out - ref).norm() / ref.norm())
        self.assertLess(rel, 3e-2)
        self.assertGreater(rel, 0.)  # the backbone did run in bfloat16
        model.train()
        loss = model(**model.data_preprocessor(_batch(), True),
                     mode='loss')['loss_heatmap']
        loss.backward()
        self.assertTrue(torch.isfinite(
            model.backbone.conv1.weight.grad).all())
        with self.assertRaisesRegex(ValueError,
                                    'MultiViewTriangulator.compute_dtype'):
            _cdrnet(None, compute_dtype='half')

    def test_heatmap_size_mismatch_is_explained(self):
        model = _cdrnet(dict(type='KeypointMSELoss', use_target_weight=True))
        data = model.data_preprocessor(
            _batch(dict(CODEC, heatmap_size=(32, 32))), True)
        with self.assertRaisesRegex(ValueError, 'heatmap_size'):
            model(**data, mode='loss')


class TestCapsuleConfigs(unittest.TestCase):

    def test_configs_build_models_and_pipelines(self):
        init_default_scope('selfpose_mm')
        files = sorted(CFG.glob('*capsule-stereo-128*.py')) + sorted(
            (CFG / 'occlusion_ablation').glob('*.py'))
        self.assertEqual(len(files), 8)
        for f in files:
            cfg = Config.fromfile(str(f))
            model = MODELS.build(cfg.model)  # no weights are loaded here
            self.assertEqual(model.head.__class__.__name__,
                             'CameraDisentangledHead' if 'cdrnet' in f.name
                             else 'TriangulationHeatmapHead')
            for key in ('train_dataloader', 'val_dataloader'):
                for t in cfg[key].dataset.pipeline:
                    TRANSFORMS.build(t)
            for t in cfg.occluded_val_pipeline:
                TRANSFORMS.build(t)
            if 'occlusion_ablation' in str(f):
                pipe = cfg.train_dataloader.dataset.pipeline
                names = [t['type'] for t in pipe]
                aug = f.stem.split('capsule-stereo-128-')[-1]
                scopes = {t.get('mask_scope') for t in pipe} - {None}
                if aug != 'noaug':
                    self.assertEqual(scopes, {'all'} if aug.endswith(
                        'masked') else {'none'})
                self.assertEqual('Cutout' in names, aug.startswith('cutout'))
                self.assertEqual('HideAndSeek' in names, aug.startswith('hns'))


class TestViewKeypointError2D(unittest.TestCase):

    def test_per_view_means_skip_invisible_joints(self):
        gt = np.zeros((1, 2, 3, 2))
        pred = gt.copy()
        pred[0, 0, :, 0] = [3., 4., 100.]  # joint 2 of view 0 invisible
        pred[0, 1, :, 1] = [1., 1., 1.]
        vis = np.array([[[1, 1, 0], [1, 1, 1]]], float)
        metric = ViewKeypointError2D()
        metric.process(None, [
            dict(gt_instances=dict(keypoints_2d=gt, keypoints_2d_visible=vis),
                 pred_instances=dict(keypoints_2d=pred))
        ])
        out = metric.compute_metrics(metric.results)
        self.assertAlmostEqual(out['view0'], 3.5)
        self.assertAlmostEqual(out['view1'], 1.)
        self.assertAlmostEqual(out['mean'], 2.25)
        with self.assertRaisesRegex(KeyError, 'keypoints_2d'):
            metric.process(None, [dict(gt_instances=dict(keypoints_2d=gt),
                                       pred_instances=dict())])


if __name__ == '__main__':
    unittest.main()
