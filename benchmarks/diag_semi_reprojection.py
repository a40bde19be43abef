"""Where the semi-supervised back-projection residual comes from.

On every 7th Train window (all have 3D, so both parts can be checked) with a
trained semi-supervised checkpoint (pose + trajectory model, eval mode):
mean trajectory error (mm) and the mean 2D reprojection error (px) of
pred pose + pred trajectory, pred pose + GT root, GT pose + pred trajectory.

Usage: python benchmarks/diag_semi_reprojection.py SEMI_CONFIG CHECKPOINT
"""
import sys

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from selfpose_mm.utils import register_all_modules
from selfpose_mm.registry import MODELS, DATASETS
from selfpose_mm.structures import MultiViewCameras
register_all_modules()
cfg = Config.fromfile(sys.argv[1]); ckpt = sys.argv[2]
m = MODELS.build(cfg.model)
from mmengine.runner import load_checkpoint
load_checkpoint(m, ckpt, map_location='cpu')
m.eval()
dcfg = cfg.train_dataloader.dataset.unlabeled.copy(); dcfg.with_3d = True
ds = DATASETS.build(dcfg)
loss = m.reprojection_loss
idx = list(range(0, len(ds), 7))
res = {k: [] for k in ('traj_mm', 'px_pred', 'px_gtroot', 'px_gtpose')}
with torch.no_grad():
    for j in range(0, len(idx), 256):
        b = pseudo_collate([ds[i] for i in idx[j:j+256]])
        x = torch.stack(b['inputs']); ss = b['data_samples']
        pose = m._pose(x); traj = m._traj(x)
        lab = [s.gt_instance_labels for s in ss]
        gt_pose = torch.stack([l.lifting_target for l in lab]); gt_root = torch.stack([l.trajectory_target for l in lab])
        tgt = torch.stack([l.keypoints_2d_target for l in lab])
        cams = MultiViewCameras.stack([s.cameras for s in ss])
        size = torch.tensor([list(s.image_size) for s in ss])
        w = size[:, 0:1, None, None] / 2
        def px(p):
            return (torch.norm(loss.project(p, cams) - tgt, dim=-1) * w[:, :, :, 0]).mean(dim=(1, 2))
        res['traj_mm'] += (torch.norm(traj - gt_root, dim=-1).mean(dim=(1, 2)) * 1000).tolist()
        res['px_pred'] += px(pose + traj).tolist()
        res['px_gtroot'] += px(pose + gt_root).tolist()
        res['px_gtpose'] += px(gt_pose + traj).tolist()
print('n', len(idx), {k: round(float(np.mean(v)), 2) for k, v in res.items()})
