"""Time the geometric baseline on the real Shelf test range and score it.

Loads the config's dataset once, runs the pipeline (PAF grouping) and the
model frame by frame, and reports ms/frame for both and the PCP (same
``PCPMetric`` as ``tools/test.py``). From the repository root::

    python projects/shelf/tools/benchmark_geometric_baseline.py \\
        [--data-root PATH] [--per-frame] [--repeat 3] [--profile]
"""
import argparse
import os.path as osp
import sys
import time

import numpy as np
import torch

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), *['..'] * 3)))

from mmengine.config import Config  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402

from selfpose_mm.registry import DATASETS, METRICS, MODELS  # noqa: E402
from selfpose_mm.utils.config_aliases import \
    resolve_config_alias  # noqa: E402

CONFIG = osp.join(
    osp.dirname(__file__), '..', 'configs', 'geometric-baseline_shelf-4da.py')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--config', default=CONFIG)
    parser.add_argument('--data-root', default=None)
    parser.add_argument('--per-frame', action='store_true',
                        help='switch the temporal filter off')
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--profile', action='store_true')
    args = parser.parse_args()
    torch.set_num_threads(1)
    cfg = Config.fromfile(resolve_config_alias(args.config))
    init_default_scope('selfpose_mm')
    ds_cfg = cfg.test_dataloader.dataset
    if args.data_root:
        ds_cfg.data_root = args.data_root
    if args.per_frame:
        cfg.model.temporal_cfg = None
    dataset = DATASETS.build(ds_cfg)
    t0 = time.perf_counter()
    samples = [dataset[i] for i in range(len(dataset))]
    t_group = (time.perf_counter() - t0) / len(samples) * 1e3
    model = MODELS.build(cfg.model).eval()
    if args.profile:
        import cProfile
        import pstats
        prof = cProfile.Profile()
        prof.enable()
    times = []
    for _ in range(args.repeat):
        outs = []
        t0 = time.perf_counter()
        with torch.no_grad():
            for s in samples:
                outs += model.forward([s['inputs']], [s['data_samples']])
        times.append((time.perf_counter() - t0) / len(samples) * 1e3)
    if args.profile:
        prof.disable()
        pstats.Stats(prof).sort_stats('cumulative').print_stats(25)
    metric = METRICS.build(cfg.test_evaluator)
    metric.process({}, [o.to_dict() for o in outs])
    res = metric.compute_metrics(metric.results)
    print(f'PAF grouping (pipeline): {t_group:.1f} ms/frame')
    print(f'model: median {np.median(times):.1f} ms/frame over '
          f'{args.repeat} passes ({", ".join(f"{t:.1f}" for t in times)})')
    print(', '.join(f'{k} {v:.2f}' for k, v in res.items()))


if __name__ == '__main__':
    main()
