"""Print the fully merged config: ``python tools/print_config.py CONFIG``."""
import argparse
import os.path as osp
import sys

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import selfpose_mm  # noqa: E402,F401
from mmengine.config import Config, DictAction  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402

from selfpose_mm.engine import check_config  # noqa: E402
from selfpose_mm.engine.cli import run_cli  # noqa: E402


def main() -> None:
    """Load, merge and print a config (and check its keys)."""
    parser = argparse.ArgumentParser(description='Print the merged config')
    parser.add_argument('config', help='config file path')
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override settings, key=value')
    parser.add_argument(
        '--no-check', action='store_true', help='skip the unknown-key check')
    args = parser.parse_args()
    cfg = Config.fromfile(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    if not args.no_check:
        init_default_scope(cfg.get('default_scope', 'selfpose_mm'))
        check_config(cfg)
    print(f'Config:\n{cfg.pretty_text}')


if __name__ == '__main__':
    run_cli(main)
