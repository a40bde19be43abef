"""Evaluate a checkpoint: ``python tools/test.py CONFIG CHECKPOINT``.

Same argument surface as mmpose's ``tools/test.py``. ``CHECKPOINT`` may be
``none`` for models without weights (the geometric baseline).

A checkpoint whose weights do not fit the model (another model's, or
another size) is an error naming the missing and unexpected keys, unless
``--allow-partial-checkpoint`` is given (then a warning names them and the
metrics are still written). ``--out`` writes strict JSON: a metric that is
NaN or infinite becomes ``null``.
"""
import argparse
import json
import os.path as osp
import sys
from typing import Optional, Sequence

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import selfpose_mm  # noqa: E402,F401
from mmengine.config import Config  # noqa: E402
from mmengine.hooks import Hook  # noqa: E402
from mmengine.logging import print_log  # noqa: E402
from mmengine.model import is_model_wrapper  # noqa: E402

from selfpose_mm.apis.results import strict_json  # noqa: E402
from selfpose_mm.engine.cli import (CheckpointMismatchError,  # noqa: E402
                                    UsageError, add_common_args,
                                    build_runner, enable_show_dir,
                                    load_config, parse_with_local_rank,
                                    require_file, resolve_config_alias,
                                    run_cli, set_work_dir)


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description='Evaluate a pose model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument(
        'checkpoint', help='checkpoint file ("none" for models without '
        'weights, e.g. the geometric baseline)')
    parser.add_argument('--out', help='dump the metrics to this json file')
    parser.add_argument(
        '--dump', help='dump predictions to this pickle file (.pkl)')
    parser.add_argument(
        '--allow-partial-checkpoint',
        action='store_true',
        help='evaluate even if the checkpoint misses weights of the model '
        'or holds others (a warning names them)')
    add_common_args(parser)
    return parse_with_local_rank(parser, argv)


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options (``--cfg-options`` last)."""
    set_work_dir(cfg, args.work_dir, args.config)
    if args.checkpoint != 'none':
        require_file(
            args.checkpoint, 'checkpoint', 'give a .pth written by '
            'tools/train.py, or "none" for models without weights')
    cfg.load_from = None if args.checkpoint == 'none' else args.checkpoint
    if args.show_dir:
        enable_show_dir(cfg, args.show_dir, args.config)
    if args.dump is not None:
        if not args.dump.endswith(('.pkl', '.pickle')):
            raise UsageError(f'--dump {args.dump}: the file name must end '
                             'with .pkl or .pickle')
        evaluator = cfg.test_evaluator
        if isinstance(evaluator, dict):
            evaluator = [evaluator]
        cfg.test_evaluator = list(evaluator) + [
            dict(type='DumpResults', out_file_path=args.dump)
        ]
    if args.cfg_options is not None:
        cfg.merge_from_dict(args.cfg_options)
    return cfg


class _SaveMetricHook(Hook):
    """Write the test metrics to a strict json file after testing."""

    def __init__(self, out_file: str) -> None:
        self.out_file = out_file

    def after_test_epoch(self, runner, metrics=None) -> None:
        if metrics is not None and runner.rank == 0:
            with open(self.out_file, 'w') as f:
                json.dump(strict_json({k: float(v)
                                       for k, v in metrics.items()}),
                          f,
                          indent=1,
                          allow_nan=False)


class _CheckpointMatchHook(Hook):
    """Refuse a checkpoint that does not fit the model (before loading)."""

    def __init__(self, path: str, config: str, allow_partial: bool) -> None:
        self.path = path
        self.config = config
        self.allow_partial = allow_partial

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        model = runner.model.module if is_model_wrapper(
            runner.model) else runner.model
        state = checkpoint.get('state_dict', checkpoint)
        theirs = {
            k[7:] if k.startswith('module.') else k: v
            for k, v in state.items()
        }
        ours = model.state_dict()
        missing = sorted(set(ours) - set(theirs))
        unexpected = sorted(set(theirs) - set(ours))
        shapes = sorted(
            k for k in set(ours) & set(theirs)
            if hasattr(theirs[k], 'shape') and tuple(theirs[k].shape) !=
            tuple(ours[k].shape))
        if not (missing or unexpected or shapes):
            return
        msg = (f'{self.path} does not fit the model of {self.config}: '
               f'{len(missing)} missing keys {missing[:3]}, '
               f'{len(unexpected)} unexpected keys {unexpected[:3]}, '
               f'{len(shapes)} of other shape {shapes[:3]}')
        if not self.allow_partial:
            raise CheckpointMismatchError(
                f'{msg}; is it another model\'s checkpoint? Pass '
                '--allow-partial-checkpoint to evaluate anyway')
        print_log(f'{msg}; evaluating anyway (--allow-partial-checkpoint)',
                  logger='current', level=30)


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Build the Runner from the config and test."""
    args = parse_args(argv)
    # an old (renamed) config name: the new file, named once in a warning;
    # the default work_dir follows the new name
    args.config = resolve_config_alias(args.config)
    cfg = merge_args(load_config(args.config), args)
    runner = build_runner(cfg, args.launcher)
    if cfg.load_from:
        runner.register_hook(
            _CheckpointMatchHook(cfg.load_from, args.config,
                                 args.allow_partial_checkpoint), 'HIGHEST')
    if args.out:
        runner.register_hook(_SaveMetricHook(args.out), 'LOWEST')
    runner.test()


if __name__ == '__main__':
    run_cli(main)
