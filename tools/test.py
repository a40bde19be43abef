"""Evaluate a checkpoint: ``python tools/test.py CONFIG CHECKPOINT``.

Same argument surface as mmpose's ``tools/test.py``. ``CHECKPOINT`` may be
``none`` for models without weights (the geometric baseline).
"""
import argparse
import os.path as osp
import sys

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import selfpose_mm  # noqa: E402,F401
from mmengine.config import Config  # noqa: E402
from mmengine.fileio import dump  # noqa: E402
from mmengine.hooks import Hook  # noqa: E402

from selfpose_mm.engine.cli import (add_common_args,  # noqa: E402
                                    build_runner, enable_show_dir,
                                    parse_with_local_rank, run_cli,
                                    set_work_dir)


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description='Evaluate a pose model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument(
        'checkpoint', help='checkpoint file ("none" for models without '
        'weights, e.g. the geometric baseline)')
    parser.add_argument('--out', help='dump the metrics to this json file')
    parser.add_argument(
        '--dump', help='dump predictions to this pickle file (.pkl)')
    add_common_args(parser)
    return parse_with_local_rank(parser)


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options (``--cfg-options`` last)."""
    set_work_dir(cfg, args.work_dir, args.config)
    cfg.load_from = None if args.checkpoint == 'none' else args.checkpoint
    if args.show_dir:
        enable_show_dir(cfg, args.show_dir, args.config)
    if args.dump is not None:
        if not args.dump.endswith(('.pkl', '.pickle')):
            raise ValueError('--dump must end with .pkl or .pickle')
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
    """Write the test metrics to a json file after testing."""

    def __init__(self, out_file: str) -> None:
        self.out_file = out_file

    def after_test_epoch(self, runner, metrics=None) -> None:
        if metrics is not None and runner.rank == 0:
            dump({k: float(v) for k, v in metrics.items()}, self.out_file)


def main() -> None:
    """Build the Runner from the config and test."""
    args = parse_args()
    cfg = merge_args(Config.fromfile(args.config), args)
    runner = build_runner(cfg, args.launcher)
    if args.out:
        runner.register_hook(_SaveMetricHook(args.out), 'LOWEST')
    runner.test()


if __name__ == '__main__':
    run_cli(main)
