"""Evaluate a model (or the trivial / oracle predictors) on the capsule
stereo world's validation frames, clean or with synthetic occluders.

Examples (repository root, ``OMP_NUM_THREADS=1``)::

    # a trained model: MPJPE, P-MPJPE, per-view 2D error, ms per frame
    python projects/mads/benchmarks/eval_capsule_stereo.py CONFIG CKPT \
        [--occluded] [--out results.jsonl] [--dump preds.npz]
    # mean training pose and oracle-2D + DLT (no model)
    python projects/mads/benchmarks/eval_capsule_stereo.py CONFIG --trivial

The frames are the config's ``val_dataloader`` dataset (the cached
renders); ``--occluded`` swaps its pipeline for the config's
``occluded_val_pipeline`` (1-2 textured occluders per view, fixed seed,
labels unchanged). Time per frame is the forward pass of one batch
(data preprocessor + model, ``torch.no_grad``), divided by the batch size.
"""
import argparse
import json
import os.path as osp
import sys
import time

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '../../..')))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from mmengine.config import Config, DictAction  # noqa: E402
from mmengine.dataset import pseudo_collate  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402
from mmengine.runner import load_checkpoint  # noqa: E402

from selfpose_mm.evaluation.functional import keypoint_errors  # noqa: E402
from selfpose_mm.geometry import triangulate_dlt  # noqa: E402
from selfpose_mm.registry import DATASETS, MODELS  # noqa: E402
from selfpose_mm.utils.config_aliases import \
    resolve_config_alias  # noqa: E402


#: MADS-19 left/right mirror (right 2-5, 10-13 <-> left 6-9, 14-17).
MIRROR = [0, 1, 6, 7, 8, 9, 2, 3, 4, 5, 14, 15, 16, 17, 10, 11, 12, 13, 18]


def _summary(pred3d, gt3d, vis3d, pred2d, gt2d, vis2d) -> dict:
    """MPJPE / P-MPJPE / pelvis-relative (mm), per-view 2D error (px), its
    median, and the fraction of 2D joints more than 2 px closer to the
    mirrored (left/right swapped) joint than to their own."""
    m = vis3d > 0
    out = dict(
        mpjpe=float(keypoint_errors(pred3d, gt3d, m, 'none')[m].mean()),
        p_mpjpe=float(
            keypoint_errors(pred3d, gt3d, m, 'procrustes')[m].mean()),
        rel_mpjpe=float(
            keypoint_errors(pred3d - pred3d[:, 1:2], gt3d - gt3d[:, 1:2], m,
                            'none')[m].mean()))
    e2 = np.linalg.norm(pred2d - gt2d, axis=-1)  # (N, V, K)
    v2 = vis2d > 0
    for v in range(e2.shape[1]):
        out[f'2d_view{v}'] = float(e2[:, v][v2[:, v]].mean())
    out['2d_median'] = float(np.median(e2[v2]))
    swapped = np.linalg.norm(pred2d - gt2d[:, :, MIRROR], axis=-1)
    out['lr_swap_frac'] = float((swapped < e2 - 2.)[v2].mean())
    return out


def _dataset(cfg: Config, occluded: bool):
    ds_cfg = cfg.val_dataloader.dataset.copy()
    if occluded:
        ds_cfg.pipeline = cfg.occluded_val_pipeline
    return DATASETS.build(ds_cfg)


def _gather(samples):
    gt = [s.gt_instances for s in samples]
    return (np.stack([g.keypoints_3d[0] for g in gt]),
            np.stack([g.keypoints_3d_visible[0] for g in gt]),
            np.stack([g.keypoints_2d[0] for g in gt]),
            np.stack([g.keypoints_2d_visible[0] for g in gt]),
            np.stack([s.cameras.projection_matrices.float().numpy()
                      for s in samples]))


def evaluate_model(cfg: Config, ckpt: str, occluded: bool,
                   batch_size: int = 16) -> dict:
    """Run the model over the validation frames."""
    model = MODELS.build(cfg.model)
    load_checkpoint(model, ckpt, map_location='cpu', logger='silent')
    model.eval()
    ds = _dataset(cfg, occluded)
    preds3d, preds2d, samples, secs = [], [], [], 0.
    for i in range(0, len(ds), batch_size):
        batch = pseudo_collate([ds[j] for j in range(i, min(len(ds),
                                                           i + batch_size))])
        with torch.no_grad():
            t0 = time.perf_counter()
            out = model.test_step(batch)
            secs += time.perf_counter() - t0
        for s in out:
            preds3d.append(np.asarray(s.pred_instances.keypoints_3d[0]))
            preds2d.append(np.asarray(s.pred_instances.keypoints_2d[0]))
            samples.append(s)
    gt3d, vis3d, gt2d, vis2d, _ = _gather(samples)
    res = _summary(np.stack(preds3d), gt3d, vis3d, np.stack(preds2d), gt2d,
                   vis2d)
    res['ms_per_frame'] = 1000. * secs / len(ds)
    res['pred3d'] = np.stack(preds3d)
    return res


def evaluate_trivial(cfg: Config) -> dict:
    """Mean training pose (world) and oracle-2D + DLT."""
    tr_cfg = cfg.train_dataloader.dataset.copy()
    tr_cfg.update(prerender=None, cache_file=None, pipeline=[])
    train = DATASETS.build(tr_cfg)
    mean = np.mean([train.get_data_info(i)['keypoints_3d']
                    for i in range(len(train))], 0)
    ds = _dataset(cfg, False)
    samples = [ds[i]['data_samples'] for i in range(len(ds))]
    gt3d, vis3d, gt2d, vis2d, P = _gather(samples)
    N = len(gt3d)
    mean3d = np.repeat(mean[None], N, 0)
    Xh = np.concatenate([mean3d, np.ones(mean3d.shape[:-1] + (1, ))], -1)
    proj = np.einsum('nvij,nkj->nvki', P, Xh)
    mean2d = proj[..., :2] / proj[..., 2:]
    out = dict(mean_pose=_summary(mean3d, gt3d, vis3d, mean2d, gt2d, vis2d))
    Pt = torch.as_tensor(P, dtype=torch.float64)
    exact = triangulate_dlt(torch.as_tensor(gt2d, dtype=torch.float64), Pt)
    out['oracle2d_dlt'] = _summary(exact.numpy(), gt3d, vis3d, gt2d, gt2d,
                                   vis2d)
    # the 2D ground truth rounded to the heatmap grid (MSRAHeatmap cells sit
    # at multiples of the stride): the resolution of a plain argmax
    stride = cfg.codec.input_size[0] / cfg.codec.heatmap_size[0]
    q2d = np.round(gt2d / stride) * stride
    quant = triangulate_dlt(torch.as_tensor(q2d), Pt)
    out[f'oracle2d_grid{stride:g}px_dlt'] = _summary(quant.numpy(), gt3d,
                                                     vis3d, q2d, gt2d, vis2d)
    # the 2D ground truth plus 1 px and 2 px Gaussian noise per coordinate
    rng = np.random.default_rng(0)
    for sd in (1., 2.):
        n2d = gt2d + rng.normal(0, sd, gt2d.shape)
        Xn = triangulate_dlt(torch.as_tensor(n2d), Pt).numpy()
        out[f'oracle2d_noise{sd:g}px_dlt'] = _summary(Xn, gt3d, vis3d, n2d,
                                                      gt2d, vis2d)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config')
    p.add_argument('checkpoint', nargs='?')
    p.add_argument('--occluded', action='store_true')
    p.add_argument('--trivial', action='store_true')
    p.add_argument('--name', help='row name in --out (default: config)')
    p.add_argument('--out', help='append a JSON line per result here')
    p.add_argument('--dump', help='save the 3D predictions (.npz)')
    p.add_argument('--cfg-options', nargs='+', action=DictAction,
                   help='override config keys, as tools/test.py, e.g. '
                   'model.compute_dtype=bfloat16')
    args = p.parse_args()
    cfg = Config.fromfile(resolve_config_alias(args.config))
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'selfpose_mm'))
    if cfg.get('custom_imports'):
        from mmengine.utils import import_modules_from_strings
        import_modules_from_strings(**cfg.custom_imports)
    name = args.name or osp.splitext(osp.basename(args.config))[0]
    if args.trivial:
        rows = {k: v for k, v in evaluate_trivial(cfg).items()}
    else:
        if not args.checkpoint:
            p.error('give a checkpoint, or --trivial')
        res = evaluate_model(cfg, args.checkpoint, args.occluded)
        if args.dump:
            np.savez(args.dump, pred3d=res['pred3d'])
        res.pop('pred3d')
        rows = {name + (' [occluded]' if args.occluded else ''): res}
    for k, v in rows.items():
        line = json.dumps(dict(name=k, **{a: round(b, 3)
                                          for a, b in v.items()}))
        print(line)
        if args.out:
            with open(args.out, 'a') as f:
                f.write(line + '\n')


if __name__ == '__main__':
    main()
