"""One place for the MMEngine 0.10.7 work-arounds every tool needs.

* **Resume under torch >= 2.6.** ``torch.load`` defaults to
  ``weights_only=True`` and MMEngine 0.10.7 does not allow the
  ``HistoryBuffer`` its own checkpoints hold. ``import selfpose_mm``
  registers :func:`selfpose_mm.utils.safe_load.load_from_local_safe` as
  MMEngine's local checkpoint loader: still ``weights_only=True``, with an
  allowlist of exactly what Runner checkpoints hold (no environment
  variable, and ``weights_only`` stays on).
* **Distributed on CPU.** ``--launcher pytorch`` makes MMEngine call
  ``torch.cuda.set_device`` unconditionally. Without CUDA we initialise a
  ``gloo`` process group ourselves (``Runner.setup_env`` then skips
  ``init_dist``) and wrap the model with ``device_ids=None``. With CUDA the
  configured backend (NCCL by default) and MMEngine's own path are used
  unchanged.
"""
import os
from datetime import timedelta

import torch
import torch.distributed as torch_dist
from mmengine.config import Config

from ..utils.safe_load import register_safe_checkpoint_loader
from .errors import UsageError

__all__ = ['setup_runtime', 'patch_torch_load']


def patch_torch_load() -> None:
    """Route MMEngine's local checkpoint loads through the safe loader.

    Kept for callers of the old name; ``import selfpose_mm`` already does
    this (:func:`selfpose_mm.utils.safe_load.register_safe_checkpoint_loader`).
    """
    register_safe_checkpoint_loader()


def _init_cpu_process_group(cfg: Config) -> None:
    """Start a ``gloo`` process group from torchrun's environment."""
    if torch_dist.is_initialized():
        return
    missing = [
        k for k in ('RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT')
        if k not in os.environ
    ]
    if missing:
        raise UsageError(
            f'--launcher pytorch needs the variables {missing} that '
            'torchrun sets; start with tools/dist_train.sh CONFIG NPROC.')
    timeout = cfg.get('env_cfg', {}).get('dist_cfg', {}).get('timeout', 1800)
    torch_dist.init_process_group(
        backend='gloo', timeout=timedelta(seconds=timeout))


def setup_runtime(cfg: Config, launcher: str = 'none') -> Config:
    """Apply the resume and CPU-DDP fixes to a config before the Runner.

    Args:
        cfg (Config): The merged config; modified in place.
        launcher (str): ``'none'``, ``'pytorch'``, ``'slurm'`` or ``'mpi'``.

    Returns:
        Config: The same ``cfg``.
    """
    patch_torch_load()
    cfg.launcher = launcher
    if launcher == 'none' or torch.cuda.is_available():
        return cfg
    # CPU-only distributed run.
    env_cfg = cfg.setdefault('env_cfg', {})
    env_cfg.setdefault('dist_cfg', {})['backend'] = 'gloo'
    wrapper = cfg.get('model_wrapper_cfg') or dict(
        type='MMDistributedDataParallel')
    wrapper['device_ids'] = None
    wrapper.setdefault('broadcast_buffers', False)
    cfg.model_wrapper_cfg = wrapper
    _init_cpu_process_group(cfg)
    return cfg
