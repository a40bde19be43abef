"""Learning curves and a qualitative figure for the capsule stereo benchmark.

``python projects/mads/benchmarks/plot_capsule_results.py`` reads the
MMEngine scalar logs of the runs of ``tools/run_capsule_benchmark.sh`` and
the predictions that ``eval_capsule_stereo.py --dump`` saved, and writes
``projects/mads/resources/capsule_learning_curves.png``,
``capsule_qualitative.png`` and ``capsule_views.png`` (validation views,
clean and with the test-time occluders, ground-truth joints drawn).
"""
import argparse
import glob
import json
import os
import os.path as osp
import sys

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '../../..')))

import matplotlib  # noqa: E402

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from mmengine.config import Config  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402

import projects.mads.mads  # noqa: E402,F401
from projects.mads.mads.datasets.transforms import MADS_PARENTS  # noqa: E402
from selfpose_mm.registry import DATASETS  # noqa: E402

CFG = 'projects/mads/configs'
BASE = 'simplebaseline-tri_res18-half_1xb8-5000it_capsule-stereo-128'
WARMUP = 2500  # the baseline iterations CDRNet starts from
RUNS = {  # label: (work dir, iterations before the run's own, colour,
    #          validation interval)
    '2D baseline + DLT': (BASE, 0, 'C0', 1000),
    'CDRNet rotation': ('cdrnet_res18-half-rot_1xb8-2500it_capsule-stereo-128',
                        WARMUP, 'C1', 750),
    'CDRNet pinv': ('cdrnet_res18-half-pinv_1xb8-2500it_capsule-stereo-128',
                    WARMUP, 'C2', 750),
}
PREDS = {
    '2D baseline + DLT': 'baseline',
    'CDRNet rotation': 'cdrnet_rot',
    'CDRNet pinv': 'cdrnet_pinv'
}
_RIGHT = {2, 3, 4, 5, 10, 11, 12, 13}


def _scalars(work_dir: str):
    files = sorted(glob.glob(f'work_dirs/{work_dir}/*/vis_data/scalars.json'))
    if not files:
        return [], []
    train, val = [], []
    for line in open(files[-1]):
        d = json.loads(line)
        (val if 'MPJPE' in d else train).append(d)
    return train, val


def learning_curves(out: str) -> None:
    """Train loss and validation MPJPE / 2D error against iterations."""
    fig, ax = plt.subplots(1, 3, figsize=(15, 4))
    for label, (wd, offset, c, interval) in RUNS.items():
        train, val = _scalars(wd)
        if not train:
            continue
        it = np.array([d['step'] for d in train]) + offset
        # the same heatmap MSE (KeypointMSELoss, same targets) in both
        hm = [d.get('loss_kpt', d.get('loss_heatmap', np.nan) / 1000.)
              for d in train]
        ax[0].plot(it, hm, c, label=label)
        # MMEngine logs validation with step 0 in iteration-based loops
        vit = interval * np.arange(1, len(val) + 1) + offset
        ax[1].plot(vit, [d['MPJPE'] for d in val], c + 'o-', label=label)
        ax[1].plot(vit, [d['P-MPJPE'] for d in val], c + 's--')
        ax[2].plot(vit, [d['2d/mean'] for d in val], c + 'o-', label=label)
    ax[0].set(xlabel=f'iteration (CDRNet: + {WARMUP} shared warm-up)',
              ylabel='heatmap MSE', title='training heatmap loss')
    ax[1].set(xlabel='iteration', ylabel='mm',
              title='val MPJPE (o-) and P-MPJPE (s--)')
    ax[2].set(xlabel='iteration', ylabel='crop px',
              title='val mean 2D error per view')
    for a in ax:
        a.grid(alpha=0.3)
        a.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=90)


def _skeleton(ax, X, style, label=None):
    for c, p in enumerate(MADS_PARENTS):
        if c == p:
            continue
        col = 'tab:blue' if c in _RIGHT else 'tab:red'
        ax.plot(*X[[p, c]].T, style, color=col, lw=1.5,
                label=label if c == 1 else None)


def qualitative(out: str, frame: int, res_dir: str) -> None:
    """The two input views and each model's 3D output beside the GT."""
    cfg = Config.fromfile(f'{CFG}/{BASE}.py')
    init_default_scope('selfpose_mm')
    ds = DATASETS.build(cfg.val_dataloader.dataset)
    info = ds.get_data_info(frame)
    gt = info['keypoints_3d']
    avail = {k: v for k, v in PREDS.items()
             if osp.isfile(f'{res_dir}/{v}_pred.npz')}
    fig = plt.figure(figsize=(4 * (2 + len(avail)), 4.2))
    for v, img in enumerate(info['imgs']):
        a = fig.add_subplot(1, 2 + len(avail), v + 1)
        a.imshow(img[..., ::-1])
        a.set_title(f'view {v}')
        a.axis('off')
    for i, (label, key) in enumerate(avail.items()):
        pred = np.load(f'{res_dir}/{key}_pred.npz')['pred3d'][frame]
        a = fig.add_subplot(1, 2 + len(avail), 3 + i, projection='3d')
        _skeleton(a, gt, '-', 'GT')
        _skeleton(a, pred, '--', label)
        err = np.linalg.norm(pred - gt, axis=-1).mean()
        a.set_title(f'{label}\n(dashed; MPJPE {err:.0f} mm)', fontsize=9)
        c = gt.mean(0)
        for setter, k in ((a.set_xlim, 0), (a.set_ylim, 1), (a.set_zlim, 2)):
            setter(c[k] - 1000, c[k] + 1000)
        a.view_init(elev=10, azim=0)
    fig.suptitle(f'validation frame {frame}: solid = ground truth, '
                 'red = left, blue = right')
    fig.tight_layout()
    fig.savefig(out, dpi=90)


def views(out: str, frames=(0, 1, 2)) -> None:
    """Validation views of a few frames: clean and occluded, with the
    ground-truth 2D joints (red = left, blue = right)."""
    from mmengine.dataset import Compose
    cfg = Config.fromfile(f'{CFG}/{BASE}.py')
    init_default_scope('selfpose_mm')
    ds = DATASETS.build(cfg.val_dataloader.dataset)
    pipes = {'clean': Compose(cfg.val_pipeline),
             'occluded': Compose(cfg.occluded_val_pipeline)}
    fig, axes = plt.subplots(len(pipes), 2 * len(frames),
                             figsize=(2.2 * 2 * len(frames), 2.4 * 2))
    for r, (name, pipe) in enumerate(pipes.items()):
        for i, f in enumerate(frames):
            res = pipe(ds.get_data_info(f))
            imgs = res['inputs'].numpy()
            kp = np.asarray(res['data_samples'].gt_instances.keypoints_2d)[0]
            for v in range(2):
                a = axes[r, 2 * i + v]
                a.imshow(imgs[v].transpose(1, 2, 0)[..., ::-1].astype(
                    np.uint8))
                right = np.array([j in _RIGHT for j in range(len(kp[v]))])
                a.scatter(*kp[v][right].T, s=5, c='tab:blue')
                a.scatter(*kp[v][~right].T, s=5, c='tab:red')
                a.set_title(f'{name}, frame {f}, view {v}', fontsize=7)
                a.axis('off')
    fig.tight_layout()
    fig.savefig(out, dpi=90)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--frame', type=int, default=0)
    p.add_argument('--results', default='work_dirs/capsule_results')
    p.add_argument('--out-dir', default='projects/mads/resources')
    args = p.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    learning_curves(f'{args.out_dir}/capsule_learning_curves.png')
    qualitative(f'{args.out_dir}/capsule_qualitative.png', args.frame,
                args.results)
    views(f'{args.out_dir}/capsule_views.png')


if __name__ == '__main__':
    main()
