"""Cost curves: how inference time grows with people, views and frames.

Three curves, one run, plotted to PNGs:

* **plane-head VoxelPose** (the real-40 Panoptic config's model: 240x128
  heatmaps, the 64x64x16 top view, 32^3-sampled person cubes), per frame,
  against the number of people (1-10, one proposal per person: the root
  head keeps exactly ``P`` proposals, so the cost does not depend on a
  trained checkpoint) and of views (3-31 Panoptic HD cameras of the real
  160906 calibration);
* the training-free **geometric baseline** (Panoptic-15) on emulated
  detections of the same frames, against people and views;
* the **temporal lifter** (VideoPose3D TCN, 243-frame receptive field, the
  dilated model over whole sequences), against the sequence length
  (1 k - 100 k frames).

With ``--compute-dtype bfloat16`` the plane-head VoxelPose and the lifter
are timed a second time at that ``compute_dtype`` (same weights), drawn
dashed. ``--device cuda`` runs the models on the GPU (synchronised before
each clock read; memory is then ``torch.cuda.max_memory_allocated``).

Model time only (the data pipeline is timed apart in the JSON); median of
``--repeats`` calls after one warm-up. Memory is the process's peak RSS
(``ru_maxrss``) after each point, points in increasing size, so it bounds
the point's footprint from above.

Usage::

    OMP_NUM_THREADS=2 python benchmarks/cost_curves.py --out work_dirs/cost
    OMP_NUM_THREADS=1 python benchmarks/cost_curves.py --compute-dtype bfloat16
    python benchmarks/cost_curves.py --device cuda
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time
from typing import Callable, Dict, List

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from mmengine.config import Config  # noqa: E402
from mmengine.dataset import pseudo_collate  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402

import selfpose_mm  # noqa: E402,F401
from benchmarks._timing import sync  # noqa: E402
from selfpose_mm.models.utils.compute_precision import \
    resolve_compute_dtype  # noqa: E402
from selfpose_mm.registry import DATASETS, MODELS  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLANE_CFG = 'configs/voxelpose/fastervoxelpose_plane-hg32_1xb4-800it_panoptic-real40.py'
GEO_CFG = 'configs/geometric_baseline/geometric-baseline_panoptic-real40.py'
LIFTER_CFG = 'configs/videopose3d/videopose3d_tcn-243f_1xb1024-80e_h36m-gt.py'
HD = [f'00_{i:02d}' for i in range(31)]


#: set by ``--device``
DEVICE = torch.device('cpu')


def _peak_mib() -> float:
    if DEVICE.type == 'cuda':
        return torch.cuda.max_memory_allocated(DEVICE) / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.


def _time(fn: Callable[[], object], repeats: int) -> Dict[str, float]:
    fn()  # warm-up (camera caches, allocator)
    ts = []
    for _ in range(repeats):
        sync(DEVICE)
        t0 = time.perf_counter()
        fn()
        sync(DEVICE)
        ts.append(time.perf_counter() - t0)
    return dict(median_s=statistics.median(ts), min_s=min(ts),
                max_s=max(ts), peak_rss_mib=_peak_mib())


def _world(cfg: Config, views: int, people: int, pipeline: List[dict]):
    """One frame of the synthetic world through the first ``views`` HD
    cameras of the real calibration, with ``people`` people."""
    calib = dict(cfg.synthetic_world['calibration'], camera_names=HD[:views])
    return DATASETS.build(
        dict(type='SyntheticMultiViewDataset', num_samples=1, seed=7,
             num_people=(people, people),
             placement_range=((-2500., 2500.), (-3000., 2000.)),
             min_person_distance=500., max_tries=200, calibration=calib,
             pipeline=pipeline, test_mode=True))[0]


def voxel_curves(args, results: dict) -> None:
    cfg = Config.fromfile(os.path.join(REPO, PLANE_CFG))
    geo_cfg = Config.fromfile(os.path.join(REPO, GEO_CFG))
    heat_pipe = list(cfg.train_pipeline)  # detections -> heatmaps -> pack
    geo_pipe = list(geo_cfg.test_pipeline)  # detections -> pack
    for name, grid in (('people', [(5, p) for p in args.people]),
                       ('views', [(v, 4) for v in args.views])):
        for views, people in grid:
            cfg.model.root_head.max_num = people
            cfg.model.root_head.score_threshold = -1.  # exactly P proposals
            model = MODELS.build(cfg.model).to(DEVICE).eval()
            t0 = time.perf_counter()
            data = _world(cfg, views, people, heat_pipe)
            data_s = time.perf_counter() - t0
            batch = pseudo_collate([data])
            with torch.no_grad():
                r = _time(lambda: model.test_step(batch), args.repeats)
            r.update(views=views, people=people, data_s=data_s)
            results['plane_voxelpose_' + name].append(r)
            low = ''
            if args.compute_dtype:
                model.set_compute_dtype(args.compute_dtype)
                with torch.no_grad():
                    r = _time(lambda: model.test_step(batch), args.repeats)
                r.update(views=views, people=people)
                results['plane_voxelpose_low_' + name].append(r)
                low = f' ({args.compute_dtype} {r["median_s"]:.3f} s)'
            geo = MODELS.build(geo_cfg.model).to(DEVICE).eval()
            gdata = pseudo_collate([_world(geo_cfg, views, people, geo_pipe)])
            with torch.no_grad():
                g = _time(lambda: geo.test_step(gdata), args.repeats)
            g.update(views=views, people=people)
            results['geometric_' + name].append(g)
            print(f'{name}: V={views} P={people}: plane VoxelPose '
                  f'{results["plane_voxelpose_" + name][-1]["median_s"]:.3f}'
                  f' s{low}, geometric {g["median_s"]:.4f} s', flush=True)


def lifter_curve(args, results: dict) -> None:
    cfg = Config.fromfile(os.path.join(REPO, LIFTER_CFG))
    backbone = MODELS.build(cfg.model.backbone).to(DEVICE).eval()
    for T in args.frames:
        # padded as the dilated model
        x = torch.randn(1, T + 242, 17, 2, device=DEVICE)
        for key, dtype in (('lifter_frames', None),
                           ('lifter_low_frames', args.compute_dtype)):
            if key == 'lifter_low_frames' and not dtype:
                continue
            backbone.compute_dtype = resolve_compute_dtype(dtype)
            with torch.no_grad():
                r = _time(lambda: backbone(x), args.repeats)
            r.update(frames=T)
            results[key].append(r)
            print(f'lifter ({dtype or "float32"}): {T} frames '
                  f'{r["median_s"]:.3f} s', flush=True)
        del x


def plot(results: dict, out: str) -> None:
    import matplotlib
    matplotlib.use('Agg')  # a script: no user backend to change
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 3, figsize=(14, 4))
    low = results.get('compute_dtype') or 'low'
    for ax, key in zip(axes[:2], ('people', 'views')):
        for model, style, label in (
                ('plane_voxelpose', 'o-', 'plane-head VoxelPose'),
                ('plane_voxelpose_low', 'o:',
                 f'plane-head VoxelPose, {low}'),
                ('geometric', 's--', 'geometric baseline')):
            rows = results.get(f'{model}_{key}')
            if not rows:
                continue
            ax.plot([r[key] for r in rows], [r['median_s'] for r in rows],
                    style, label=label)
        ax.set_xlabel(f'{key} (' + ('5 views' if key == 'people' else
                                    '4 people') + ')')
        ax.set_ylabel('s / frame (median)')
        ax.set_yscale('log')
        ax.grid(alpha=.3)
        ax.legend()
    for key, style, label in (('lifter_frames', 'o-', 'float32'),
                              ('lifter_low_frames', 'o:', low)):
        rows = results.get(key)
        if rows:
            axes[2].loglog([r['frames'] for r in rows],
                           [r['median_s'] for r in rows], style,
                           label=label)
    axes[2].legend()
    axes[2].set_xlabel('sequence length (frames)')
    axes[2].set_ylabel('s / sequence (median)')
    axes[2].set_title('TCN 243 frames, dilated, whole sequence')
    axes[2].grid(alpha=.3, which='both')
    fig.tight_layout()
    fig.savefig(os.path.join(out, 'cost_curves.png'), dpi=110)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--out', default='work_dirs/cost_curves')
    p.add_argument('--people', type=int, nargs='+',
                   default=[1, 2, 4, 6, 8, 10])
    p.add_argument('--views', type=int, nargs='+',
                   default=[3, 5, 8, 12, 16, 24, 31])
    p.add_argument('--frames', type=int, nargs='+',
                   default=[1000, 3000, 10000, 30000, 100000])
    p.add_argument('--repeats', type=int, default=3)
    p.add_argument('--compute-dtype', default=None,
                   help='also time the plane-head VoxelPose and the lifter '
                   'at this compute_dtype (e.g. bfloat16)')
    p.add_argument('--device', default='cpu')
    args = p.parse_args()
    global DEVICE
    DEVICE = torch.device(args.device)
    os.makedirs(args.out, exist_ok=True)
    init_default_scope('selfpose_mm')
    results = {k: [] for k in (
        'plane_voxelpose_people', 'plane_voxelpose_views', 'geometric_people',
        'geometric_views', 'lifter_frames', 'plane_voxelpose_low_people',
        'plane_voxelpose_low_views', 'lifter_low_frames')}
    results.update(threads=torch.get_num_threads(), device=str(DEVICE),
                   compute_dtype=args.compute_dtype,
                   loadavg_before=open('/proc/loadavg').read().split()[:3])
    voxel_curves(args, results)
    lifter_curve(args, results)
    results['loadavg_after'] = open('/proc/loadavg').read().split()[:3]
    with open(os.path.join(args.out, 'cost_curves.json'), 'w') as f:
        json.dump(results, f, indent=1)
    plot(results, args.out)
    print('wrote', os.path.join(args.out, 'cost_curves.png'))


if __name__ == '__main__':
    main()
