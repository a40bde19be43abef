"""Plane heads against the V2V heads, side by side in one run.

Rows (full Panoptic shapes: 15 joints, 80x80x20 root grid over 8 x 8 x 2 m,
2 m person cubes; widths: the reference's, V2V 32 / hourglass 32):

* ``pose``: one person's pose head, forward + backward (train mode):
  ``VoxelPoseHead`` (V2V on the 64³ cube) against ``OrthoPoseHead`` on the
  same 64³ cube (planes 64x64, reference P2PNet + WeightNet), and the CPU
  recipe (32³ cube, stride-2 stem, one learned 2x up-sampling: 64x64 output
  planes).
* ``root``: the root stage on the 80x80x20 grid, forward + backward:
  ``VoxelRootHead`` (V2V) against ``OrthoRootHead`` (z-max + 2D hourglass
  + ten 1D columns, reference widths).
* ``cube``: projecting 10 person cubes from 5 views (the pose head's input),
  exact against the interpolated lattice, at 32³ and 64³.

Each row: ``--warmup`` untimed calls, then ``--repeats`` timed calls; the
median and [min-max] are printed, with the ratio V2V / plane. Run on an idle
machine with the thread count set on purpose::

    OMP_NUM_THREADS=2 python benchmarks/bench_ortho_heads.py
    python benchmarks/bench_ortho_heads.py --device cuda
"""
import argparse
import os
import statistics
import sys
import time
from typing import Callable, Dict, List

import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from selfpose_mm.registry import MODELS  # noqa: E402
from selfpose_mm.utils import register_all_modules  # noqa: E402

__all__ = ['main']

K = 15
SPACE = dict(space_size=(8000., 8000., 2000.), space_center=(0., -500., 800.),
             cube_shape=(80, 80, 20))


def _time(fn: Callable[[], None], warmup: int, repeats: int,
          device: str) -> List[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeats):
        if device == 'cuda':
            torch.cuda.synchronize()
        t = time.perf_counter()
        fn()
        if device == 'cuda':
            torch.cuda.synchronize()
        out.append(time.perf_counter() - t)
    return out


def _fwd_bwd(head: torch.nn.Module, *args) -> Callable[[], None]:
    def run():
        head.zero_grad(set_to_none=True)
        out = head(*args)
        if isinstance(out, dict):
            out = out['bev']
        out.float().square().mean().backward()
    return run


def _heads(device: str) -> Dict[str, torch.nn.Module]:
    hg = dict(type='PlaneHourglass', mid_channels=32)
    heads = dict(
        v2v_pose=dict(
            type='VoxelPoseHead', cube_shape=(64, 64, 64),
            net=dict(type='V2VNet', input_channels=K, output_channels=K,
                     mid_channels=32)),
        ortho_pose_64=dict(
            type='OrthoPoseHead', cube_shape=(64, 64, 64),
            net=dict(hg, in_channels=K, out_channels=K),
            weight_net=dict(type='PlaneWeightNet', mid_channels=32,
                            stride=1)),
        ortho_pose_cpu=dict(
            type='OrthoPoseHead', cube_shape=(32, 32, 32),
            net=dict(hg, in_channels=K, out_channels=K, stem_stride=2,
                     upsample=1),
            weight_net=dict(type='PlaneWeightNet')),
        v2v_root=dict(
            type='VoxelRootHead', input_joints=[2],
            net=dict(type='V2VNet', input_channels=1, output_channels=1,
                     mid_channels=32), **SPACE),
        ortho_root=dict(
            type='OrthoRootHead', input_joints=[2],
            net2d=dict(hg, in_channels=1, out_channels=1, head_channels=32),
            net1d=dict(hg, in_channels=1, out_channels=1, dims=1), **SPACE),
    )
    out = {}
    for name, cfg in heads.items():
        out[name] = MODELS.build(cfg).to(device).train()
    return out


def _cube_rows(device: str, warmup: int, repeats: int) -> None:
    from selfpose_mm.geometry import ring_rig
    from selfpose_mm.models.utils import VoxelProjector, cameras_from_arrays
    import numpy as np
    cams = ring_rig(5, radius=4500., height=2000., target=(0., -500., 900.),
                    image_size=(1920, 1080), focal=1400.,
                    dist=(-0.2, 0.05, 1e-3, -1e-3, 0.))
    arrays = {k: np.stack([c[k] for c in cams])[None]
              for k in ('K', 'R', 't', 'dist', 'image_size')}
    aff = np.zeros((1, 5, 2, 3), np.float32)
    aff[..., 0, 0] = aff[..., 1, 1] = 0.5
    arrays['affine'] = aff
    cam = cameras_from_arrays(arrays, (960, 512), device=device)
    hm = torch.rand(1, 5, K, 128, 240, device=device)
    centers = torch.tensor([[0., -500., 900.]], device=device) + \
        torch.randn(10, 3, device=device) * 500.
    bi = torch.zeros(10, dtype=torch.long, device=device)
    print('\ncube: project 10 person cubes, 5 views, 15 ch, 240x128 '
          'heatmaps (forward)')
    for n in (32, 64):
        res = {}
        for name, lat in (('exact', 0), ('lattice17', 17)):
            proj = VoxelProjector(cube_lattice=lat, cube_chunk=4)
            t = _time(lambda: proj.project_cubes(hm, cam, centers, bi,
                                                 (2000., ) * 3, (n, ) * 3),
                      warmup, repeats, device)
            res[name] = t
            print(f'  {n}^3 {name:10s} median {statistics.median(t):.3f} s '
                  f'[{min(t):.3f}-{max(t):.3f}]')
        print(f'  {n}^3 exact / lattice: '
              f'{statistics.median(res["exact"]) / statistics.median(res["lattice17"]):.1f}x')


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--device', default='cpu')
    parser.add_argument('--warmup', type=int, default=1)
    parser.add_argument('--repeats', type=int, default=5)
    parser.add_argument('--rows', nargs='*', default=['pose', 'root', 'cube'])
    args = parser.parse_args(argv)
    register_all_modules()
    torch.manual_seed(0)
    print(f'torch {torch.__version__}, threads {torch.get_num_threads()}, '
          f'device {args.device}')
    heads = _heads(args.device)
    dev = args.device
    rows = []
    if 'pose' in args.rows:
        centers = torch.zeros(1, 3, device=dev)
        for name, n in (('v2v_pose', 64), ('ortho_pose_64', 64),
                        ('ortho_pose_cpu', 32)):
            cube = torch.rand(1, K, n, n, n, device=dev)
            t = _time(_fwd_bwd(heads[name], cube, centers), args.warmup,
                      args.repeats, dev)
            rows.append(('pose', name, t))
    if 'root' in args.rows:
        space = torch.rand(1, 1, 80, 80, 20, device=dev)
        for name in ('v2v_root', 'ortho_root'):
            head = heads[name]
            if name == 'ortho_root':
                def run(head=head):
                    head.zero_grad(set_to_none=True)
                    out = head(space)
                    props = head.decode(out)  # ten 1D columns (no grad)
                    roots = props['centers'][:, :3]
                    loss = head.loss(out, roots, torch.ones(1, 3, dtype=bool,
                                                            device=dev))
                    sum(loss.values()).backward()
            else:
                def run(head=head):
                    head.zero_grad(set_to_none=True)
                    out = head(space)
                    head.decode(out)
                    loss = head.loss(out, torch.zeros(1, 3, 3, device=dev),
                                     torch.ones(1, 3, dtype=bool,
                                                device=dev))
                    sum(loss.values()).backward()
            rows.append(('root', name, _time(run, args.warmup, args.repeats,
                                             dev)))
    print('\nrow   head             fwd+bwd median [min-max] s   V2V / this')
    base = {}
    for kind, name, t in rows:
        med = statistics.median(t)
        if name.startswith('v2v'):
            base[kind] = med
        ratio = base.get(kind, med) / med
        print(f'{kind:5s} {name:16s} {med:8.4f} [{min(t):.4f}-{max(t):.4f}]'
              f'   {ratio:6.1f}x')
    if 'cube' in args.rows:
        _cube_rows(dev, args.warmup, args.repeats)


if __name__ == '__main__':
    main()
