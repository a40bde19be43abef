"""Train a selfpose_mm model: ``python tools/train.py CONFIG [options]``.

Same argument surface as mmpose's ``tools/train.py``. Runs from the repo
root without installing (the root is put on ``sys.path`` so ``projects.*``
configs import too).
"""
import argparse
import os
import os.path as osp
import sys

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import selfpose_mm  # noqa: E402,F401  (installs the mmcv.ops stand-in)
from mmengine.config import Config, DictAction  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402
from mmengine.runner import Runner  # noqa: E402

from selfpose_mm.engine import (ConfigKeyError, check_config,  # noqa: E402
                                setup_runtime)


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description='Train a pose model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--resume',
        nargs='?',
        type=str,
        const='auto',
        help='resume from the latest checkpoint in the work_dir '
        'automatically, or from a specific checkpoint path')
    parser.add_argument(
        '--amp', action='store_true', help='enable automatic mixed precision')
    parser.add_argument(
        '--no-validate',
        action='store_true',
        help='do not evaluate checkpoints during training')
    parser.add_argument(
        '--auto-scale-lr',
        action='store_true',
        help='scale the lr by the total batch size (needs auto_scale_lr)')
    parser.add_argument(
        '--show-dir',
        help='directory where visualised validation results are saved')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=DictAction,
        help='override settings in the config, key=value (merged last)')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    # torch.distributed.launch passes --local-rank; torchrun sets LOCAL_RANK.
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options to the config (``--cfg-options`` last).
    """
    if args.no_validate:
        cfg.val_cfg = None
        cfg.val_dataloader = None
        cfg.val_evaluator = None
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    if args.amp:
        wrapper = cfg.optim_wrapper.get('type', 'OptimWrapper')
        if wrapper not in ('OptimWrapper', 'AmpOptimWrapper'):
            raise ValueError(
                f'{args.config}: --amp needs optim_wrapper.type '
                f'OptimWrapper or AmpOptimWrapper, got {wrapper!r}.')
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume
    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg:
            raise KeyError(f'{args.config}: --auto-scale-lr needs '
                           'auto_scale_lr=dict(base_batch_size=...)')
        cfg.auto_scale_lr.enable = True
    if args.show_dir:
        hooks = cfg.default_hooks
        if 'visualization' not in hooks:
            raise KeyError(f'{args.config}: --show-dir needs '
                           'default_hooks.visualization')
        hooks.visualization.enable = True
        hooks.visualization.out_dir = args.show_dir
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    return cfg


def main() -> None:
    """Build the Runner from the config and train."""
    args = parse_args()
    cfg = Config.fromfile(args.config)
    cfg = merge_args(cfg, args)
    init_default_scope(cfg.get('default_scope', 'selfpose_mm'))
    check_config(cfg)
    setup_runtime(cfg, args.launcher)
    runner = Runner.from_cfg(cfg)
    runner.train()


if __name__ == '__main__':
    try:
        main()
    except ConfigKeyError as err:  # a config mistake: no traceback needed
        sys.exit(f'error: {err}')
