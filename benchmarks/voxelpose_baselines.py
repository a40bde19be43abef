"""Trivial baselines (and the model) on a VoxelPose config's val set.

Rows, all scored with the config's evaluator (``PanopticAPMetric``):

* ``gt-root + mean pose``: every GT person gets the mean root-relative
  training pose placed at its GT root (score 1): what a model that only
  localises people perfectly, and knows nothing about their pose, reaches.
* ``proposals + mean pose`` (needs ``--checkpoint``): the trained root
  net's valid proposals with the mean pose at each (scores kept).
* ``model`` (needs ``--checkpoint``): the full VoxelPose prediction.

The mean pose is the average of ``--num-train`` GT people of the training
set, root-relative, in the world frame (z up).

Usage::

    python benchmarks/voxelpose_baselines.py CONFIG [--checkpoint CKPT] \\
        [--num-val N] [--cfg-options ...]
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from mmengine.config import Config, DictAction  # noqa: E402
from mmengine.dataset import pseudo_collate  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402
from mmengine.runner import load_checkpoint  # noqa: E402
from mmengine.structures import InstanceData  # noqa: E402

from selfpose_mm.engine import patch_torch_load  # noqa: E402
from selfpose_mm.registry import DATASETS, METRICS, MODELS  # noqa: E402
from selfpose_mm.utils.config_aliases import \
    resolve_config_alias  # noqa: E402

__all__ = ['mean_pose', 'main']


def mean_pose(dataset, num: int, root_index: int) -> np.ndarray:
    """Mean root-relative pose ``(K, 3)`` of the first GT people."""
    poses, i = [], 0
    while sum(len(p) for p in poses) < num and i < len(dataset):
        kp = np.asarray(dataset.get_data_info(i)['keypoints_3d'])
        if len(kp):
            poses.append(kp - kp[:, root_index:root_index + 1])
        i += 1
    return np.concatenate(poses)[:num].mean(0)


def _score(evaluator_cfg, samples) -> dict:
    metric = METRICS.build(evaluator_cfg)
    metric.process(None, [s.to_dict() for s in samples])
    return metric.compute_metrics(metric.results)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config')
    p.add_argument('--checkpoint', default=None)
    p.add_argument('--num-val', type=int, default=None,
                   help='first N val samples (default: all)')
    p.add_argument('--num-train', type=int, default=2000,
                   help='GT people averaged into the mean pose')
    p.add_argument('--json', default=None, help='write the rows here')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = p.parse_args()

    cfg = Config.fromfile(resolve_config_alias(args.config))
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'selfpose_mm'))
    root = cfg.model.get('root_index', 2)
    train_set = DATASETS.build(cfg.train_dataloader.dataset)
    mean = mean_pose(train_set, args.num_train, root)
    val_set = DATASETS.build(cfg.val_dataloader.dataset)
    n = len(val_set) if args.num_val is None else min(args.num_val,
                                                      len(val_set))
    model = None
    if args.checkpoint:
        patch_torch_load()  # our own MMEngine checkpoint (trusted)
        model = MODELS.build(cfg.model)
        load_checkpoint(model, args.checkpoint, map_location='cpu')
        model.eval()

    rows = {'gt-root + mean pose': [], 'proposals + mean pose': [],
            'model': []}
    for i in range(n):
        packed = val_set[i]
        gt = packed['data_samples'].gt_instances
        kp = np.asarray(gt.keypoints_3d).reshape(-1, mean.shape[0], 3)
        base = packed['data_samples']
        s = base.clone()
        s.pred_instances = InstanceData(
            keypoints_3d=(kp[:, root:root + 1] + mean).astype(np.float32),
            scores=np.ones(len(kp), np.float32))
        rows['gt-root + mean pose'].append(s)
        if model is None:
            continue
        with torch.no_grad():
            data = model.data_preprocessor(pseudo_collate([packed]), False)
            out = model(**data, mode='tensor')
        valid = out['valid'][0].numpy()
        centers = out['centers'][0].numpy()[valid]
        scores = out['scores'][0].numpy()[valid].astype(np.float32)
        s = base.clone()
        s.pred_instances = InstanceData(
            keypoints_3d=(centers[:, None] + mean).astype(np.float32),
            scores=scores)
        rows['proposals + mean pose'].append(s)
        s = base.clone()
        s.pred_instances = InstanceData(
            keypoints_3d=out['keypoints_3d'][0].numpy()[valid],
            scores=scores)
        rows['model'].append(s)

    results = {}
    for name, samples in rows.items():
        if samples:
            results[name] = _score(cfg.val_evaluator, samples)
    keys = ['AP@25', 'AP@50', 'AP@100', 'AP@150', 'mAP', 'recall@500',
            'MPJPE']
    print(f'{n} val samples of {args.config}')
    print('| row | ' + ' | '.join(keys) + ' |')
    print('|---' * (len(keys) + 1) + '|')
    for name, m in results.items():
        print(f'| {name} | ' + ' | '.join(f'{m[k]:.1f}' for k in keys) +
              ' |')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(results, f, indent=1)


if __name__ == '__main__':
    main()
