"""The four Panoptic SelfPose3d stage configs run on a tiny Panoptic tree.

Each stage trains one short epoch on a 2-frame Panoptic-format tree (images
192x108, SelfPose3d-style pseudo 2D npz) with tiny model sizes, and the
next stage loads the previous stage's work dir, exactly as the configs
chain them. A missing earlier stage is a clear error.
"""
import os
import tempfile
import unittest

import numpy as np
import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope

from selfpose_mm.datasets import save_pseudo_npz
from selfpose_mm.engine.cli import build_runner
from selfpose_mm.registry import DATASETS, MODELS
from tests.test_datasets.test_panoptic_dataset import CAMS, SEQ, write_tree

HERE = os.path.dirname(os.path.abspath(__file__))
CFG_DIR = os.path.join(HERE, '..', '..', 'configs', 'selfpose3d')
#: stage -> config basename (the default work dir of that stage)
STAGES = {
    'backbone': 'selfpose3d_res50_2xb4-20e_panoptic-5cam-backbone',
    'rootnet': 'selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-rootnet',
    'posenet': 'selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet',
    'posenet_finetune':
    'selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-posenet-finetune',
}
FRAMES = (168, 169)


def _walk(node):
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _walk(v)
    elif isinstance(node, (list, tuple)):
        for v in node:
            yield from _walk(v)


def write_pseudo(root: str) -> str:
    """Pseudo 2D labels = projected GT with a little noise (per view)."""
    ds = DATASETS.build(dict(type='PanopticDataset', data_root=root,
                             sequences=[SEQ], frame_interval=1,
                             pipeline=[dict(type='ProjectPoses')]))
    rng = np.random.default_rng(0)
    keys, offs, j2d, vis = [], [0], [], []
    for i in range(len(ds)):
        r = ds[i]
        for v, cam in enumerate(CAMS):
            keys.append(f'{SEQ}_{cam}_{r["frame_id"]:08d}')
            p = r['gt_keypoints_2d'][v] + rng.normal(0, 1, (1, 1, 1))
            j2d.append(p.astype(np.float32))
            vis.append(r['gt_keypoints_2d_visible'][v] > 0)
            offs.append(offs[-1] + len(p))
    path = os.path.join(root, 'pseudo.npz')
    save_pseudo_npz(dict(
        record_keys=np.array(keys), images=np.array(keys),
        person_offsets=np.asarray(offs, np.int64),
        joints_2d=np.concatenate(j2d), joints_2d_vis=np.concatenate(vis),
        scores=np.ones(offs[-1], np.float32),
        bboxes=np.full((offs[-1], 4), np.nan, np.float32),
        interval=np.asarray(1), cam_list=np.zeros((5, 2), np.int64),
        sequence_list=np.array([SEQ])), path)
    return path


def tiny(stage: str, root: str, npz: str) -> Config:
    cfg = Config.fromfile(os.path.join(CFG_DIR, f'{STAGES[stage]}.py'))
    cfg.work_dir = os.path.join(root, 'work_dirs', STAGES[stage])
    for name in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        dl = cfg.get(name)
        if not dl:
            continue
        dl.update(num_workers=0, persistent_workers=False)
        dl.dataset.update(data_root=root, sequences=[SEQ], frame_interval=1)
        if dl.dataset.get('ann_source') == 'pseudo':
            dl.dataset.pseudo_file = npz
        for node in _walk(dl.dataset.pipeline):
            if node.get('type') == 'MultiViewAffine':
                node.update(input_size=(64, 32), heatmap_size=(16, 8))
            if node.get('type') == 'MultiViewCutout':
                node.update(num_range=(1, 2), size_range=(4, 8))
    cfg.train_cfg.max_epochs = 1
    # training only (validation is the VoxelPose path, tested elsewhere)
    cfg.val_cfg = cfg.val_dataloader = cfg.val_evaluator = None
    cfg.default_hooks.checkpoint.save_best = None
    m = cfg.model
    m.backbone.depth = 18
    m.heatmap_head.in_channels = 512
    m.heatmap_head.deconv_out_channels = (16, 16)
    m.heatmap_head.deconv_kernel_sizes = (4, 4)
    if m.get('attention'):
        m.attention.backbone.depth = 18
        m.attention.head.deconv_out_channels = (8, 8)
        m.attention.head.deconv_kernel_sizes = (4, 4)
    m.root_head.update(cube_shape=(16, 16, 4), max_num=2,
                       score_threshold=-1.)
    m.root_head.net.mid_channels = 4
    m.pose_head.update(cube_shape=(8, 8, 8))
    m.pose_head.net.mid_channels = 4
    for entry in m.stage_checkpoints:
        entry['path'] = os.path.join(root, entry['path'])
    cfg.default_hooks.pop('visualization', None)
    cfg.default_hooks.logger.interval = 1
    cfg.pop('model_wrapper_cfg', None)
    return cfg


class TestPanopticStages(unittest.TestCase):

    @pytest.mark.slow
    def test_four_stages_chain(self):
        init_default_scope('selfpose_mm')
        with tempfile.TemporaryDirectory() as root:
            write_tree(root, frames=FRAMES)
            npz = write_pseudo(root)
            # the pose-net stage before its root-net stage: clear error
            model = MODELS.build(tiny('posenet', root, npz).model)
            with self.assertRaisesRegex(FileNotFoundError,
                                        STAGES['rootnet'] + '.py'):
                model.init_weights()
            for stage in STAGES:
                runner = build_runner(tiny(stage, root, npz), 'none')
                runner.train()
                self.assertGreaterEqual(runner.iter, 1, stage)
                self.assertTrue(os.path.isfile(os.path.join(
                    runner.work_dir, 'last_checkpoint')), stage)
            scalars = runner.message_hub.log_scalars
            self.assertIn('train/loss_pose3d_ssv', scalars)
            self.assertIn('train/loss_pose3d_l1_ssv', scalars)  # epoch 0
