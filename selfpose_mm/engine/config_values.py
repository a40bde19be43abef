"""Check the loop and scheduler *values* of a merged config.

:func:`selfpose_mm.engine.check_config` catches misspelt keys of
``dict(type=...)`` nodes; the loop configs (``train_cfg``, ``val_cfg``,
``test_cfg``) usually have no ``type`` and MMEngine turns a typo or a
string there into a ``TypeError`` deep inside the loop. :func:`check_loops`
reports them as one line naming the config, the field and the fix.
"""
import numbers
from typing import Any, List, Optional, Tuple

from mmengine.config import Config

from .config_check import ConfigKeyError, _accepted_keys, _hint

__all__ = ['ConfigValueError', 'check_loops']


class ConfigValueError(ValueError):
    """A config value of the wrong type or range (message: file, field,
    fix)."""


def _loop_class(cfg: dict, kind: str) -> Optional[type]:
    from mmengine.runner import (EpochBasedTrainLoop, IterBasedTrainLoop,
                                 TestLoop, ValLoop)

    from selfpose_mm.registry import LOOPS
    if isinstance(cfg.get('type'), str):
        try:
            return LOOPS.get(cfg['type'])
        except Exception:  # reported by the registry when built
            return None
    if kind == 'train_cfg':
        return (EpochBasedTrainLoop
                if cfg.get('by_epoch', True) else IterBasedTrainLoop)
    return ValLoop if kind == 'val_cfg' else TestLoop


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _train_length(train: dict) -> Tuple[Optional[str], Optional[int], bool]:
    """``(key, value, by_epoch)`` of the training length."""
    by_epoch = bool(train.get('by_epoch', True))
    if 'max_iters' in train:
        return 'max_iters', train['max_iters'], False
    if 'max_epochs' in train:
        return 'max_epochs', train['max_epochs'], True
    return None, None, by_epoch


def _check_loop_keys(source: str, kind: str, loop: dict) -> None:
    cls = _loop_class(loop, kind)
    if cls is None:
        return
    valid = _accepted_keys(cls)
    if valid is None:
        return
    valid = [k for k in valid if k not in ('runner', 'dataloader',
                                           'evaluator')]
    for key in loop:
        if key in ('type', 'by_epoch', '_delete_', '_scope_') or key in valid:
            continue
        raise ConfigKeyError(
            f'{source}: unknown key "{kind}.{key}" for {cls.__name__}.'
            f'{_hint(key, valid)} Valid keys: {", ".join(valid)}.')


def _check_positive(source: str, field: str, value: Any,
                    minimum: int = 1) -> None:
    if not _is_int(value) or value < minimum:
        raise ConfigValueError(
            f'{source}: {field} must be an integer >= {minimum}, got '
            f'{value!r}; fix it in the config or with --cfg-options '
            f'{field}=<integer>')


def _schedulers(cfg: Config) -> List[dict]:
    sched = cfg.get('param_scheduler')
    if sched is None:
        return []
    if isinstance(sched, dict):
        # a dict of lists (one per optimizer) or a single scheduler
        if isinstance(sched.get('type'), str):
            return [sched]
        return [s for v in sched.values() if isinstance(v, (list, tuple))
                for s in v]
    return [s for s in sched if isinstance(s, dict)]


def check_loops(cfg: Config) -> None:
    """Raise for wrong keys or values in the loop and scheduler configs.

    * ``train_cfg``/``val_cfg``/``test_cfg`` keys against the loop class's
      signature (``max_iter`` → "Did you mean max_iters?");
    * ``max_iters``/``max_epochs``/``val_interval`` integers >= 1,
      ``val_begin`` >= 0;
    * every parameter scheduler in the training loop's unit must begin
      before training ends.

    Args:
        cfg (Config): The merged config.

    Raises:
        ConfigKeyError: An unknown loop key.
        ConfigValueError: A wrong value.
    """
    source = cfg.filename or '<config>'
    for kind in ('train_cfg', 'val_cfg', 'test_cfg'):
        loop = cfg.get(kind)
        if isinstance(loop, dict):
            _check_loop_keys(source, kind, loop)
    train = cfg.get('train_cfg')
    if not isinstance(train, dict) or isinstance(train.get('type'), str):
        return
    key, length, by_epoch = _train_length(train)
    if key is not None:
        _check_positive(source, f'train_cfg.{key}', length)
    if 'val_interval' in train:
        _check_positive(source, 'train_cfg.val_interval',
                        train['val_interval'])
    if 'val_begin' in train:
        _check_positive(source, 'train_cfg.val_begin', train['val_begin'], 0)
    if key is None:
        return
    for i, sched in enumerate(_schedulers(cfg)):
        if bool(sched.get('by_epoch', True)) != by_epoch:
            continue  # other unit: its length depends on the dataset
        begin = sched.get('begin', 0)
        if not _is_int(begin) and not isinstance(begin, float):
            raise ConfigValueError(
                f'{source}: param_scheduler[{i}].begin must be a number, '
                f'got {begin!r}')
        if begin >= length:
            unit = 'epoch' if by_epoch else 'iteration'
            raise ConfigValueError(
                f'{source}: param_scheduler[{i}] ({sched.get("type")}) '
                f'begins at {unit} {begin}, but training stops at '
                f'train_cfg.{key}={length}, so it would never run; lower '
                f'its begin/end or raise train_cfg.{key}')
