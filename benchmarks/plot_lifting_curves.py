"""Learning curves and label-fraction plots of lifting runs (PNG).

Reads MMEngine's ``<work_dir>/<timestamp>/vis_data/scalars.json`` (one JSON
object per line: training entries with ``loss``/``lr``/``epoch``/``iter``,
validation entries with ``MPJPE``/``P-MPJPE`` and ``step`` = epoch) of each
run and draws

- ``curves``: training loss (mm) against epoch and the Validate P1 / P2
  against epoch, one colour per run;
- ``fractions``: final P1 (solid) / P2 (dashed) against the labelled
  fraction, one line per method (``METHOD@FRACTION=WORK_DIR``, or
  ``METHOD@FRACTION=P1,P2`` for a run whose work directory is gone: the
  figures of a published table row, drawn hollow and listed in the
  caption so that they are never mistaken for this run's).

Nothing is made up: a run without a validation entry is an error.

Usage::

    python benchmarks/plot_lifting_curves.py curves --out docs/images/x.png \
        "TCN-27 40e=work_dirs/he_sup40" ...
    python benchmarks/plot_lifting_curves.py fractions --out y.png \
        "supervised@0.2=work_dirs/a" "semi@0.2=work_dirs/b" ...
"""
import argparse
import json
import os.path as osp
from glob import glob

import matplotlib

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402


def read_scalars(work_dir):
    """(train entries, val entries) of the newest run in ``work_dir``."""
    files = sorted(glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')))
    if not files:
        raise FileNotFoundError(f'{work_dir}: no */vis_data/scalars.json')
    train, val = [], []
    with open(files[-1]) as f:
        for line in f:
            rec = json.loads(line)
            (val if 'MPJPE' in rec else train).append(rec)
    if not val:
        raise ValueError(f'{files[-1]}: no validation entry')
    return train, val


def _split(spec):
    name, _, path = spec.partition('=')
    if not path:
        raise ValueError(f'expected NAME=WORK_DIR, got {spec!r}')
    return name, path


def plot_curves(specs, out, title):
    fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(11, 4))
    ssl_ax = None
    for i, spec in enumerate(specs):
        name, path = _split(spec)
        train, val = read_scalars(path)
        colour = f'C{i}'
        iters_per_epoch = max(r['iter'] for r in train) / max(
            r['epoch'] for r in train)
        x = [r['iter'] / iters_per_epoch for r in train]
        if 'loss_pose3d' in train[-1]:
            ax0.plot(x, [r['loss_pose3d'] * 1000 for r in train],
                     colour, lw=0.8, label=name)
        else:  # self-supervised: no 3D loss; its 2D loss on its own axis
            if ssl_ax is None:
                ssl_ax = ax0.twinx()
                ssl_ax.set(ylabel='self-supervised 2D loss (dotted)',
                           yscale='log')
            ssl_ax.plot(x, [r['loss'] for r in train], colour + ':',
                        lw=0.8, label=f'{name} (2D loss)')
        ep = [r['step'] for r in val]
        ax1.plot(ep, [r['MPJPE'] for r in val], colour + '-o', ms=3,
                 label=f'{name} P1')
        ax1.plot(ep, [r['P-MPJPE'] for r in val], colour + '--s', ms=3,
                 label=f'{name} P2')
    ax0.set(xlabel='epoch', ylabel='training 3D loss (mm)', yscale='log')
    ax1.set(xlabel='epoch', ylabel='Validate error (mm)', yscale='log')
    ax0.grid(alpha=0.3, which='both')
    ax1.grid(alpha=0.3, which='both')
    ax0.legend(fontsize=8)
    ax1.legend(fontsize=7)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def plot_fractions(specs, out, title):
    methods = {}
    for spec in specs:
        key, path = _split(spec)
        method, _, frac = key.partition('@')
        if osp.isdir(path):
            _, val = read_scalars(path)
            p1, p2, quoted = val[-1]['MPJPE'], val[-1]['P-MPJPE'], False
        else:
            try:
                p1, p2 = (float(v) for v in path.split(','))
            except ValueError:
                raise ValueError(f'{spec!r}: {path!r} is neither a work '
                                 'directory nor "P1,P2"') from None
            quoted = True
        methods.setdefault(method, []).append((float(frac), p1, p2, quoted))
    fig, ax = plt.subplots(figsize=(6, 4))
    for i, (method, pts) in enumerate(methods.items()):
        pts.sort()
        x = [100 * p[0] for p in pts]
        ax.plot(x, [p[1] for p in pts], f'C{i}-', label=f'{method} P1')
        ax.plot(x, [p[2] for p in pts], f'C{i}--', label=f'{method} P2')
        for p, xx in zip(pts, x):
            face = 'none' if p[3] else f'C{i}'
            ax.plot([xx, xx], [p[1], p[2]], ' ', marker='o',
                    mfc=face, mec=f'C{i}')
    if any(p[3] for pts in methods.values() for p in pts):
        title = (title + '\n' if title else '') + \
            'hollow markers: figures quoted from the table, not re-run'
    ax.set(xlabel='labelled fraction of Train 3D (%)',
           ylabel='Validate error, final weights (mm)', xscale='log')
    ax.grid(alpha=0.3, which='both')
    ax.legend(fontsize=8)
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('kind', choices=['curves', 'fractions'])
    parser.add_argument('runs', nargs='+')
    parser.add_argument('--out', required=True)
    parser.add_argument('--title', default='')
    args = parser.parse_args()
    if args.kind == 'curves':
        plot_curves(args.runs, args.out, args.title)
    else:
        plot_fractions(args.runs, args.out, args.title)


if __name__ == '__main__':
    main()
