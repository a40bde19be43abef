"""Print the fully merged config: ``python tools/print_config.py CONFIG``."""
import argparse
import os.path as osp
import sys

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import selfpose_mm  # noqa: E402,F401
from mmengine.registry import init_default_scope  # noqa: E402

from selfpose_mm.engine import check_config, check_loops  # noqa: E402
from selfpose_mm.engine.cli import (StrictDictAction,  # noqa: E402
                                    load_config, run_cli)


def main() -> None:
    """Load, merge and print a config (and check its keys)."""
    parser = argparse.ArgumentParser(description='Print the merged config')
    parser.add_argument('config', help='config file path')
    parser.add_argument(
        '--cfg-options', nargs='+', action=StrictDictAction,
        help='override settings, key=value')
    parser.add_argument(
        '--no-check', action='store_true', help='skip the unknown-key check')
    args = parser.parse_args()
    cfg = load_config(args.config)
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    if not args.no_check:
        init_default_scope(cfg.get('default_scope', 'selfpose_mm'))
        check_config(cfg)
        check_loops(cfg)
    print(f'Config:\n{cfg.pretty_text}')


if __name__ == '__main__':
    run_cli(main)
