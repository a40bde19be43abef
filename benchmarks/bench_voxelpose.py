"""Time the VoxelPose parts at the full Panoptic 5-camera shapes.

Rows mirror ``performance.md`` (a1-a4 projection, b1-b6 V2V, m1-m3 whole
sub-networks) so the numbers can be read side by side with the reference:
5 views, 960x512 input -> 240x128 heatmaps, 15 joints, 8 x 8 x 2 m space
with an 80x80x20 root grid, 64^3 person cube of 2 m. Cameras: 5 look-at
cameras on a 4.5 m circle around (0, -500) mm at 2 m height, f = 1400 px,
1920x1080, letterboxed to 960x512 (the reference harness' rig).

Each row runs in its own fresh process (``--inline`` to disable), with
``torch.set_num_threads(2)``, ``--warmup`` untimed calls and ``--repeats``
timed calls; the median is reported. Peak memory: CUDA
``max_memory_allocated``; on CPU the growth of the process' peak RSS
(``ru_maxrss``) over the state after building the inputs, which includes
allocator caching and is an upper bound.

Usage::

    python benchmarks/bench_voxelpose.py                 # all rows, CPU
    python benchmarks/bench_voxelpose.py --rows a1 b4    # some rows
    python benchmarks/bench_voxelpose.py --device cuda   # on a GPU
    python benchmarks/bench_voxelpose.py --json out.json
    python benchmarks/bench_voxelpose.py --rows b2 --compute-dtype bfloat16

``--compute-dtype bfloat16`` runs the V2V rows (b*) and the heads' networks
(m*) under autocast, as ``VoxelPose(compute_dtype='bfloat16')`` does
(:func:`selfpose_mm.models.utils.compute_precision.run_net`); the
projection rows are float32 geometry either way.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from typing import Callable, Dict

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from benchmarks._timing import sync  # noqa: E402
from selfpose_mm.geometry import ring_rig  # noqa: E402
from selfpose_mm.models.utils import cameras_from_arrays  # noqa: E402
from selfpose_mm.models.utils.compute_precision import (  # noqa: E402
    resolve_compute_dtype, run_net)
from selfpose_mm.structures import MultiViewCameras  # noqa: E402
from selfpose_mm.registry import MODELS  # noqa: E402

__all__ = ['ROWS', 'main']

SPACE = dict(space_size=(8000., 8000., 2000.), space_center=(0., -500., 800.),
             cube_shape=(80, 80, 20))
CUBE = dict(cube_size=(2000., 2000., 2000.), cube_shape=(64, 64, 64))
HM_HW = (128, 240)
NUM_VIEWS, NUM_JOINTS = 5, 15

# reference medians from performance.md (seconds, [range of processes])
REFERENCE = {
    'a1': ('ProjectLayer root cube, 1 ch, fwd', '0.044 [0.022-0.047]'),
    'a2': ('ProjectLayer root cube, 15 ch, fwd', '0.094 [0.091-0.132]'),
    'a3': ('ProjectLayer person cube 64^3, 15 ch, fwd', '0.197 [0.171-0.230]'),
    'a4': ('ProjectLayer person cube, fwd+bwd to heatmaps',
           '0.95 [0.74-1.01]'),
    'b1': ('V2VNet(1,1) root 80x80x20, fwd eval no_grad',
           '0.387 [0.347-0.419]'),
    'b2': ('V2VNet(1,1) root, fwd train mode autograd', '0.524'),
    'b3': ('V2VNet(1,1) root, fwd+bwd train', '1.12 [0.99-1.22]'),
    'b4': ('V2VNet(15,15) pose 64^3, fwd eval no_grad', '1.31 [1.11-1.34]'),
    'b5': ('V2VNet(15,15) pose, fwd train mode autograd', '1.34'),
    'b6': ('V2VNet(15,15) pose, fwd+bwd train', '5.94 [5.64-6.36]'),
    'm1': ('Root net: proj (root ch) + V2V(1,1) + NMS top-10, eval', '0.397'),
    'm2': ('Pose net, 1 person: proj 64^3 + V2V + soft-argmax, eval', '1.40'),
    'm3': ('Pose net, 1 person, fwd+bwd (params + heatmaps)', '6.88'),
    # the reference's ProjectLayer structure, re-created from the notes and
    # timed here side by side (benchmarks/reference_project_layer.py)
    'r1': ('ref-structure ProjectLayer root cube, 1 ch, fwd', '0.044'),
    'r3': ('ref-structure ProjectLayer person cube 64^3, 15 ch, fwd',
           '0.197'),
    'r4': ('ref-structure ProjectLayer person cube, fwd+bwd', '0.95'),
}


def panoptic_cameras(device) -> MultiViewCameras:
    """The reference harness' 5-camera rig with the letterbox affine."""
    cams = ring_rig(NUM_VIEWS, radius=4500., height=2000.,
                    target=(0., -500., 800.), image_size=(1920, 1080),
                    focal=1400.)
    s = 512. / 1080.
    aff = np.array([[s, 0., (960. - 1920. * s) / 2.], [0., s, 0.]])
    arrays = dict(
        K=np.stack([c['K'] for c in cams])[None],
        R=np.stack([c['R'] for c in cams])[None],
        t=np.stack([c['t'] for c in cams])[None],
        dist=np.stack([c['dist'] for c in cams])[None],
        image_size=np.stack([c['image_size'] for c in cams])[None],
        affine=np.repeat(aff[None], NUM_VIEWS, 0)[None])
    return cameras_from_arrays(arrays, (960, 512), 'opencv', device)


def v2v(cin: int, cout: int, device):
    net = MODELS.build(
        dict(type='V2VNet', input_channels=cin, output_channels=cout,
             mid_channels=32))
    net.init_weights()
    return net.to(device)


def build_row(row: str, device, channels_last: bool,
              compute_dtype=None) -> Callable:
    """Return a zero-argument callable that runs one timed unit."""
    dtype = resolve_compute_dtype(compute_dtype)
    cams = panoptic_cameras(device)
    hm15 = torch.rand(1, NUM_VIEWS, NUM_JOINTS, *HM_HW, device=device)
    proj = MODELS.build(dict(type='VoxelProjector'))
    center = torch.tensor([[0., -500., 900.]], device=device)
    bidx = torch.zeros(1, dtype=torch.long, device=device)
    fmt = torch.channels_last_3d if channels_last else \
        torch.contiguous_format

    if row in ('a1', 'a2'):
        hm = hm15[:, :, 2:3] if row == 'a1' else hm15

        def fn():
            with torch.no_grad():
                return proj.project_space(hm, cams, **SPACE)
        return fn
    if row == 'a3':
        def fn():
            with torch.no_grad():
                return proj.project_cubes(hm15, cams, center, bidx, **CUBE)
        return fn
    if row == 'a4':
        hm = hm15.clone().requires_grad_(True)

        def fn():
            hm.grad = None
            proj.project_cubes(hm, cams, center, bidx, **CUBE).sum(
            ).backward()
        return fn
    if row.startswith('b'):
        root = row in ('b1', 'b2', 'b3')
        net = v2v(1, 1, device) if root else v2v(15, 15, device)
        shape = (1, 1, 80, 80, 20) if root else (1, 15, 64, 64, 64)
        x = torch.rand(shape, device=device).contiguous(memory_format=fmt)
        if row in ('b1', 'b4'):
            net.eval()

            def fn():
                with torch.no_grad():
                    return run_net(net, x, dtype, channels_last)
            return fn
        net.train()
        if row in ('b2', 'b5'):  # forward only, autograd recording
            x.requires_grad_(True)

            def fn():
                return run_net(net, x, dtype, channels_last)
            return fn

        def fn():
            for p in net.parameters():
                p.grad = None
            run_net(net, x, dtype, channels_last)[0].square().mean(
            ).backward()
        return fn
    if row == 'm1':
        head = MODELS.build(
            dict(type='VoxelRootHead',
                 net=dict(type='V2VNet', input_channels=1, output_channels=1,
                          mid_channels=32),
                 input_joints=[2], channels_last=channels_last, **SPACE))
        head.init_weights()
        head.compute_dtype = dtype
        head.to(device).eval()

        def fn():
            with torch.no_grad():
                space = proj.project_space(head.select_channels(hm15), cams,
                                           **SPACE)
                return head.decode(head(space))
        return fn
    if row in ('m2', 'm3'):
        head = MODELS.build(
            dict(type='VoxelPoseHead',
                 net=dict(type='V2VNet', input_channels=15,
                          output_channels=15, mid_channels=32),
                 channels_last=channels_last, **CUBE))
        head.init_weights()
        head.compute_dtype = dtype
        head.to(device)
        if row == 'm2':
            head.eval()

            def fn():
                with torch.no_grad():
                    return head(
                        proj.project_cubes(hm15, cams, center, bidx, **CUBE),
                        center)
            return fn
        head.train()
        hm = hm15.clone().requires_grad_(True)

        def fn():
            hm.grad = None
            for p in head.parameters():
                p.grad = None
            cube = proj.project_cubes(hm, cams, center, bidx, **CUBE)
            head(cube, center).square().mean().backward()
        return fn
    if row in ('r1', 'r3', 'r4'):
        from benchmarks.reference_project_layer import \
            reference_project_layer
        # the reference port takes one sample's cameras as a plain dict
        one = cams[0]
        flat = dict(K=one.K, R=one.R, t=one.t, dist=one.dist,
                    image_size=one.image_size, affine=one.affine,
                    input_size=one.input_size, dist_model=one.dist_model)
        if row == 'r1':
            hm, size, ctr, shape = (hm15[:, :, 2:3], SPACE['space_size'],
                                    SPACE['space_center'],
                                    SPACE['cube_shape'])
        else:
            hm, size, ctr, shape = (hm15, CUBE['cube_size'], center[0],
                                    CUBE['cube_shape'])
        ctr = torch.as_tensor(ctr, dtype=torch.float32, device=device)
        with torch.no_grad():  # same cube as the library's projector
            ours = (proj.project_space(hm, cams, **SPACE) if row == 'r1'
                    else proj.project_cubes(hm, cams, center, bidx, **CUBE))
            ref = reference_project_layer(hm, flat, size, ctr, shape)
            err = float((ours - ref).abs().max())
            if err > 1e-3:
                raise AssertionError(f'{row}: reference-structure cube '
                                     f'differs from ours by {err}')
        if row == 'r4':
            hm = hm.clone().requires_grad_(True)

            def fn():
                hm.grad = None
                reference_project_layer(hm, flat, size, ctr,
                                        shape).sum().backward()
            return fn

        def fn():
            with torch.no_grad():
                return reference_project_layer(hm, flat, size, ctr, shape)
        return fn
    raise KeyError(f'unknown row {row!r}; valid: {sorted(REFERENCE)}')


ROWS = sorted(REFERENCE)


def run_row(row: str, device: str, warmup: int, repeats: int,
            channels_last: bool, compute_dtype=None) -> dict:
    """Time one row in this process."""
    torch.set_num_threads(2)
    torch.manual_seed(0)
    fn = build_row(row, device, channels_last, compute_dtype)
    cuda = torch.device(device).type == 'cuda'
    if cuda:
        torch.cuda.reset_peak_memory_stats()
        base = torch.cuda.memory_allocated()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    first = time.perf_counter()
    fn()
    sync(device)
    first = time.perf_counter() - first
    for _ in range(max(warmup - 1, 0)):
        fn()
    sync(device)
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        sync(device)
        times.append(time.perf_counter() - t)
    if cuda:
        peak = (torch.cuda.max_memory_allocated() - base) / 2**20
    else:
        peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss -
                rss0) / 1024.
    return dict(row=row, device=device, channels_last=channels_last,
                compute_dtype=compute_dtype,
                median_s=statistics.median(times), min_s=min(times),
                first_call_s=first, times=times, peak_mib=peak,
                repeats=repeats, warmup=warmup,
                loadavg=os.getloadavg()[0])


def main() -> None:
    """Command-line entry; prints a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--rows', nargs='+', default=ROWS)
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--repeats', type=int, default=7)
    parser.add_argument('--no-channels-last', action='store_true',
                        help='plain NCDHW V2V (the reference layout)')
    parser.add_argument('--inline', action='store_true',
                        help='run every row in this process')
    parser.add_argument('--json', help='also write the results here')
    parser.add_argument('--compute-dtype', default=None,
                        help='V2V / head networks under autocast, e.g. '
                        'bfloat16')
    parser.add_argument('--_child', help=argparse.SUPPRESS)
    args = parser.parse_args()
    cl = not args.no_channels_last
    if args._child:
        print(json.dumps(run_row(args._child, args.device, args.warmup,
                                 args.repeats, cl, args.compute_dtype)))
        return
    results = []
    for row in args.rows:
        if args.inline:
            res = run_row(row, args.device, args.warmup, args.repeats, cl,
                          args.compute_dtype)
        else:
            cmd = [sys.executable, os.path.abspath(__file__), '--_child',
                   row, '--device', args.device, '--warmup',
                   str(args.warmup), '--repeats', str(args.repeats)]
            if not cl:
                cmd.append('--no-channels-last')
            if args.compute_dtype:
                cmd += ['--compute-dtype', args.compute_dtype]
            out = subprocess.run(cmd, capture_output=True, text=True,
                                 check=True).stdout
            res = json.loads(out.strip().splitlines()[-1])
        results.append(res)
        print(f'{row}: {res["median_s"]:.4f} s (min {res["min_s"]:.4f}, '
              f'first {res["first_call_s"]:.3f}), peak {res["peak_mib"]:.0f}'
              f' MiB, load {res["loadavg"]:.1f}', file=sys.stderr,
              flush=True)
    print(f'\n| # | what | reference s | ours s ({args.device}, median of '
          f'{args.repeats}) | speed-up | peak MiB |')
    print('|---|---|---|---|---|---|')
    for res in results:
        name, ref = REFERENCE[res['row']]
        ref_val = float(ref.split()[0])
        print(f'| {res["row"]} | {name} | {ref} | {res["median_s"]:.4f} | '
              f'{ref_val / res["median_s"]:.1f}x | {res["peak_mib"]:.0f} |')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(results, f, indent=1)


if __name__ == '__main__':
    main()
