"""Evaluate a checkpoint: ``python tools/test.py CONFIG CHECKPOINT``.

Same argument surface as mmpose's ``tools/test.py``.
"""
import argparse
import os
import os.path as osp
import sys

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import selfpose_mm  # noqa: E402,F401
from mmengine.config import Config, DictAction  # noqa: E402
from mmengine.fileio import dump  # noqa: E402
from mmengine.hooks import Hook  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402
from mmengine.runner import Runner  # noqa: E402

from selfpose_mm.engine import (ConfigKeyError, check_config,  # noqa: E402
                                setup_runtime)


def parse_args() -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description='Evaluate a pose model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument(
        'checkpoint', help='checkpoint file ("none" for models without '
        'weights, e.g. the geometric baseline)')
    parser.add_argument('--work-dir', help='the dir to save evaluation logs')
    parser.add_argument('--out', help='dump the metrics to this json file')
    parser.add_argument(
        '--dump', help='dump predictions to this pickle file (.pkl)')
    parser.add_argument(
        '--show-dir', help='directory where visualised results are saved')
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
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    if 'LOCAL_RANK' not in os.environ:
        os.environ['LOCAL_RANK'] = str(args.local_rank)
    return args


def merge_args(cfg: Config, args: argparse.Namespace) -> Config:
    """Apply the command-line options to the config (``--cfg-options`` last).
    """
    if args.work_dir is not None:
        cfg.work_dir = args.work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(args.config))[0])
    cfg.load_from = None if args.checkpoint == 'none' else args.checkpoint
    if args.show_dir:
        hooks = cfg.default_hooks
        if 'visualization' not in hooks:
            raise KeyError(f'{args.config}: --show-dir needs '
                           'default_hooks.visualization')
        hooks.visualization.enable = True
        hooks.visualization.out_dir = args.show_dir
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
    cfg = Config.fromfile(args.config)
    cfg = merge_args(cfg, args)
    init_default_scope(cfg.get('default_scope', 'selfpose_mm'))
    check_config(cfg)
    setup_runtime(cfg, args.launcher)
    runner = Runner.from_cfg(cfg)
    if args.out:
        runner.register_hook(_SaveMetricHook(args.out), 'LOWEST')
    runner.test()


if __name__ == '__main__':
    try:
        main()
    except ConfigKeyError as err:  # a config mistake: no traceback needed
        sys.exit(f'error: {err}')
