"""Network compute precision: autocast scoped to the networks only.

The 3D pipelines mix networks (2D backbones, the attention net, V2V and
plane heads, the temporal lifter) with geometry (projection, soft-argmax,
triangulation, rendering). Mixed precision pays in the networks: on CPUs
with AMX / AVX-512-BF16 oneDNN runs bfloat16 convolutions and matmuls 3-7x
faster than float32 (``benchmarks/bench_steps.py``,
``benchmarks/bench_videopose3d.py``). It must not reach the geometry: a
bfloat16 mantissa has 8 bits, so a world coordinate of 3000 mm would be
rounded to 16 mm. Hence no model-wide ``torch.autocast`` (and not MMEngine's
``AmpOptimWrapper``, which also refuses CPU): each network call runs under
:func:`net_autocast`, and :func:`run_net` returns its output in the input's
dtype, so everything downstream stays float32.
"""
import contextlib
import functools
import warnings
from typing import ContextManager, Dict, Optional, Tuple, Union

import torch
from torch import Tensor, nn

__all__ = ['resolve_compute_dtype', 'net_autocast', 'run_net',
           'FrozenWeightCache', 'COMPUTE_DTYPES']

#: Accepted spellings of ``compute_dtype`` (None = float32, no autocast).
COMPUTE_DTYPES = {
    None: None,
    'float32': None,
    'fp32': None,
    'bfloat16': torch.bfloat16,
    'bf16': torch.bfloat16,
    'float16': torch.float16,
    'fp16': torch.float16,
}


def resolve_compute_dtype(value: Union[str, torch.dtype, None],
                          owner: str = 'compute_dtype'
                          ) -> Optional[torch.dtype]:
    """``'bfloat16'`` / ``'float16'`` / ``'float32'`` / None -> a dtype or
    None (float32).

    Args:
        value: The configured value (a name or a ``torch.dtype``).
        owner (str): Where it was configured, named in the error.

    Raises:
        ValueError: an unknown name, with the valid ones.
    """
    if isinstance(value, torch.dtype):
        value = {torch.float32: None, torch.bfloat16: 'bfloat16',
                 torch.float16: 'float16'}.get(value, str(value))
    if value not in COMPUTE_DTYPES:
        raise ValueError(
            f'{owner}={value!r} is not a compute dtype; use one of '
            f'{sorted(k for k in COMPUTE_DTYPES if k)} or None (float32)')
    return COMPUTE_DTYPES[value]


def net_autocast(dtype: Optional[torch.dtype],
                 device: Union[torch.device, str]) -> ContextManager:
    """``torch.autocast`` on ``device`` at ``dtype``; a no-op for None.

    Raises:
        ValueError: float16 on CPU (use bfloat16 there).
    """
    if dtype is None:
        return contextlib.nullcontext()
    device_type = torch.device(device).type
    if device_type == 'cpu' and dtype == torch.float16:
        raise ValueError('compute_dtype="float16" is for GPUs; on CPU use '
                         '"bfloat16" (or None for float32)')
    if device_type == 'cpu':
        _warn_if_bf16_is_emulated()
    return torch.autocast(device_type, dtype=dtype)


@functools.lru_cache(maxsize=None)
def _warn_if_bf16_is_emulated() -> None:
    """Once per process: bfloat16 is only fast where oneDNN has native
    kernels (AVX-512-BF16 / AMX); elsewhere it is emulated and slower than
    float32."""
    if not torch.ops.mkldnn._is_mkldnn_bf16_supported():
        warnings.warn('compute_dtype="bfloat16": this CPU has no native '
                      'bfloat16 kernels (oneDNN reports none), so it will '
                      'likely be slower than float32; set compute_dtype=None')


def run_net(net: nn.Module,
            x: Tensor,
            dtype: Optional[torch.dtype] = None,
            channels_last: bool = False) -> Tensor:
    """``net(x)`` at the compute ``dtype``, returned in ``x.dtype``.

    A 4D / 5D input is made channels-last when asked, and always under a
    reduced dtype: oneDNN's bfloat16 kernels are the NHWC / NDHWC ones
    (about 4x over the NCHW bfloat16 path for a ResNet-50 on 960x512).
    mmpose backbones return tuples: the first tensor is taken.

    Args:
        net (nn.Module): The network.
        x (Tensor): ``(N, C, ...)`` input, float32.
        dtype (torch.dtype, optional): Compute dtype; None = float32.
        channels_last (bool): Channels-last input also in float32.

    Returns:
        Tensor: The output, in ``x.dtype``.
    """
    if (channels_last or dtype is not None) and x.dim() in (4, 5):
        x = x.contiguous(memory_format=torch.channels_last if x.dim() == 4
                         else torch.channels_last_3d)
    with net_autocast(dtype, x.device):
        out = net(x)
    if isinstance(out, (tuple, list)):
        out = out[0]
    return out.to(x.dtype)


class FrozenWeightCache:
    """Reduced-precision copies of frozen networks' weight matrices.

    Autocast casts a weight to bfloat16 on every call unless it is a leaf
    that requires grad; a frozen 2D backbone run one image per call
    (``VoxelPose.backbone_chunk``) would be recast 15 times per training
    step, which measured ~0.36 s of a 2.0 s step at half the Panoptic
    shapes. This cache holds one copy of every parameter with more than
    one dimension (convolution and linear weights; BatchNorm stays
    float32) per module and rebuilds it when any of them changes (data
    pointer or in-place version counter, e.g. after ``load_state_dict``
    or ``.to(device)``). Memory: the weights once more at the reduced width
    (ResNet-50: 50 MB).
    """

    def __init__(self) -> None:
        self._cache: Dict[int, Tuple[Tuple, Dict[str, Tensor]]] = {}

    def get(self, module: nn.Module, dtype: torch.dtype) -> Dict[str, Tensor]:
        """``{name: weight.to(dtype)}`` for ``torch.func.functional_call``."""
        named = [(n, p) for n, p in module.named_parameters() if p.dim() > 1]
        key = (dtype, ) + tuple(
            (p.data_ptr(), p._version, p.device) for _, p in named)
        hit = self._cache.get(id(module))
        if hit is None or hit[0] != key:
            hit = (key, {n: p.detach().to(dtype) for n, p in named})
            self._cache[id(module)] = hit
        return hit[1]

    def __call__(self, module: nn.Module, dtype: torch.dtype, *args):
        """``module(*args)`` with the cached weights."""
        return torch.func.functional_call(module, self.get(module, dtype),
                                          args, strict=False)
