"""The embedded default job: SelfPose3d on the synthetic world, end to end.

``python tools/run_demo.py`` (what ``make demo`` runs):

1. self-supervised root net (``configs/selfpose3d/``
   ``selfpose3d_plane-hg16_1xb2-300it_synthetic-5cam-rootnet.py``);
2. self-supervised pose net (``configs/selfpose3d/``
   ``selfpose3d_plane-hg16_1xb2-800it_synthetic-5cam-posenet.py``, the root
   net loaded from step 1);
3. evaluation against the hidden synthetic 3D ground truth, once with the
   pose net of step 2 and once with the untrained pose net (the same
   proposals), so the table shows what the self-supervision learnt;
4. a results table (MPJPE, AP@25..150, recall) and a PNG of predicted
   skeletons (3D + reprojection on every view).

The default heads are the orthographic-plane heads (Faster VoxelPose-style
2D/1D CNNs, the CPU default); ``--heads v2v`` runs the V2V reproduction
(``selfpose3d_v2v-cpn32-prn24_1xb2-{300it_synthetic-5cam-rootnet,
800it_synthetic-5cam-posenet}.py``) instead.

Training never sees a 2D or 3D label: the view-set transform removes the
ground truth from training samples; only the evaluation reads it. Each step
runs ``tools/train.py`` / ``tools/test.py`` in a subprocess (full logs in
``<work-dir>/*.log``) behind one tqdm progress bar per step.
"""
import argparse
import glob
import json
import os
import os.path as osp
import re
import shutil
import subprocess
import sys
import time
from typing import Dict, List, Optional

from tqdm import tqdm

REPO = osp.abspath(osp.join(osp.dirname(__file__), '..'))
_SP3D = 'configs/selfpose3d/selfpose3d_'
CONFIGS = {
    'plane': (_SP3D + 'plane-hg16_1xb2-300it_synthetic-5cam-rootnet.py',
              _SP3D + 'plane-hg16_1xb2-800it_synthetic-5cam-posenet.py'),
    'v2v': (_SP3D + 'v2v-cpn32-prn24_1xb2-300it_synthetic-5cam-rootnet.py',
            _SP3D + 'v2v-cpn32-prn24_1xb2-800it_synthetic-5cam-posenet.py'),
}
_ITER = re.compile(r'Iter\((train|val|test)\)\s*\[\s*(\d+)/(\d+)\]')
_EPOCH_ITER = re.compile(
    r'Epoch\((?:val|test)\)\s*\[\d+\]\s*\[\s*(\d+)/(\d+)\]')


def run_step(label: str, args: List[str], log_path: str,
             total_hint: int) -> float:
    """Run a tool with a progress bar; raise with the log tail on failure."""
    start = time.time()
    env = dict(os.environ, PYTHONUNBUFFERED='1')
    with open(log_path, 'w') as log, tqdm(
            total=max(total_hint, 1), desc=label, unit='it',
            dynamic_ncols=True) as bar:
        proc = subprocess.Popen([sys.executable, *args], cwd=REPO, env=env,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        for line in proc.stdout:
            log.write(line)
            m = _ITER.search(line) or _EPOCH_ITER.search(line)
            if m:
                done, total = int(m.groups()[-2]), int(m.groups()[-1])
                if bar.total != total:
                    bar.total = total
                bar.update(done - bar.n)
        rc = proc.wait()
        if rc == 0:
            bar.update(bar.total - bar.n)
    if rc != 0:
        with open(log_path) as f:
            tail = f.read()[-4000:]
        raise SystemExit(f'{label} failed (exit {rc}); log: {log_path}\n'
                         f'{tail}')
    return time.time() - start


def last_checkpoint(work_dir: str) -> str:
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        return f.read().strip()


def format_table(rows: Dict[str, Dict[str, float]]) -> str:
    """Markdown table of the PanopticAPMetric keys, one row per model."""
    cols = ['MPJPE', 'AP@25', 'AP@50', 'AP@75', 'AP@100', 'AP@125',
            'AP@150', 'mAP', 'recall@500']
    head = '| model | ' + ' | '.join(
        c + (' (mm)' if c == 'MPJPE' else ' (%)') for c in cols) + ' |'
    lines = [head, '|' + '---|' * (len(cols) + 1)]
    for name, m in rows.items():
        vals = []
        for c in cols:
            v = m.get(f'panoptic/{c}')
            vals.append('n/a' if v is None or v != v else f'{v:.1f}')
        lines.append(f'| {name} | ' + ' | '.join(vals) + ' |')
    return '\n'.join(lines)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--work-dir', default='work_dirs/selfpose3d_demo')
    parser.add_argument('--root-iters', type=int, default=None,
                        help='override the root-net iterations')
    parser.add_argument('--pose-iters', type=int, default=None,
                        help='override the pose-net iterations')
    parser.add_argument('--val-samples', type=int, default=None,
                        help='override the number of evaluation frames')
    parser.add_argument('--skip-baseline', action='store_true',
                        help='do not evaluate the untrained pose net')
    parser.add_argument('--heads', choices=sorted(CONFIGS), default='plane',
                        help='plane (orthographic heads, default) or v2v '
                        '(the V2V reproduction)')
    args = parser.parse_args(argv)
    root_cfg, pose_cfg = CONFIGS[args.heads]
    wd = osp.abspath(args.work_dir)
    os.makedirs(wd, exist_ok=True)
    root_wd, pose_wd = osp.join(wd, 'rootnet'), osp.join(wd, 'posenet')
    common = ['default_hooks.logger.interval=5']
    val = ([f'test_dataloader.dataset.num_samples={args.val_samples}']
           if args.val_samples else [])
    t0 = time.time()
    root_opts = list(common)
    if args.root_iters:
        root_opts.append(f'train_cfg.max_iters={args.root_iters}')
    run_step('[1/4] root net, self-supervised',
             ['tools/train.py', root_cfg, '--work-dir', root_wd,
              '--cfg-options', *root_opts], osp.join(wd, 'rootnet.log'),
             args.root_iters or 0)
    pose_opts = common + [f'model.stage_checkpoints.0.path={root_wd}']
    if args.pose_iters:
        pose_opts.append(f'train_cfg.max_iters={args.pose_iters}')
    run_step('[2/4] pose net, self-supervised',
             ['tools/train.py', pose_cfg, '--work-dir', pose_wd,
              '--cfg-options', *pose_opts], osp.join(wd, 'posenet.log'),
             args.pose_iters or 0)
    rows = {}
    test_opts = [f'model.stage_checkpoints.0.path={root_wd}',
                 'default_hooks.visualization.interval=10'] + val
    out = osp.join(wd, 'metrics_ssl.json')
    run_step('[3/4] evaluate (SSL model)',
             ['tools/test.py', pose_cfg, last_checkpoint(pose_wd),
              '--work-dir', osp.join(wd, 'test_ssl'), '--out', out,
              '--cfg-options', *test_opts], osp.join(wd, 'test_ssl.log'), 0)
    with open(out) as f:
        ssl_metrics = json.load(f)
    if not args.skip_baseline:
        out0 = osp.join(wd, 'metrics_untrained.json')
        run_step('[4/4] evaluate (untrained pose net)',
                 ['tools/test.py', pose_cfg, last_checkpoint(root_wd),
                  '--work-dir', osp.join(wd, 'test_untrained'), '--out', out0,
                  # the root stage's checkpoint holds no pose net: the
                  # untrained pose net is the point of this row
                  '--allow-partial-checkpoint',
                  '--cfg-options', *test_opts,
                  'default_hooks.visualization.enable=False'],
                 osp.join(wd, 'test_untrained.log'), 0)
        with open(out0) as f:
            rows['root-net SSL + untrained pose net'] = json.load(f)
    rows['SelfPose3d SSL (root + pose nets)'] = ssl_metrics
    pngs = sorted(glob.glob(osp.join(wd, 'test_ssl', '**', '*.png'),
                            recursive=True))
    png = osp.join(wd, 'predicted_skeletons.png')
    if pngs:
        shutil.copyfile(pngs[0], png)
    table = format_table(rows)
    with open(osp.join(wd, 'results.md'), 'w') as f:
        f.write(table + '\n')
    print('\nSelfPose3d on the synthetic world (5 cameras, heatmap input); '
          'no 2D or 3D label used for training; evaluation against the '
          'hidden 3D ground truth:\n')
    print(table)
    print(f'\npredicted skeletons: {png if pngs else "(no PNG written)"}')
    print(f'results table: {osp.join(wd, "results.md")}; logs: {wd}/*.log')
    print(f'total wall time: {time.time() - t0:.0f} s')


if __name__ == '__main__':
    main()
