"""Train a selfpose_mm model: ``python tools/train.py CONFIG [options]``.

Same argument surface as mmpose's ``tools/train.py``. Runs from the repo
root without installing (the root is put on ``sys.path`` so ``projects.*``
configs import too).
"""
import argparse
import os.path as osp
import sys

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import selfpose_mm  # noqa: E402,F401  (installs the mmcv.ops stand-in)
from mmengine.config import Config  # noqa: E402

from selfpose_mm.engine.cli import (add_common_args,  # noqa: E402
                                    build_runner, enable_show_dir,
                                    parse_with_local_rank, run_cli,
                                    set_work_dir)


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description='Train a pose model')
    parser.add_argument('config', help='train config file path')
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
    add_common_args(parser)
    return parse_with_local_rank(parser)


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options (``--cfg-options`` last)."""
    if args.no_validate:
        cfg.val_cfg = None
        cfg.val_dataloader = None
        cfg.val_evaluator = None
    set_work_dir(cfg, args.work_dir, args.config)
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
        enable_show_dir(cfg, args.show_dir, args.config)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    return cfg


def main() -> None:
    """Build the Runner from the config and train."""
    args = parse_args()
    cfg = merge_args(Config.fromfile(args.config), args)
    build_runner(cfg, args.launcher).train()


if __name__ == '__main__':
    run_cli(main)
