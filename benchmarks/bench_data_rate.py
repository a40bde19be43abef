"""Does data generation keep up with training? Samples per second of a
config's training dataset (one worker) against its training step.

For the config's training set, ``--samples`` samples (shuffled indices,
as the training sampler) are drawn through the
whole training pipeline (for the synthetic world: people, projection,
detector emulation, heatmaps) in this process, i.e. one dataloader worker;
then ``--steps`` training steps (forward, backward, optimizer) run on one
batch. The report gives both rates and the number of workers a run needs so
that data never waits: ``ceil(batch time of data / step time)``.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/bench_data_rate.py CONFIG
    ... CONFIG --cfg-options model.compute_dtype=bfloat16   # faster step
    ... CONFIG --device cuda       # the step on a GPU (data stays on CPU)
"""
import argparse
import math
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from mmengine.config import Config, DictAction  # noqa: E402
from mmengine.dataset import pseudo_collate  # noqa: E402
from mmengine.optim import build_optim_wrapper  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402

import selfpose_mm  # noqa: E402,F401
from benchmarks._timing import sync  # noqa: E402
from selfpose_mm.registry import DATASETS, MODELS  # noqa: E402
from selfpose_mm.utils.config_aliases import \
    resolve_config_alias  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config')
    p.add_argument('--samples', type=int, default=40)
    p.add_argument('--steps', type=int, default=6)
    p.add_argument('--cfg-options', nargs='+', action=DictAction)
    p.add_argument('--device', default='cpu')
    args = p.parse_args()
    cfg = Config.fromfile(resolve_config_alias(args.config))
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'selfpose_mm'))
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    batch_size = cfg.train_dataloader.batch_size
    t0 = time.perf_counter()
    # shuffled indices, as the training sampler draws them (the synthetic
    # world caches whole clips: sequential indices would flatter it)
    order = np.random.default_rng(0).permutation(len(dataset))
    samples = [dataset[int(i)] for i in order[:args.samples]]
    per_sample = (time.perf_counter() - t0) / args.samples
    model = MODELS.build(cfg.model)
    model.init_weights()
    model.to(args.device).train()
    optim = build_optim_wrapper(model, cfg.optim_wrapper)
    batch = pseudo_collate(samples[:batch_size])
    model.train_step(batch, optim)  # warm-up
    times = []
    for _ in range(args.steps):
        sync(args.device)
        t0 = time.perf_counter()
        model.train_step(batch, optim)
        sync(args.device)
        times.append(time.perf_counter() - t0)
    step = statistics.median(times)
    data_per_batch = per_sample * batch_size
    print(f'{args.config}')
    print(f'data: {1 / per_sample:.1f} samples/s per worker '
          f'({per_sample * 1e3:.1f} ms/sample, {data_per_batch:.3f} s per '
          f'batch of {batch_size})')
    print(f'training step: {step:.3f} s (median of {args.steps}, '
          f'{min(times):.3f}-{max(times):.3f})')
    print(f'data / step = {data_per_batch / step:.2f}: '
          f'{math.ceil(data_per_batch / step)} worker(s) keep the step fed')


if __name__ == '__main__':
    main()
