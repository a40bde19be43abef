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

With ``--reference-dir`` (a checkout of facebookresearch/VideoPose3D, used
unmodified: ``common/model.py``'s ``TemporalModelOptimized1f`` for training,
``TemporalModel`` for inference) the reference runs **side by side**: each
timed repeat calls ours then the reference on the same inputs, so machine
contention (shared cores) hits both alike; the ratio column is then ours /
reference measured here, not against the table.

Usage::

    OMP_WAIT_POLICY=PASSIVE python benchmarks/bench_videopose3d.py \
        [--items v1 v2 v3 v4] [--repeats N] [--threads 2] \
        [--reference-dir /path/to/VideoPose3D]
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


def build_reference(ref_model, kernel_sizes, kind):
    """VideoPose3D's own classes (unmodified ``common/model.py``)."""
    cls = ref_model.TemporalModelOptimized1f if kind == 'train' \
        else ref_model.TemporalModel
    return cls(17, 2, 17, filter_widths=list(kernel_sizes), causal=False,
               dropout=0.25, channels=1024)


def make_call(model, kind, x, y, ours):
    """One timed unit: a training step or one inference pass."""
    if kind == 'train':
        model.train()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, amsgrad=True)

        def call():
            opt.zero_grad()
            pred = model(x, mode='tensor') if ours else model(x)
            loss = torch.norm(pred - y, dim=-1).mean()
            loss.backward()
            opt.step()

        return call
    model.eval()

    def call():
        with torch.no_grad():
            out = model(x, mode='tensor') if ours else model(x)
        assert out.shape == (1, 10000, 17, 3)

    return call


def bench(item, repeats, warmup, ref_model=None):
    """Median seconds and frames/s of ours (and of the reference)."""
    kernel_sizes, kind = ITEMS[item]
    torch.manual_seed(0)
    model = build(kernel_sizes)
    rf = model.receptive_field
    if kind == 'train':
        x, y = torch.randn(1024, rf, 17, 2), torch.randn(1024, 1, 17, 3)
        y[:, :, 0] = 0
        frames = 1024
    else:
        x, y = torch.randn(1, 10000 + rf - 1, 17, 2), None
        frames = 10000
    calls = {'ours': make_call(model, kind, x, y, True)}
    if ref_model is not None:
        ref = build_reference(ref_model, kernel_sizes, kind)
        calls['reference'] = make_call(ref, kind, x, y, False)
    for _ in range(warmup):
        for call in calls.values():
            call()
    times = {k: [] for k in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            t0 = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - t0)
    return {
        k: (statistics.median(v), frames / statistics.median(v), v)
        for k, v in times.items()
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--items', nargs='+', default=list(ITEMS))
    p.add_argument('--repeats', type=int, default=10)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--reference-dir', default=None,
                   help='VideoPose3D checkout to time side by side')
    args = p.parse_args()
    ref_model = None
    if args.reference_dir:
        sys.path.insert(0, osp.abspath(args.reference_dir))
        from common import model as ref_model  # VideoPose3D, unmodified
    torch.set_num_threads(args.threads)
    register_all_modules()
    print(f'torch {torch.__version__}, threads {torch.get_num_threads()}, '
          f'OMP_WAIT_POLICY={os.environ.get("OMP_WAIT_POLICY")}, load '
          f'average before {os.getloadavg()}')
    print('| item | ours: median s [min-max] | ours frames/s | reference '
          'here: median s | reference here frames/s | ours / reference '
          'here | performance.md frames/s | runs |')
    print('|---|---|---|---|---|---|---|---|')
    for item in args.items:
        res = bench(item, args.repeats, args.warmup, ref_model)
        med, fps, times = res['ours']
        table, rng = REFERENCE[item]
        if 'reference' in res:
            rmed, rfps, _ = res['reference']
            side = f'{rmed:.3f} | {rfps:.0f} | {fps / rfps:.2f}x'
        else:
            side = '- | - | -'
        print(f'| {item} | {med:.3f} [{min(times):.3f}-{max(times):.3f}] '
              f'| {fps:.0f} | {side} | {table:g} [{rng}] | {len(times)} |',
              flush=True)
    print(f'load average after {os.getloadavg()}')


if __name__ == '__main__':
    main()
