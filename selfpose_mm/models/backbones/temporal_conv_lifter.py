"""VideoPose3D's temporal convolution network, one module, two forms."""
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import Tensor, nn

from selfpose_mm.models.utils.compute_precision import (net_autocast,
                                                        resolve_compute_dtype)
from selfpose_mm.registry import MODELS

__all__ = ['TemporalConvLifter', 'temporal_pads']


def temporal_pads(kernel_sizes: Sequence[int]) -> Tuple[List[int], int]:
    """Per-layer one-sided pads and the receptive field of a TCN.

    ``pad[0] = k0 // 2`` and ``pad[i] = (k_i - 1) * D_i / 2`` with the
    dilation ``D_i = k_0 * ... * k_{i-1}``; the receptive field
    ``1 + 2 * sum(pad) = prod(k)``.

    Examples:
        >>> temporal_pads((3, 3, 3))
        ([1, 3, 9], 27)
    """
    if not kernel_sizes or any(k < 1 or k % 2 == 0 for k in kernel_sizes):
        raise ValueError(f'kernel_sizes must be odd and >= 1, got '
                         f'{list(kernel_sizes)}')
    pads, dil = [kernel_sizes[0] // 2], kernel_sizes[0]
    for k in kernel_sizes[1:]:
        pads.append((k - 1) * dil // 2)
        dil *= k
    return pads, 1 + 2 * sum(pads)


@MODELS.register_module()
class TemporalConvLifter(BaseModule):
    """Temporal convolutions over 2D keypoint sequences (VideoPose3D).

    A stem ``Conv1d(J*C -> channels, k0)`` + BN + ReLU + dropout, then one
    residual block per further kernel size: a ``k_i`` conv (dilation
    ``D_i`` = product of the previous kernel sizes) and a 1x1 conv, each
    with BN, ReLU and dropout, plus the centre-sliced input. Convolutions
    have no bias (BN follows), so the parameters equal VideoPose3D's
    ``TemporalModel`` / mmpose's ``TCN`` layer by layer.

    **One set of weights, two forms.** With an input of exactly the
    receptive field (single-frame training batches) the forward runs the
    *strided* form (VideoPose3D's ``TemporalModelOptimized1f``: stride
    ``k_i``, no dilation, strided residual slices), which skips every
    intermediate frame the single output does not need; any other length
    runs the *dilated* form (valid convolutions, ``T_out = T_in - RF + 1``),
    used on whole videos. Both give the same output for the same input
    (tested), so no weight copying between a training and an inference
    model is needed.

    ``causal=True`` shifts the residual slices to the last frame of each
    window (the data pipeline then pads ``2 * pad`` past frames).

    **Why not mmpose's** ``TCN`` (``mmpose/models/backbones/tcn.py``). It
    is the same network: the same layers in the same order (stem conv +
    BN + ReLU + dropout, blocks of a ``k_i`` conv and a 1x1 conv, each
    with BN, ReLU and dropout, plus the sliced residual, causal shifts
    included), the same parameters, and with the same weights the same
    output in both of its forms (``test_matches_mmpose_tcn``;
    :meth:`mmpose_tcn_state_dict` converts the weights). What differs, and
    why we keep our own module:

    1. *Form chosen per call, not per model.* mmpose fixes
       ``use_stride_conv`` at construction, so training on single-frame
       windows (strided) and testing on whole videos (dilated) needs two
       models and a weight copy (VideoPose3D copies ``model_pos_train``
       into ``model_pos`` every epoch). Ours picks the strided form when
       the input has exactly ``receptive_field`` frames, the dilated form
       otherwise, so the Runner's one model does both.
    2. *Strided form as a matmul.* A width-``k`` stride-``k`` conv is run
       as ``F.linear`` on the ``k`` taps concatenated along channels, about
       1.5x faster than ``Conv1d`` forward + backward on CPU for these
       shapes. Same function, different summation order, so it matches
       mmpose's ``Conv1d`` to float rounding (tests use ``atol=1e-5``),
       not bit for bit.
    3. *BatchNorm folded at eval.* The dilated form in eval mode folds each
       BN into its conv (one conv + ReLU per layer instead of conv, BN,
       ReLU). mmpose always runs ``ConvModule`` (conv → BN → ReLU). Same
       function to float rounding (``test_folded_batchnorm_equals_modules``).
    4. *Initialisation.* mmpose's ``ConvModule`` re-initialises each conv
       at construction with mmcv's ``kaiming_init`` (normal, ``fan_out``)
       and ``TCN.__init__`` drops its own ``init_cfg`` (it calls
       ``super().__init__()`` without it). Ours keeps PyTorch's default
       init, as VideoPose3D, and honours ``init_cfg``.
    5. *BatchNorm momentum decay.* ``bn_momentum`` and
       :meth:`set_bn_momentum` let ``BNMomentumDecayHook`` decay the
       momentum as VideoPose3D does (0.1 to 0.001); mmpose has no hook.
    6. *Interface.* Ours takes ``(B, T, J, C)`` (joint-major channels) or
       ``(B, J*C, T)`` and returns one tensor ``(B, channels, T - RF + 1)``
       (what our heads read), raising ``ValueError`` with a message on a
       wrong shape or a too-short input; mmpose takes ``(B, J*C, T)``,
       returns a tuple of every block's output and asserts.
       ``BaseBackbone.train`` returns ``None``, so ``TCN(...).eval()``
       cannot be chained.
    7. *Options not needed.* mmpose's ``max_norm`` weight clipping,
       ``residual=False`` and ``conv_cfg``/``norm_cfg`` are not in
       VideoPose3D and not here.
    8. *Parameter names.* ``expand_conv.weight``, ``expand_bn.*``,
       ``block_convs.<n>``, ``block_bns.<n>`` (mmpose:
       ``expand_conv.conv.weight``, ``tcn_blocks.<i>.conv1.0.conv.weight``
       ...); our trained checkpoints keep these names.

    Args:
        in_channels (int): ``J_in * C_in`` (e.g. 17 * 2).
        channels (int): Feature width. Defaults to 1024.
        kernel_sizes (Sequence[int]): Odd filter widths; receptive field =
            their product. Defaults to ``(3, 3, 3)`` (27 frames).
        dropout (float): Dropout probability. Defaults to 0.25.
        causal (bool): Causal model. Defaults to False.
        bn_momentum (float): Initial BatchNorm momentum (decayed by
            ``BNMomentumDecayHook``). Defaults to 0.1.
        compute_dtype (str, optional): ``'bfloat16'`` runs the convolutions
            and matmuls under autocast (``'float16'`` on GPUs); the output
            is float32. In eval the dilated form then runs as token
            matmuls (each width-k dilated conv is one matmul of the k
            shifted taps concatenated along channels), which oneDNN's
            bfloat16 kernels run about 4x faster than the float32 conv on
            CPUs with AMX (``benchmarks/bench_videopose3d.py``). None
            (default): float32.
        init_cfg (dict, optional): MMEngine init config (PyTorch's default
            init, as VideoPose3D, when None).

    Examples:
        >>> net = TemporalConvLifter(34, channels=16).eval()
        >>> net(torch.zeros(2, 27, 17, 2)).shape
        torch.Size([2, 16, 1])
        >>> net(torch.zeros(1, 100, 17, 2)).shape
        torch.Size([1, 16, 74])
    """

    def __init__(self,
                 in_channels: int,
                 channels: int = 1024,
                 kernel_sizes: Sequence[int] = (3, 3, 3),
                 dropout: float = 0.25,
                 causal: bool = False,
                 bn_momentum: float = 0.1,
                 compute_dtype: Optional[str] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.compute_dtype = resolve_compute_dtype(
            compute_dtype, 'TemporalConvLifter.compute_dtype')
        self.kernel_sizes = tuple(int(k) for k in kernel_sizes)
        self.pads, self.receptive_field = temporal_pads(self.kernel_sizes)
        self.in_channels = in_channels
        self.channels = channels
        self.causal = causal
        k0 = self.kernel_sizes[0]
        self.expand_conv = nn.Conv1d(in_channels, channels, k0, bias=False)
        self.expand_bn = nn.BatchNorm1d(channels, momentum=bn_momentum)
        self.block_convs = nn.ModuleList()
        self.block_bns = nn.ModuleList()
        self.dilations: List[int] = []
        dil = k0
        for k in self.kernel_sizes[1:]:
            self.dilations.append(dil)
            self.block_convs.append(nn.Conv1d(channels, channels, k,
                                              bias=False))
            self.block_bns.append(nn.BatchNorm1d(channels,
                                                 momentum=bn_momentum))
            self.block_convs.append(nn.Conv1d(channels, channels, 1,
                                              bias=False))
            self.block_bns.append(nn.BatchNorm1d(channels,
                                                 momentum=bn_momentum))
            dil *= k
        self.drop = nn.Dropout(dropout)

    def mmpose_tcn_state_dict(self) -> Dict[str, Tensor]:
        """These weights under mmpose's ``TCN`` parameter names.

        Load it into ``TCN(in_channels, stem_channels=channels,
        num_blocks=len(kernel_sizes) - 1, kernel_sizes=kernel_sizes,
        causal=causal)``; that model's last output then equals ours.
        """
        sd = {'expand_conv.conv.weight': self.expand_conv.weight}
        for k, v in self.expand_bn.state_dict().items():
            sd[f'expand_conv.bn.{k}'] = v
        for i in range(len(self.kernel_sizes) - 1):
            for j, name in ((0, 'conv1'), (1, 'conv2')):
                pre = f'tcn_blocks.{i}.{name}.0'
                sd[f'{pre}.conv.weight'] = self.block_convs[2 * i + j].weight
                for k, v in self.block_bns[2 * i + j].state_dict().items():
                    sd[f'{pre}.bn.{k}'] = v
        return {k: v.detach().clone() for k, v in sd.items()}

    def set_bn_momentum(self, momentum: float) -> None:
        """Set the momentum of every BatchNorm layer."""
        self.expand_bn.momentum = momentum
        for bn in self.block_bns:
            bn.momentum = momentum

    def _act(self, x: Tensor, bn: nn.BatchNorm1d) -> Tensor:
        """BN + ReLU + dropout on tokens ``(B, T, C)``."""
        shape = x.shape
        return self.drop(F.relu(bn(x.reshape(-1, shape[-1])))).reshape(shape)

    @staticmethod
    def _taps(conv: nn.Conv1d) -> Tensor:
        """Conv weight ``(O, I, k)`` as a linear map ``(O, k * I)``."""
        w = conv.weight
        return w.permute(0, 2, 1).reshape(w.shape[0], -1)

    def forward(self, x: Tensor) -> Tensor:
        """(B, T, J, C) or (B, J*C, T) → features (B, channels, T - RF + 1).

        Channel order is joint-major (``j * C + c``), as VideoPose3D.
        """
        if x.dim() == 4:
            b, t = x.shape[:2]
            x = x.reshape(b, t, -1).transpose(1, 2)
        if x.dim() != 3 or x.shape[1] != self.in_channels:
            raise ValueError(f'expected (B, T, J, C) with J*C = '
                             f'{self.in_channels} or (B, {self.in_channels}'
                             f', T), got {tuple(x.shape)}')
        if x.shape[-1] < self.receptive_field:
            raise ValueError(f'input has {x.shape[-1]} frames, fewer than '
                             f'the receptive field {self.receptive_field}; '
                             'pad the sequence (TemporalWindow)')
        dtype = x.dtype
        with net_autocast(self.compute_dtype, x.device):
            if x.shape[-1] == self.receptive_field:
                out = self._forward_strided(x)
            else:
                out = self._forward_dilated(x)
        return out.to(dtype)

    # The strided (training) form runs on tokens (B, T, C): a width-k,
    # stride-k convolution is one matmul of the k taps concatenated along
    # channels, which on CPU is about 1.5x faster than Conv1d forward +
    # backward for these shapes. The dilated (inference) form keeps Conv1d
    # (oneDNN), faster than the unfolded matmul on long sequences.
    def _conv_strided(self, x: Tensor, conv: nn.Conv1d, k: int) -> Tensor:
        b, t, c = x.shape
        return F.linear(x.reshape(b, t // k, k * c), self._taps(conv))

    def _forward_strided(self, x: Tensor) -> Tensor:
        x = x.transpose(1, 2)
        x = self._act(
            self._conv_strided(x, self.expand_conv, self.kernel_sizes[0]),
            self.expand_bn)
        for i, k in enumerate(self.kernel_sizes[1:]):
            shift = k // 2 if self.causal else 0
            res = x[:, shift + k // 2::k]
            y = self._act(
                self._conv_strided(x, self.block_convs[2 * i], k),
                self.block_bns[2 * i])
            y = F.linear(y, self.block_convs[2 * i + 1].weight[..., 0])
            x = res + self._act(y, self.block_bns[2 * i + 1])
        return x.transpose(1, 2)

    def _act_c(self, x: Tensor, bn: nn.BatchNorm1d) -> Tensor:
        """BN + ReLU + dropout on channels-first ``(B, C, T)``."""
        return self.drop(F.relu(bn(x)))

    @staticmethod
    def _fold(conv: nn.Conv1d, bn: nn.BatchNorm1d) -> Tuple[Tensor, Tensor]:
        """Eval-mode BatchNorm folded into the preceding conv: weight
        ``(O, I, k)`` and bias ``(O,)`` with ``bn(conv(x)) == conv'(x)``."""
        scale = bn.weight * torch.rsqrt(bn.running_var + bn.eps)
        bias = bn.bias - bn.running_mean * scale
        if conv.bias is not None:
            bias = bias + conv.bias * scale
        return conv.weight * scale[:, None, None], bias

    def _forward_folded(self, x: Tensor) -> Tensor:
        """The dilated form in eval mode with BatchNorm folded into the
        convolutions (one conv + in-place ReLU per layer; dropout is the
        identity in eval), about a third fewer passes over the features."""
        w, b = self._fold(self.expand_conv, self.expand_bn)
        x = F.conv1d(x, w, b).relu_()
        for i, (k, dil) in enumerate(zip(self.kernel_sizes[1:],
                                         self.dilations)):
            pad = self.pads[i + 1]
            shift = (k // 2) * dil if self.causal else 0
            res = x[:, :, pad + shift:x.shape[2] - pad + shift]
            w, b = self._fold(self.block_convs[2 * i], self.block_bns[2 * i])
            y = F.conv1d(x, w, b, dilation=dil).relu_()
            w, b = self._fold(self.block_convs[2 * i + 1],
                              self.block_bns[2 * i + 1])
            x = res + F.conv1d(y, w, b).relu_()
        return x

    def _forward_folded_tokens(self, x: Tensor) -> Tensor:
        """:meth:`_forward_folded` on tokens ``(B, T, C)``: each width-k
        dilated conv is one ``F.linear`` of its k shifted taps concatenated
        along channels. The fast form under a reduced ``compute_dtype``
        (oneDNN's bfloat16 matmul); in float32 ``Conv1d`` is faster on
        long sequences."""
        def taps(h: Tensor, k: int, dil: int) -> Tensor:
            t = h.shape[1] - (k - 1) * dil
            return torch.cat([h[:, j * dil:j * dil + t] for j in range(k)],
                             -1)

        w, b = self._fold(self.expand_conv, self.expand_bn)
        h = F.linear(taps(x.transpose(1, 2), self.kernel_sizes[0], 1),
                     w.permute(0, 2, 1).flatten(1), b).relu_()
        for i, (k, dil) in enumerate(zip(self.kernel_sizes[1:],
                                         self.dilations)):
            pad = self.pads[i + 1]
            shift = (k // 2) * dil if self.causal else 0
            res = h[:, pad + shift:h.shape[1] - pad + shift]
            w, b = self._fold(self.block_convs[2 * i], self.block_bns[2 * i])
            y = F.linear(taps(h, k, dil), w.permute(0, 2, 1).flatten(1),
                         b).relu_()
            w, b = self._fold(self.block_convs[2 * i + 1],
                              self.block_bns[2 * i + 1])
            h = res + F.linear(y, w[..., 0], b).relu_()
        return h.transpose(1, 2)

    def _forward_dilated(self, x: Tensor) -> Tensor:
        if not self.training and all(
                bn.track_running_stats and bn.affine and not bn.training
                for bn in [self.expand_bn, *self.block_bns]):
            if self.compute_dtype is not None:
                return self._forward_folded_tokens(x)
            return self._forward_folded(x)
        return self._forward_modules(x)

    def _forward_modules(self, x: Tensor) -> Tensor:
        """The dilated form layer by layer (training mode, or BatchNorm
        without running statistics)."""
        x = self._act_c(self.expand_conv(x), self.expand_bn)
        for i, (k, dil) in enumerate(zip(self.kernel_sizes[1:],
                                         self.dilations)):
            pad = self.pads[i + 1]
            shift = (k // 2) * dil if self.causal else 0
            res = x[:, :, pad + shift:x.shape[2] - pad + shift]
            conv, conv1 = self.block_convs[2 * i], self.block_convs[2 * i + 1]
            y = self._act_c(F.conv1d(x, conv.weight, dilation=dil),
                            self.block_bns[2 * i])
            x = res + self._act_c(conv1(y), self.block_bns[2 * i + 1])
        return x
