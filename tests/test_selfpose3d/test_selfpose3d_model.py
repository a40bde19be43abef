"""SelfPose3D: stages, frozen parts, gradients, checkpoint chaining."""
import os
import tempfile
import unittest

import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope

from selfpose_mm.registry import DATASETS, MODELS

HERE = os.path.dirname(os.path.abspath(__file__))
CFG = os.path.join(
    HERE, '..', '..', 'configs', 'selfpose3d',
    'selfpose3d_v2v-cpn32-prn24_1xb2-800it_synthetic-5cam-posenet.py')
ROOTNET = 'selfpose3d_v2v-cpn32-prn24_1xb2-300it_synthetic-5cam-rootnet.py'
TINY = {
    'model.root_head.cube_shape': (16, 16, 4),
    'model.root_head.net.mid_channels': 4,
    'model.root_head.score_threshold': -1.,
    'model.root_head.max_num': 3,
    'model.pose_head.cube_shape': (8, 8, 8),
    'model.pose_head.net.mid_channels': 4,
    'model.attention.mid_channels': 4,
    'model.stage_checkpoints': [],
    'model.train_cfg.l1_start_iter': 0,
}


def tiny_cfg(**extra):
    cfg = Config.fromfile(CFG)
    cfg.merge_from_dict(dict(TINY, **extra))
    cfg.train_dataloader.dataset.num_samples = 4
    cfg.train_dataloader.dataset.rig = dict(num_cameras=3)
    return cfg


def batch_and_model(cfg, n=2):
    ds = DATASETS.build(cfg.train_dataloader.dataset)
    model = MODELS.build(cfg.model)
    model.init_weights()
    data = model.data_preprocessor(pseudo_collate([ds[i] for i in range(n)]),
                                   True)
    return data, model


class TestSelfPose3D(unittest.TestCase):

    def setUp(self):
        init_default_scope('selfpose_mm')
        torch.manual_seed(0)

    def test_pose_stage(self):
        data, model = batch_and_model(tiny_cfg())
        model.train()
        self.assertFalse(model.root_head.training)  # frozen root net
        losses = model(**data, mode='loss')
        for key in ('loss_pose3d_ssv', 'loss_attn_ssv',
                    'loss_pose3d_l1_ssv'):
            self.assertIn(key, losses)
            self.assertTrue(torch.isfinite(losses[key]))
        self.assertGreater(float(losses['num_proposals']), 0)
        sum(v for k, v in losses.items() if k.startswith('loss')).backward()
        grads = {n: p.grad for n, p in model.named_parameters()}
        self.assertTrue(all(g is None for n, g in grads.items()
                            if n.startswith('root_head.')))
        for prefix in ('pose_head.', 'attention.'):
            got = [g for n, g in grads.items() if n.startswith(prefix)]
            self.assertTrue(any(g is not None and float(g.abs().sum()) > 0
                                for g in got), prefix)
        # inference runs on the plain set of a view-set sample
        model.eval()
        with torch.no_grad():
            out = model(**data, mode='predict')
        self.assertEqual(out[0].pred_instances.keypoints_3d.shape[1:],
                         (15, 3))

    def test_root_stage(self):
        data, model = batch_and_model(tiny_cfg(**{
            'model.train_cfg.stage': 'root'
        }))
        model.train()
        self.assertTrue(model.root_head.training)
        self.assertFalse(model.pose_head.training)
        losses = model(**data, mode='loss')
        self.assertEqual(set(losses),
                         {'loss_root_syn', 'loss_root_consistency'})
        sum(losses.values()).backward()
        trained = [n for n, p in model.named_parameters()
                   if p.grad is not None]
        self.assertTrue(trained)
        self.assertTrue(all(n.startswith('root_head.') for n in trained))
        roots, mask = model.root_head.sample_roots(64, 'cpu')
        box = torch.tensor(model.root_head.syn_box)
        xy = roots[..., :2][mask]
        self.assertTrue(((xy >= box[:2, 0]) & (xy <= box[:2, 1])).all())
        self.assertEqual(int(mask.sum(1).min()), 1)
        self.assertLessEqual(int(mask.sum(1).max()),
                             model.root_head.syn_max_people)
        # zero loss when the scores equal the synthetic targets
        tgt = model.root_head.get_target(roots[:2], mask[:2])
        self.assertEqual(float(model.root_head.loss_synthetic(
            tgt, roots[:2], mask[:2], 2)), 0.)

    def test_missing_stage_checkpoint_names_the_config(self):
        with tempfile.TemporaryDirectory() as tmp:
            cfg = tiny_cfg(**{'model.stage_checkpoints': [dict(
                path=os.path.join(tmp, 'nothing_here'),
                modules=['root_head'],
                produced_by=f'configs/selfpose3d/{ROOTNET}')
            ]})
            model = MODELS.build(cfg.model)
            with self.assertRaisesRegex(FileNotFoundError, ROOTNET):
                model.init_weights()
            # a real checkpoint loads the listed modules only
            src = MODELS.build(tiny_cfg().model)
            path = os.path.join(tmp, 'root.pth')
            torch.save(dict(state_dict=src.state_dict()), path)
            os.makedirs(os.path.join(tmp, 'wd'))
            with open(os.path.join(tmp, 'wd', 'last_checkpoint'), 'w') as f:
                f.write(path)
            cfg.model.stage_checkpoints[0]['path'] = os.path.join(tmp, 'wd')
            model = MODELS.build(cfg.model)
            model.init_weights()
            for (n, a), b in zip(model.root_head.state_dict().items(),
                                 src.root_head.state_dict().values()):
                self.assertTrue(torch.equal(a, b), n)
