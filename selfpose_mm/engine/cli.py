"""Command-line pieces shared by ``tools/train.py`` and ``tools/test.py``."""
import argparse
import os
import os.path as osp
import sys
from typing import Callable, Optional, Sequence

import torch.distributed as dist
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope
from mmengine.runner import Runner

from ..utils.config_aliases import resolve_config_alias
from ..utils.safe_load import MissingFileError, UnsafeFileError
from ..geometry.camera import CalibrationError
from .config_check import ConfigKeyError, check_config
from .config_values import ConfigValueError, check_loops
from .errors import CheckpointMismatchError, UsageError
from .runtime import setup_runtime

__all__ = [
    'add_common_args', 'parse_with_local_rank', 'set_work_dir',
    'enable_show_dir', 'build_runner', 'run_cli', 'USER_ERRORS',
    'UsageError', 'CheckpointMismatchError', 'StrictDictAction',
    'load_config', 'require_file', 'resolve_config_alias'
]


class StrictDictAction(DictAction):
    """``--cfg-options`` that rejects ``key`` without ``=value``.

    MMEngine's ``DictAction`` fails on it with an unpacking traceback;
    here argparse prints ``error: ...`` and exits 2.
    """

    def __call__(self, parser, namespace, values, option_string=None):
        for kv in values:
            key, sep, _ = kv.partition('=')
            if not sep or not key:
                example = key or 'train_cfg.max_iters'
                parser.error(f'{option_string} {kv!r}: needs key=value, '
                             f'e.g. {example}=100')
        super().__call__(parser, namespace, values, option_string)


def require_file(path: str, what: str, fix: str) -> str:
    """Return ``path`` or raise ``MissingFileError`` naming it and the fix.

    Args:
        path (str): The path given by the user.
        what (str): What it is (``'config'``, ``'checkpoint'``).
        fix (str): What to do instead.
    """
    if not osp.isfile(osp.expanduser(path)):
        raise MissingFileError(f'{path}: {what} file not found; {fix}')
    return path


def load_config(path: str) -> Config:
    """``Config.fromfile`` with a one-line error for a missing file.

    The old name of a renamed config loads the new file, with one warning
    (:func:`~selfpose_mm.utils.config_aliases.resolve_config_alias`).
    """
    path = resolve_config_alias(path)
    require_file(path, 'config', 'give the path of a config file, e.g. '
                 'configs/lifting/'
                 'supervised_mlp-lifter-w64_1xb64-40it_synthetic-tiny.py')
    return Config.fromfile(path)


def add_common_args(parser: argparse.ArgumentParser) -> None:
    """Add ``--work-dir``, ``--show-dir``, ``--cfg-options``, ``--launcher``
    and ``--local-rank`` (mmpose's names)."""
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--show-dir', help='directory where visualised results are saved')
    parser.add_argument(
        '--cfg-options',
        nargs='+',
        action=StrictDictAction,
        help='override settings in the config, key=value (merged last)')
    parser.add_argument(
        '--launcher',
        choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none',
        help='job launcher')
    # torch.distributed.launch passes --local-rank; torchrun sets LOCAL_RANK.
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)


def parse_with_local_rank(
        parser: argparse.ArgumentParser,
        argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    """Parse ``argv`` (default ``sys.argv``) and export ``LOCAL_RANK``
    when the launcher did not."""
    args = parser.parse_args(argv)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def set_work_dir(cfg: Config, work_dir: str, config_path: str) -> None:
    """Command line first, then the config's ``work_dir``, then
    ``./work_dirs/<config name>``."""
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir', None) is None:
        cfg.work_dir = osp.join('./work_dirs',
                                osp.splitext(osp.basename(config_path))[0])


def enable_show_dir(cfg: Config, show_dir: str, config_path: str) -> None:
    """Switch on the visualisation hook and point it at ``show_dir``."""
    hooks = cfg.default_hooks
    if 'visualization' not in hooks:
        raise ConfigKeyError(f'{config_path}: --show-dir needs '
                             'default_hooks.visualization')
    hooks.visualization.enable = True
    hooks.visualization.out_dir = show_dir


def build_runner(cfg: Config, launcher: str) -> Runner:
    """Check the config's keys, apply the runtime fixes, build the Runner."""
    init_default_scope(cfg.get('default_scope', 'selfpose_mm'))
    check_config(cfg)
    check_loops(cfg)
    setup_runtime(cfg, launcher)
    return Runner.from_cfg(cfg)


#: Errors a user can fix from the message alone: printed as one line.
#: A ``FileNotFoundError`` raised with a message (ours, mmengine's
#: ``check_file_exist``; ``filename`` unset) counts too; one raised by the
#: OS deep inside a library (``[Errno 2] ...``) keeps its traceback.
USER_ERRORS = (ConfigKeyError, ConfigValueError, UsageError,
               CheckpointMismatchError, UnsafeFileError, MissingFileError,
               CalibrationError)


def _is_user_error(err: BaseException) -> bool:
    if isinstance(err, USER_ERRORS):
        return True
    return isinstance(err, FileNotFoundError) and err.filename is None


def run_cli(main: Callable[[], None]) -> None:
    """Run ``main``; a user mistake prints ``error: ...`` and exits 2.

    Mistakes are our own error types (:data:`USER_ERRORS`), which name the
    file, the field and the fix; anything else keeps its traceback.
    """
    try:
        main()
    except Exception as err:  # re-raised unless a user error
        if not _is_user_error(err):
            raise
        msg = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f'error: {msg}', file=sys.stderr)
        sys.exit(2)
    finally:
        _close_process_group()


def _close_process_group() -> None:
    """Destroy the default ``torch.distributed`` group a launcher made.

    Left to interpreter exit, gloo's worker threads can be torn down while
    joinable, and a rank that finished its run aborts with ``terminate
    called without an active exception`` (SIGABRT), which fails
    ``tools/dist_train.sh`` after a complete training (seen once in
    ``tests/test_tools/test_dist_train.py``). No-op without a group.
    """
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()
