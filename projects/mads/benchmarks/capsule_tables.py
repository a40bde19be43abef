"""Markdown tables of the capsule stereo benchmark from its measured logs.

``python projects/mads/benchmarks/capsule_tables.py`` reads
``work_dirs/capsule_results/results.jsonl`` (``eval_capsule_stereo.py``)
and ``timing.txt`` (``tools/run_capsule_benchmark.sh``) and prints the
comparison table and the occlusion-ablation table (mean and both seeds).
"""
import argparse
import json
import re
from collections import defaultdict

import numpy as np

MAIN = [('mean_pose', 'mean training pose (world)'),
        ('oracle2d_dlt', 'oracle 2D (exact GT projections) + DLT'),
        ('oracle2d_noise1px_dlt', 'oracle 2D + N(0, 1 px) + DLT'),
        ('oracle2d_noise2px_dlt', 'oracle 2D + N(0, 2 px) + DLT'),
        ('oracle2d_grid4px_dlt', 'oracle 2D rounded to the 4 px heatmap grid'
         ' + DLT'),
        ('baseline_iter2500', '2D baseline + DLT, iteration 2500 (the warm-up'
         ' checkpoint)'),
        ('baseline', '2D baseline + DLT, 5000 it'),
        ('cdrnet_rot', 'CDRNet rotation FTL, 2500 warm-up + 2500 it'),
        ('cdrnet_rot_seed1', 'CDRNet rotation FTL, same, seed 1'),
        ('cdrnet_pinv', 'CDRNet pinv FTL, 2500 warm-up + 2500 it')]
AUGS = [('noaug', 'no augmentation'),
        ('cutout-masked', 'Cutout, labels masked'),
        ('cutout-kept', 'Cutout, labels kept'),
        ('hns-masked', 'Hide-and-Seek, labels masked'),
        ('hns-kept', 'Hide-and-Seek, labels kept')]


def _load(path):
    rows = {}
    for line in open(path):
        d = json.loads(line)
        rows[d['name']] = d  # the last measurement of a name wins
    return rows


def _timing(path):
    out = {}
    for line in open(path):
        m = re.match(r'(\S+) rc=(\d+) wall=(\d+)s load1_start=(\S+) '
                     r'load1_end=(\S+)', line)
        if m:
            out[m.group(1)] = (int(m.group(3)), m.group(4), m.group(5))
    return out


def _f(x, nd=1):
    return '-' if x is None else f'{x:.{nd}f}'


def main_table(rows, timing):
    print('| Method | MPJPE | P-MPJPE | rel. MPJPE | 2D view 0 / 1 (px) | '
          '2D median (px) / L-R swapped | occluded: MPJPE / P-MPJPE / 2D | '
          'ms/frame | train wall (load) |')
    print('|---|---|---|---|---|---|---|---|---|')
    train_of = {
        'baseline': 'train_simplebaseline-tri_res18-half_1xb8-5000it_'
                    'capsule-stereo-128',
        'cdrnet_rot': 'train_cdrnet_res18-half-rot_1xb8-2500it_capsule-'
                      'stereo-128',
        'cdrnet_pinv': 'train_cdrnet_res18-half-pinv_1xb8-2500it_capsule-'
                       'stereo-128',
        'cdrnet_rot_seed1': 'train_cdrnet_rot_seed1'
    }
    for key, label in MAIN:
        r = rows.get(key)
        if r is None:
            continue
        o = rows.get(key + ' [occluded]')
        occ = '-' if o is None else (
            f"{_f(o['mpjpe'])} / {_f(o['p_mpjpe'])} / "
            f"{_f((o['2d_view0'] + o['2d_view1']) / 2, 2)}")
        t = timing.get(train_of.get(key, ''), None)
        tw = '-' if t is None else f'{t[0] / 60:.1f} min ({t[1]}-{t[2]})'
        print(f"| {label} | {_f(r['mpjpe'])} | {_f(r['p_mpjpe'])} | "
              f"{_f(r['rel_mpjpe'])} | {_f(r['2d_view0'], 2)} / "
              f"{_f(r['2d_view1'], 2)} | {_f(r.get('2d_median'), 2)} / "
              f"{_f(100 * r['lr_swap_frac'] if 'lr_swap_frac' in r else None)}"
              f"% | {occ} | "
              f"{_f(r.get('ms_per_frame'))} | {tw} |")


def ablation_table(rows):
    print('| Augmentation (2 seeds) | clean MPJPE | clean P-MPJPE | clean 2D '
          '| occluded MPJPE | occluded P-MPJPE | occluded 2D |')
    print('|---|---|---|---|---|---|---|')
    for key, label in AUGS:
        vals = defaultdict(list)
        for seed in (0, 1):
            for occ in ('', ' [occluded]'):
                r = rows.get(f'ablation_{key}_seed{seed}{occ}')
                if r is None:
                    continue
                vals['m' + occ].append(r['mpjpe'])
                vals['p' + occ].append(r['p_mpjpe'])
                vals['2' + occ].append((r['2d_view0'] + r['2d_view1']) / 2)
        if not vals:
            continue

        def cell(k, nd=1):
            v = vals.get(k, [])
            if not v:
                return '-'
            seeds = ', '.join(f'{x:.{nd}f}' for x in v)
            return f'{np.mean(v):.{nd}f} ({seeds})'

        print(f"| {label} | {cell('m')} | {cell('p')} | {cell('2', 2)} | "
              f"{cell('m [occluded]')} | {cell('p [occluded]')} | "
              f"{cell('2 [occluded]', 2)} |")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--results', default='work_dirs/capsule_results')
    args = p.parse_args()
    rows = _load(f'{args.results}/results.jsonl')
    try:
        timing = _timing(f'{args.results}/timing.txt')
    except FileNotFoundError:
        timing = {}
    main_table(rows, timing)
    print()
    ablation_table(rows)


if __name__ == '__main__':
    main()
