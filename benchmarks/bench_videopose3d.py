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

With ``--compute-dtype bfloat16`` a third variant runs in the same
interleaved loop: ours with ``TemporalConvLifter(compute_dtype=...)`` (the
same weights; autocast, and in eval the dilated form as token matmuls).
Its row also gives the largest deviation of its output from ours in
float32 (inference items), relative to the output's RMS.

``--device cuda`` runs everything on the GPU (``torch.cuda.synchronize``
before each clock read).

Usage::

    OMP_WAIT_POLICY=PASSIVE python benchmarks/bench_videopose3d.py \
        [--items v1 v2 v3 v4] [--repeats N] [--threads 2] \
        [--reference-dir /path/to/VideoPose3D] [--compute-dtype bfloat16] \
        [--device cpu|cuda]
"""
import argparse
import copy
import os
import os.path as osp
import statistics
import sys
import time

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import torch  # noqa: E402

from benchmarks._timing import sync  # noqa: E402

from selfpose_mm.models.utils.compute_precision import \
    resolve_compute_dtype  # noqa: E402
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
        return out

    return call


def bench(item, repeats, warmup, ref_model=None, compute_dtype=None,
          device='cpu'):
    """Median seconds and frames/s of ours (and of the reference, and
    of ours at ``compute_dtype``)."""
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
    x = x.to(device)
    y = y.to(device) if y is not None else None
    variants = {'ours': model.to(device)}
    if compute_dtype:
        low = copy.deepcopy(model)
        low.backbone.compute_dtype = resolve_compute_dtype(compute_dtype)
        variants['ours_low'] = low
    calls = {k: make_call(m, kind, x, y, True) for k, m in variants.items()}
    if ref_model is not None:
        ref = build_reference(ref_model, kernel_sizes, kind).to(device)
        calls['reference'] = make_call(ref, kind, x, y, False)
    dev = ''
    if compute_dtype and kind == 'infer':
        a, b = calls['ours'](), calls['ours_low']()
        dev = float((a - b).abs().max() / a.pow(2).mean().sqrt())
    for _ in range(warmup):
        for call in calls.values():
            call()
    times = {k: [] for k in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            sync(device)
            t0 = time.perf_counter()
            call()
            sync(device)
            times[name].append(time.perf_counter() - t0)
    out = {
        k: (statistics.median(v), frames / statistics.median(v), v)
        for k, v in times.items()
    }
    out['deviation'] = dev
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--items', nargs='+', default=list(ITEMS))
    p.add_argument('--repeats', type=int, default=10)
    p.add_argument('--warmup', type=int, default=2)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--reference-dir', default=None,
                   help='VideoPose3D checkout to time side by side')
    p.add_argument('--compute-dtype', default=None,
                   help='also time ours at this dtype (e.g. bfloat16)')
    p.add_argument('--device', default='cpu')
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
    print('| item | variant | median s [min-max] | frames/s | reference '
          'here: median s | reference here frames/s | this / reference '
          'here | max deviation / RMS | performance.md frames/s | runs |')
    print('|---|---|---|---|---|---|---|---|---|---|')
    for item in args.items:
        res = bench(item, args.repeats, args.warmup, ref_model,
                    args.compute_dtype, args.device)
        table, rng = REFERENCE[item]
        for name in ('ours', 'ours_low'):
            if name not in res:
                continue
            med, fps, times = res[name]
            if 'reference' in res:
                rmed, rfps, _ = res['reference']
                side = f'{rmed:.3f} | {rfps:.0f} | {fps / rfps:.2f}x'
            else:
                side = '- | - | -'
            label = 'float32' if name == 'ours' else args.compute_dtype
            dev = res['deviation'] if name == 'ours_low' else ''
            dev = f'{dev:.1e}' if dev != '' else '-'
            print(f'| {item} | {label} | {med:.3f} [{min(times):.3f}-'
                  f'{max(times):.3f}] | {fps:.0f} | {side} | {dev} | '
                  f'{table:g} [{rng}] | {len(times)} |', flush=True)
    print(f'load average after {os.getloadavg()}')


if __name__ == '__main__':
    main()
