"""DLT and head timings on CPU, side by side with performance.md d1-d6.

``python projects/mads/benchmarks/bench_dlt_head.py [--threads 2]``

DLT rows (B=32, J=19, 2 views, float32, the shapes of performance.md d1-d6:
P ``(32, 19, 2, 3, 4)``, x ``(32, 19, 2, 2)`` -> ``(32, 19, 3)``):

* ``loop-svd``: a per-joint Python loop of batched ``torch.linalg.svd`` on
  the raw 4x4 systems (the structure of the reference's d1-d3, written
  here from scratch);
* ``batched-svd``: one ``torch.linalg.svd`` over all 608 systems (d4-d6);
* ``triangulate_dlt``: :func:`selfpose_mm.geometry.triangulate_dlt` as the
  heads call it (per-view and world normalisation, weighted rows, one
  batched ``eigh`` over ``A^T A``).

Each in ``fwd`` (no_grad), ``fwd-ag`` (autograd on) and ``fwd+bwd`` (MSE
to the true points, gradients to the 2D points). Head rows time
``CameraDisentangledHead`` (both FTLs) and ``TriangulationHeatmapHead``
at the recipe's size (B=8, 2048 x 8 x 8 features, 256 crops, 64 x 64
heatmaps)
and at the synthetic-rig size, forward (eval, no_grad) and forward +
backward (train, to the parameters and features). Medians of
``perf_counter`` over the timed runs after warm-up calls.
"""
import argparse
import os.path as osp
import statistics
import sys
import time

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '../../..')))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402

import projects.mads.mads  # noqa: E402,F401
from projects.mads.mads.datasets.synthetic_stereo import \
    stereo_rig  # noqa: E402
from selfpose_mm.geometry import (Camera, get_affine_matrix,  # noqa: E402
                                  triangulate_dlt)
from selfpose_mm.registry import MODELS  # noqa: E402

PERF_MD = {  # performance.md medians, s (reference d1-d3 / own d4-d6)
    ('loop-svd', 'fwd'): 0.00231,
    ('loop-svd', 'fwd-ag'): 0.00273,
    ('loop-svd', 'fwd+bwd'): 0.00520,
    ('batched-svd', 'fwd'): 0.00144,
    ('batched-svd', 'fwd-ag'): 0.00148,
    ('batched-svd', 'fwd+bwd'): 0.00211,
}


def _timeit(fn, runs: int, warmup: int) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _systems(x: torch.Tensor, P: torch.Tensor) -> torch.Tensor:
    """Raw DLT matrices ``(..., 2V, 4)`` from x ``(..., V, 2)``."""
    r1 = x[..., 0:1] * P[..., 2, :] - P[..., 0, :]
    r2 = x[..., 1:2] * P[..., 2, :] - P[..., 1, :]
    return torch.cat([r1, r2], dim=-2)


def loop_svd(x: torch.Tensor, P: torch.Tensor) -> torch.Tensor:
    """x ``(B, J, V, 2)``, P ``(B, J, V, 3, 4)``: loop over joints."""
    out = []
    for j in range(x.shape[1]):
        _, _, Vh = torch.linalg.svd(_systems(x[:, j], P[:, j]))
        X = Vh[..., -1, :]
        out.append(X[..., :3] / X[..., 3:])
    return torch.stack(out, dim=1)


def batched_svd(x: torch.Tensor, P: torch.Tensor) -> torch.Tensor:
    """One batched SVD over all ``B * J`` systems."""
    _, _, Vh = torch.linalg.svd(_systems(x, P))
    X = Vh[..., -1, :]
    return X[..., :3] / X[..., 3:]


def ours(x: torch.Tensor, P: torch.Tensor) -> torch.Tensor:
    """The heads' call: points ``(B, V, J, 2)``, P ``(B, V, 3, 4)``."""
    return triangulate_dlt(x.transpose(1, 2), P[:, 0])


def _dlt_inputs(B=32, J=19):
    rng = np.random.default_rng(0)
    cams = []
    for c in stereo_rig(2, 45., focal=1000., image_size=(1024, 768)):
        cam = Camera(name=c['name'], K=c['K'], R=c['R'], t=c['t'])
        A = get_affine_matrix(np.array([511.5, 383.5]), np.array([768.,
                                                                  768.]),
                              (256, 256))
        cams.append(cam.with_affine(A, (256, 256)).projection_matrix)
    P = torch.as_tensor(np.stack(cams), dtype=torch.float32)  # (2, 3, 4)
    X = torch.as_tensor(
        rng.uniform([-400, -400, 0], [400, 400, 1800], (B, J, 3)),
        dtype=torch.float32)
    Xh = torch.cat([X, torch.ones_like(X[..., :1])], -1)
    proj = torch.einsum('vij,bkj->bkvi', P, Xh)
    x = proj[..., :2] / proj[..., 2:]  # (B, J, V, 2)
    x = x + torch.as_tensor(rng.normal(0, 1, x.shape), dtype=torch.float32)
    Pfull = P.expand(B, J, 2, 3, 4).contiguous()
    return x.contiguous(), Pfull, X


def bench_dlt(runs: int, warmup: int) -> None:
    x, P, X = _dlt_inputs()
    print('DLT, B=32, J=19, V=2, float32 (median s; performance.md '
          'reference in brackets)')
    for name, fn in (('loop-svd', loop_svd), ('batched-svd', batched_svd),
                     ('triangulate_dlt', ours)):
        err = (fn(x, P) - X).norm(dim=-1).mean().item()
        with torch.no_grad():
            t_fwd = _timeit(lambda: fn(x, P), runs, warmup)
        xg = x.clone().requires_grad_(True)
        t_ag = _timeit(lambda: fn(xg, P), runs, warmup)

        def fwd_bwd():
            xg.grad = None
            loss = (fn(xg, P) - X).square().mean()
            loss.backward()

        t_fb = _timeit(fwd_bwd, runs, warmup)
        ref = [PERF_MD.get((name, k)) for k in ('fwd', 'fwd-ag', 'fwd+bwd')]
        cells = [
            f'{t:.5f}' + (f' [{r:.5f}]' if r else '')
            for t, r in zip((t_fwd, t_ag, t_fb), ref)
        ]
        print(f'  {name:16s} fwd {cells[0]:>18s}  fwd-ag {cells[1]:>18s}  '
              f'fwd+bwd {cells[2]:>18s}  (3D error at 1 px noise '
              f'{err:.1f} mm)')


def _cameras(B, V, size):
    cams = stereo_rig(V, 45.)
    P = np.stack([
        Camera(name='c', K=c['K'], R=c['R'], t=c['t']).with_affine(
            get_affine_matrix(
                np.array([127.5, 95.5]), np.array([192., 192.]), size),
            size).projection_matrix for c in cams
    ])
    R = np.stack([c['R'] for c in cams])
    return dict(
        P=torch.as_tensor(P, dtype=torch.float32).expand(B, V, 3, 4),
        R=torch.as_tensor(R, dtype=torch.float32).expand(B, V, 3, 3))


def bench_heads(runs: int, warmup: int) -> None:
    init_default_scope('selfpose_mm')
    sizes = {
        'recipe (B=8, 2048x8x8, 256 crop)':
        (8, 2048, 8, (256, 256),
         dict(latent_vectors=100, fusion_channels=400),
         dict(deconv_out_channels=(256, 256, 256))),
        'synthetic (B=8, 128x2x2, 64 crop)':
        (8, 128, 2, (64, 64), dict(latent_vectors=32, fusion_channels=128),
         dict(deconv_out_channels=(32, 32, 32))),
    }
    print('Heads, V=2, float32 (median s)')
    for label, (B, C, h, size, cdr, dec) in sizes.items():
        cams = _cameras(B, 2, size)
        heads = {
            'CDR rotation':
            dict(type='CameraDisentangledHead', transform='rotation',
                 deconv_head=dec, **cdr),
            'CDR pinv':
            dict(type='CameraDisentangledHead', transform='pinv',
                 deconv_head=dec, **cdr),
            'Triangulation (baseline)':
            dict(type='TriangulationHeatmapHead',
                 out_channels=19,
                 decoder=dict(type='MSRAHeatmap', input_size=size,
                              heatmap_size=(8 * h, 8 * h), sigma=2),
                 **dec),
        }
        feats = torch.randn(B * 2, C, h, h)
        for name, cfg in heads.items():
            cfg = dict(cfg, in_channels=C)
            if cfg['type'] == 'CameraDisentangledHead':
                cfg.update(num_keypoints=19, input_size=size,
                           use_3d_loss=True)
            head = MODELS.build(cfg)
            head.init_weights()
            head.eval()
            with torch.no_grad():
                t_f = _timeit(lambda: head.forward_views((feats, ), cams),
                              runs, warmup)
            head.train()
            fg = feats.clone().requires_grad_(True)

            def fb():
                head.zero_grad()
                fg.grad = None
                out = head.forward_views((fg, ), cams)
                key = 'keypoints_3d' if 'CDR' in name else 'heatmaps'
                out[key].square().mean().backward()

            t_fb = _timeit(fb, runs, warmup)
            print(f'  {label:34s} {name:26s} fwd {t_f:8.4f}  '
                  f'fwd+bwd {t_fb:8.4f}  (heatmaps {8 * h}x{8 * h})')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--threads', type=int, default=2)
    parser.add_argument('--runs', type=int, default=200)
    parser.add_argument('--head-runs', type=int, default=5)
    parser.add_argument('--skip-heads', action='store_true')
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f'torch {torch.__version__}, {args.threads} threads, load '
          f'average {open("/proc/loadavg").read().split()[:3]}')
    bench_dlt(args.runs, 10)
    if not args.skip_heads:
        bench_heads(args.head_runs, 1)


if __name__ == '__main__':
    main()
