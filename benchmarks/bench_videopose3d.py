"""CPU throughput of our VideoPose3D lifter, shapes of performance.md v1-v4.

- v1/v2: one supervised training step (zero_grad, forward, MPJPE, backward,
  Adam amsgrad step) of the 27 / 243-frame pose model in train mode on a
  batch of 1024 single-output windows ``(1024, RF, 17, 2) -> (1024, 1, 17,
  3)``, i.e. the strided form; frames/s = 1024 / median step time.
- v3/v4: inference of the dilated form in eval mode under no_grad on one
  sequence of 10,000 output frames ``(1, 10000 + RF - 1, 17, 2) -> (1,
  10000, 17, 3)``; frames/s = 10,000 / median.

Random weights and inputs, float32, ``torch.set_num_threads(THREADS)``,
``time.perf_counter`` medians after warm-up, as the reference table.
Prints one line per item, the machine load, and the reference figures.

Usage::

    OMP_WAIT_POLICY=PASSIVE python benchmarks/bench_videopose3d.py \
        [--items v1 v2 v3 v4] [--repeats N] [--threads 2]
"""
import argparse
import os
import os.path as osp
import statistics
import sys
import time

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import torch  # noqa: E402

from selfpose_mm.registry import MODELS  # noqa: E402
from selfpose_mm.utils import register_all_modules  # noqa: E402

#: performance.md (reference VideoPose3D code, idle 2-vCPU VM): frames/s
#: [range of process medians]
REFERENCE = {
    'v1': (610., '608-623'),
    'v2': (58.0, '53.2-60.3'),
    'v3': (7316., '6672-7507'),
    'v4': (3608., '3607-3660'),
}
ITEMS = {
    'v1': ((3, 3, 3), 'train'),
    'v2': ((3, 3, 3, 3, 3), 'train'),
    'v3': ((3, 3, 3), 'infer'),
    'v4': ((3, 3, 3, 3, 3), 'infer'),
}


def build(kernel_sizes):
    """Our pose model: TemporalConvLifter + TemporalLiftingHead."""
    return MODELS.build(
        dict(
            type='VideoPoseLifter',
            backbone=dict(
                type='TemporalConvLifter',
                in_channels=34,
                channels=1024,
                kernel_sizes=kernel_sizes,
                dropout=0.25),
            head=dict(type='TemporalLiftingHead', in_channels=1024,
                      num_joints=17)))


def bench(item, repeats, warmup):
    kernel_sizes, kind = ITEMS[item]
    torch.manual_seed(0)
    model = build(kernel_sizes)
    rf = model.receptive_field
    if kind == 'train':
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, amsgrad=True)
        x = torch.randn(1024, rf, 17, 2)
        y = torch.randn(1024, 1, 17, 3)
        y[:, :, 0] = 0

        def call():
            opt.zero_grad()
            pred = model(x, mode='tensor')
            loss = torch.norm(pred - y, dim=-1).mean()
            loss.backward()
            opt.step()

        frames = 1024
    else:
        model.eval()
        x = torch.randn(1, 10000 + rf - 1, 17, 2)

        def call():
            with torch.no_grad():
                out = model(x, mode='tensor')
            assert out.shape == (1, 10000, 17, 3)

        frames = 10000
    for _ in range(warmup):
        call()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return med, frames / med, times


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--items', nargs='+', default=list(ITEMS))
    p.add_argument('--repeats', type=int, default=10)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--threads', type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    register_all_modules()
    print(f'torch {torch.__version__}, threads {torch.get_num_threads()}, '
          f'OMP_WAIT_POLICY={os.environ.get("OMP_WAIT_POLICY")}, load '
          f'average before {os.getloadavg()}')
    print('| item | median s | frames/s (ours) | reference frames/s | '
          'ratio | runs |')
    print('|---|---|---|---|---|---|')
    for item in args.items:
        med, fps, times = bench(item, args.repeats, args.warmup)
        ref, rng = REFERENCE[item]
        print(f'| {item} | {med:.3f} [{min(times):.3f}-{max(times):.3f}] '
              f'| {fps:.0f} | {ref:g} [{rng}] | {fps / ref:.2f}x | '
              f'{len(times)} |', flush=True)
    print(f'load average after {os.getloadavg()}')


if __name__ == '__main__':
    main()
