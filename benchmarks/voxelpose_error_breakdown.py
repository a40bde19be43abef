"""Where a voxel model's 3D error comes from: root vs pose shape, per joint.

For every GT person of the config's val set, the nearest prediction (mean
joint distance; predictions with score above ``--score-thr``) is taken and
split into

* the root error (joint ``--root``, mid-hip for Panoptic-15),
* the root-aligned MPJPE (both poses moved to their own root), and
* the per-joint mean error,

over the people whose nearest prediction is within ``--max-error`` (500 mm,
as recall@500), as means and medians.

A large root-aligned error with a small root error says the pose network,
not the detection of people, limits the model. The nearest-prediction
matching differs from ``PanopticAPMetric``'s score-ordered matching, so the
absolute MPJPE differs from the metric's.

Usage::

    python benchmarks/voxelpose_error_breakdown.py CONFIG CKPT
"""
import argparse
import os
import sys

import numpy as np
import torch
from tqdm import tqdm

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from mmengine.config import Config, DictAction  # noqa: E402
from mmengine.dataset import pseudo_collate  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402
from mmengine.runner import load_checkpoint  # noqa: E402

import selfpose_mm  # noqa: E402,F401
from selfpose_mm.registry import DATASETS, MODELS  # noqa: E402
from selfpose_mm.utils.config_aliases import \
    resolve_config_alias  # noqa: E402


def _np(x) -> np.ndarray:
    return x.numpy() if hasattr(x, 'numpy') else np.asarray(x)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--score-thr', type=float, default=0.3)
    p.add_argument('--root', type=int, default=2)
    p.add_argument('--max-error', type=float, default=500.,
                   help='people whose nearest prediction is farther (a '
                   'miss, recall@500 style) are counted, not averaged')
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    args = p.parse_args()
    cfg = Config.fromfile(resolve_config_alias(args.config))
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'selfpose_mm'))
    dataset = DATASETS.build(cfg.val_dataloader.dataset)
    model = MODELS.build(cfg.model)
    load_checkpoint(model, args.checkpoint, map_location='cpu')
    model.eval()
    err, root, rel = [], [], []
    for i in tqdm(range(len(dataset)), desc='frames'):
        with torch.no_grad():
            s = model.test_step(pseudo_collate([dataset[i]]))[0]
        gt = _np(s.gt_instances.keypoints_3d)
        pred = _np(s.pred_instances.keypoints_3d)
        pred = pred[_np(s.pred_instances.scores) > args.score_thr]
        if len(pred) == 0:
            continue
        r = args.root
        for g in gt:  # (K, 3) each; few people per frame
            d = np.linalg.norm(pred - g[None], axis=-1)  # (N, K)
            j = d.mean(-1).argmin()
            err.append(d[j])
            root.append(np.linalg.norm(pred[j, r] - g[r]))
            rel.append(np.linalg.norm(
                (pred[j] - pred[j, r]) - (g - g[r]), axis=-1).mean())
    err, root, rel = np.stack(err), np.asarray(root), np.asarray(rel)
    ok = err.mean(-1) < args.max_error
    print(f'{len(err)} GT people matched to their nearest prediction, '
          f'{ok.sum()} within {args.max_error:.0f} mm MPJPE (the rows below)')
    for name, f in (('mean', np.mean), ('median', np.median)):
        print(f'{name}: MPJPE {f(err[ok].mean(-1)):.1f} mm, root error '
              f'{f(root[ok]):.1f} mm, root-aligned MPJPE {f(rel[ok]):.1f} mm')
    print('mean per joint (mm): ' +
          ' '.join(f'{e:.0f}' for e in err[ok].mean(0)))


if __name__ == '__main__':
    main()
