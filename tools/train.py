"""Train a selfpose_mm model: ``python tools/train.py CONFIG [options]``.

Same argument surface as mmpose's ``tools/train.py``. Runs from the repo
root without installing (the root is put on ``sys.path`` so ``projects.*``
configs import too).
"""
import argparse
import os.path as osp
import sys
from typing import Optional, Sequence

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import selfpose_mm  # noqa: E402,F401  (installs the mmcv.ops stand-in)
import torch  # noqa: E402
from mmengine.config import Config  # noqa: E402

from selfpose_mm.engine.cli import (ConfigKeyError,  # noqa: E402
                                    UsageError, add_common_args,
                                    build_runner, enable_show_dir,
                                    load_config, parse_with_local_rank,
                                    require_file, resolve_config_alias,
                                    run_cli, set_work_dir)


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
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
    parser.add_argument(
        '--tensorboard',
        action='store_true',
        help='also log scalars to TensorBoard (<work_dir>/<timestamp>/'
        'vis_data; needs `pip install selfpose_mm[tensorboard]`)')
    add_common_args(parser)
    return parse_with_local_rank(parser, argv)


def enable_tensorboard(cfg: Config) -> None:
    """Add ``TensorboardVisBackend`` to the visualizer's backends."""
    try:
        import tensorboard  # noqa: F401
    except ImportError:
        raise UsageError('--tensorboard needs the tensorboard package: '
                         'pip install "selfpose_mm[tensorboard]" (or pip '
                         'install tensorboard)') from None
    vis = cfg.get('visualizer')
    if not isinstance(vis, dict):
        raise ConfigKeyError(f'{cfg.filename}: --tensorboard needs a '
                             'visualizer=dict(...) in the config')
    backends = list(vis.get('vis_backends') or [])
    if not any(b.get('type') == 'TensorboardVisBackend' for b in backends):
        backends.append(dict(type='TensorboardVisBackend'))
    vis['vis_backends'] = backends


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options (``--cfg-options`` last)."""
    if args.no_validate:
        cfg.val_cfg = None
        cfg.val_dataloader = None
        cfg.val_evaluator = None
    set_work_dir(cfg, args.work_dir, args.config)
    if args.amp:
        if not torch.cuda.is_available():
            raise UsageError('--amp needs a CUDA GPU (MMEngine\'s '
                             'AmpOptimWrapper refuses CPU): drop --amp; on a '
                             'CPU with native bfloat16 (AMX / AVX-512-BF16) '
                             'use --cfg-options model.compute_dtype=bfloat16 '
                             '(networks in bfloat16, geometry in float32)')
        wrapper = cfg.optim_wrapper.get('type', 'OptimWrapper')
        if wrapper not in ('OptimWrapper', 'AmpOptimWrapper'):
            raise UsageError(
                f'{args.config}: --amp needs optim_wrapper.type '
                f'OptimWrapper or AmpOptimWrapper, got {wrapper!r}; '
                'drop --amp or change optim_wrapper.type')
        cfg.optim_wrapper.type = 'AmpOptimWrapper'
        cfg.optim_wrapper.setdefault('loss_scale', 'dynamic')
    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = None
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = require_file(
            args.resume, 'checkpoint', 'give an existing .pth to --resume, '
            'or --resume alone for the latest one in the work_dir')
    if args.auto_scale_lr:
        if 'auto_scale_lr' not in cfg:
            raise ConfigKeyError(f'{args.config}: --auto-scale-lr needs '
                                 'auto_scale_lr=dict(base_batch_size=...)')
        cfg.auto_scale_lr.enable = True
    if args.show_dir:
        enable_show_dir(cfg, args.show_dir, args.config)
    if args.tensorboard:
        enable_tensorboard(cfg)
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    return cfg


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Build the Runner from the config and train."""
    args = parse_args(argv)
    # an old (renamed) config name: the new file, named once in a warning;
    # the default work_dir follows the new name
    args.config = resolve_config_alias(args.config)
    cfg = merge_args(load_config(args.config), args)
    build_runner(cfg, args.launcher).train()


if __name__ == '__main__':
    run_cli(main)
