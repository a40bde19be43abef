"""Utilities: mmcv compatibility, dataset meta lookup, registration."""
from .metainfo import (DATASET_META_DIR, get_dataset_meta,
                       list_dataset_metas, resolve_dataset_meta_path)
from .mmcv_compat import (MissingOpError, has_compiled_mmcv,
                          install_mmcv_ops_stub)
from .safe_load import (RestrictedUnpickler, UnsafeFileError,
                        checkpoint_safe_globals, load_restricted_pickle,
                        register_safe_checkpoint_loader,
                        restricted_pickle_load, safe_np_load, safe_torch_load)
from .setup_env import register_all_modules

__all__ = [
    'DATASET_META_DIR', 'get_dataset_meta', 'list_dataset_metas',
    'resolve_dataset_meta_path', 'MissingOpError', 'has_compiled_mmcv',
    'install_mmcv_ops_stub', 'register_all_modules', 'RestrictedUnpickler',
    'UnsafeFileError', 'checkpoint_safe_globals', 'load_restricted_pickle',
    'register_safe_checkpoint_loader', 'restricted_pickle_load',
    'safe_np_load', 'safe_torch_load'
]
