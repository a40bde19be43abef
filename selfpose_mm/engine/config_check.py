"""Catch unknown config keys before the Runner swallows or misreports them.

MMEngine passes unknown top-level keys silently to nowhere, and a misspelt
argument of a registered class surfaces as a bare ``TypeError`` far from
the config. :func:`check_config` walks the merged config and raises
:class:`ConfigKeyError` naming the config file, the dotted field and the
closest valid spelling.
"""
import difflib
import inspect
from typing import Any, Iterator, List, Optional, Tuple

from mmengine.config import Config
from mmengine.registry import Registry

__all__ = ['ConfigKeyError', 'check_config', 'RUNNER_KEYS']

#: Top-level keys that ``Runner.from_cfg`` and our tools read.
RUNNER_KEYS = (
    'model', 'work_dir', 'train_dataloader', 'val_dataloader',
    'test_dataloader', 'train_cfg', 'val_cfg', 'test_cfg', 'auto_scale_lr',
    'optim_wrapper', 'param_scheduler', 'val_evaluator', 'test_evaluator',
    'default_hooks', 'custom_hooks', 'data_preprocessor', 'load_from',
    'resume', 'launcher', 'env_cfg', 'log_processor', 'log_level',
    'visualizer', 'default_scope', 'randomness', 'experiment_name', 'cfg',
    'model_wrapper_cfg', 'find_unused_parameters', 'sync_bn',
    'custom_imports', 'vis_backends', 'backend_args', 'compile', 'strategy')


class ConfigKeyError(KeyError):
    """An unknown or misspelt key in a config file."""

    def __str__(self) -> str:  # KeyError quotes its message; we don't.
        return str(self.args[0])


def _registries() -> dict:
    from selfpose_mm import registry as r
    return dict(
        model=[r.MODELS, r.KEYPOINT_CODECS, r.TASK_UTILS],
        dataloader=[r.DATASETS, r.DATA_SAMPLERS, r.TRANSFORMS, r.MODELS],
        evaluator=[r.METRICS, r.EVALUATORS],
        hooks=[r.HOOKS],
        optim_wrapper=[r.OPTIM_WRAPPERS, r.OPTIMIZERS],
        param_scheduler=[r.PARAM_SCHEDULERS],
        visualizer=[r.VISUALIZERS, r.VISBACKENDS],
        log_processor=[r.LOG_PROCESSORS],
        model_wrapper_cfg=[r.MODEL_WRAPPERS],
        codec=[r.KEYPOINT_CODECS],
    )


def _family(top_key: str) -> str:
    if top_key.endswith('dataloader') or top_key.endswith('pipeline'):
        return 'dataloader'
    if top_key.endswith('evaluator'):
        return 'evaluator'
    if top_key.endswith('hooks'):
        return 'hooks'
    return top_key


def _walk(node: Any, path: str) -> Iterator[Tuple[str, dict]]:
    """Yield ``(dotted_path, dict)`` for every dict that has a ``type``."""
    if isinstance(node, dict):
        if isinstance(node.get('type'), str):
            yield path, node
        for key, value in node.items():
            yield from _walk(value, f'{path}.{key}' if path else str(key))
    elif isinstance(node, (list, tuple)):
        for i, value in enumerate(node):
            yield from _walk(value, f'{path}[{i}]')


def _resolve(type_name: str, registries: List[Registry]) -> Optional[type]:
    for reg in registries:
        try:
            obj = reg.get(type_name)
        except Exception:  # a broken lazy import is reported by the Runner
            obj = None
        if obj is not None:
            return obj
    return None


def _accepted_keys(obj: Any) -> Optional[List[str]]:
    """Keyword names ``obj`` accepts, or ``None`` if it takes anything.

    A class whose ``__init__`` forwards ``**kwargs`` to its base is followed
    along the MRO until an ``__init__`` with an explicit signature ends the
    chain (``SyntheticLiftingDataset`` -> ``BaseDataset``).
    """
    targets = [c.__init__ for c in obj.__mro__
               if '__init__' in vars(c)] if inspect.isclass(obj) else [obj]
    names: List[str] = []
    for target in targets:
        try:
            sig = inspect.signature(target)
        except (TypeError, ValueError):
            return None
        open_ended = False
        for p in sig.parameters.values():
            if p.kind is inspect.Parameter.VAR_KEYWORD:
                open_ended = True
            elif p.name != 'self' and p.name not in names:
                names.append(p.name)
        if not open_ended:
            return names
    return None


def _hint(key: str, valid: List[str]) -> str:
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ''


def check_config(cfg: Config, strict_top_level: bool = True) -> None:
    """Raise :class:`ConfigKeyError` for unknown keys in ``cfg``.

    Two checks:

    * a top-level key that is not a Runner key but is a near miss of one
      (``train_dataloder``) is an error (other top-level names are config
      variables such as ``codec`` or ``data_root`` and are allowed);
    * every ``dict(type=X, ...)`` whose class ``X`` has an explicit
      signature (no ``**kwargs``) may only use that signature's names
      (``type``, ``_scope_`` and ``_delete_`` aside).

    Must run inside the config's default scope (tools call
    ``init_default_scope`` first).

    Args:
        cfg (Config): A merged config (``Config.fromfile``).
        strict_top_level (bool): Check the top-level near misses.
            Defaults to ``True``.
    """
    source = cfg.filename or '<config>'
    if strict_top_level:
        for key in cfg.keys():
            if key in RUNNER_KEYS or key.startswith('_'):
                continue
            close = difflib.get_close_matches(
                key, RUNNER_KEYS, n=1, cutoff=0.85)
            if close:
                raise ConfigKeyError(
                    f'{source}: unknown top-level key "{key}". Did you '
                    f'mean "{close[0]}"? Rename it, or pick a name that '
                    'is not a near miss of a Runner key.')
    families = _registries()
    for top_key in cfg.keys():
        regs = families.get(_family(top_key))
        if regs is None:
            continue
        for path, node in _walk(cfg[top_key], top_key):
            obj = _resolve(node['type'], regs)
            if obj is None:
                continue  # unknown types are reported by the registry
            valid = _accepted_keys(obj)
            if valid is None:
                continue
            for key in node.keys():
                if key in ('type', '_scope_', '_delete_') or key in valid:
                    continue
                raise ConfigKeyError(
                    f'{source}: unknown key "{path}.{key}" for '
                    f'type={node["type"]!r}.{_hint(key, valid)} Valid keys: '
                    f'{", ".join(valid)}.')
