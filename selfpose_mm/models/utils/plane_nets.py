"""2D / 1D hourglass networks and the plane-fusion weight net of the
orthographic (Faster VoxelPose-style) heads.

``PlaneHourglass`` is the reference's ``CenterNet`` / ``P2PNet`` (2D) and
``C2CNet`` (1D) topology in one class: a front (Basic conv -> Residual
block), an encoder-decoder with two 2x poolings and additive skips, and a
1x1 output convolution. Two CPU-minded options, off by default so that the
default equals the reference: ``stem_stride=2`` runs the hourglass at half
resolution and restores the full resolution with a transposed convolution
before the output layer (about 4x fewer multiply-adds; the output keeps its
full resolution), and ``mid_channels`` sets the width (reference: 32).

``PlaneWeightNet`` is the reference's ``WeightNet``: per joint and plane, a
small CNN on that plane's logits gives one positive weight; the two planes
that see an axis are averaged with their weights. ``stride=2`` (our
default) makes its first convolution strided (4x cheaper; the reference
uses stride 1 then a 2x max-pool).

Note:
    Shape symbols: N maps, C channels, H/W plane size, L column length.
"""
from typing import Optional

import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import Tensor, nn

from selfpose_mm.registry import MODELS

__all__ = ['PlaneHourglass', 'PlaneWeightNet']

_CONV = {1: nn.Conv1d, 2: nn.Conv2d}
_DECONV = {1: nn.ConvTranspose1d, 2: nn.ConvTranspose2d}
_BN = {1: nn.BatchNorm1d, 2: nn.BatchNorm2d}


def _basic(dims: int, cin: int, cout: int, k: int, stride: int = 1):
    return nn.Sequential(
        _CONV[dims](cin, cout, k, stride=stride, padding=k // 2, bias=False),
        _BN[dims](cout), nn.ReLU(inplace=True))


class _Res(nn.Module):
    """Two 3-wide convolutions with a (1x1 when needed) skip."""

    def __init__(self, dims: int, cin: int, cout: int) -> None:
        super().__init__()
        conv, bn = _CONV[dims], _BN[dims]
        self.body = nn.Sequential(
            conv(cin, cout, 3, padding=1, bias=False), bn(cout),
            nn.ReLU(inplace=True), conv(cout, cout, 3, padding=1,
                                        bias=False), bn(cout))
        self.skip = nn.Identity() if cin == cout else nn.Sequential(
            conv(cin, cout, 1, bias=False), bn(cout))

    def forward(self, x: Tensor) -> Tensor:
        return F.relu(self.body(x) + self.skip(x), inplace=True)


def _up(dims: int, cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        _DECONV[dims](cin, cout, 2, stride=2, bias=False), _BN[dims](cout),
        nn.ReLU(inplace=True))


@MODELS.register_module()
class PlaneHourglass(BaseModule):
    """Hourglass CNN on planes (``dims=2``) or columns (``dims=1``).

    Args:
        in_channels (int): Input channels (joints, or 1 for a root map).
        out_channels (int): Output channels.
        mid_channels (int): Width w; the encoder uses w, 2w, 4w.
            Defaults to 32 (reference).
        dims (int): 2 for ``(N, C, H, W)`` planes, 1 for ``(N, C, L)``
            columns. Defaults to 2.
        stem_stride (int): 1 (reference) or 2 (the hourglass runs at half
            resolution; the output is upsampled back). Defaults to 1.
        head_channels (int, optional): Hidden width of a 3x3 conv + ReLU
            before the 1x1 output (the reference's root heads use w); None
            means the 1x1 output alone (P2PNet). Defaults to None.
        upsample (int): Learned 2x up-samplings (transposed convolutions)
            before the output: the output is ``2 ** upsample`` times the
            input size. Lets a cube sampled at 32³ give 64x64 output
            planes (31.7 mm cells on 2 m). Defaults to 0.
        init_cfg (dict, optional): MMEngine init config.

    Input sizes must be divisible by ``4 * stem_stride``.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 mid_channels: int = 32,
                 dims: int = 2,
                 stem_stride: int = 1,
                 head_channels: Optional[int] = None,
                 upsample: int = 0,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if dims not in (1, 2):
            raise ValueError(f'PlaneHourglass: dims must be 1 or 2, got '
                             f'{dims}')
        if stem_stride not in (1, 2):
            raise ValueError(f'PlaneHourglass: stem_stride must be 1 or 2, '
                             f'got {stem_stride}')
        w, d = int(mid_channels), int(dims)
        self.dims, self.stem_stride = d, int(stem_stride)
        self.front = nn.Sequential(
            _basic(d, in_channels, max(w // 2, 1), 7, self.stem_stride),
            _Res(d, max(w // 2, 1), w))
        self.skip1, self.down1 = _Res(d, w, w), _Res(d, w, 2 * w)
        self.skip2, self.down2 = _Res(d, 2 * w, 2 * w), _Res(d, 2 * w, 4 * w)
        self.middle = nn.Sequential(_Res(d, 4 * w, 4 * w),
                                    _Res(d, 4 * w, 4 * w))
        self.up2, self.post2 = _up(d, 4 * w, 2 * w), _Res(d, 2 * w, 2 * w)
        self.up1 = _up(d, 2 * w, w)
        self.restore = _up(d, w, w) if self.stem_stride == 2 else None
        self.upsample = nn.Sequential(
            *[_up(d, w, w) for _ in range(int(upsample))])
        self.scale = 2**int(upsample)
        conv = _CONV[d]
        if head_channels:
            self.out = nn.Sequential(
                conv(w, head_channels, 3, padding=1), nn.ReLU(inplace=True),
                conv(head_channels, out_channels, 1))
        else:
            self.out = conv(w, out_channels, 1)
        self.divisor = 4 * self.stem_stride
        # near-zero output at the start (reference: N(0, 0.001), zero
        # bias): a soft-argmax with beta = 100 over O(1) random logits is a
        # saturated argmax of noise with vanishing gradients
        last = self.out[-1] if isinstance(self.out, nn.Sequential) \
            else self.out
        nn.init.normal_(last.weight, std=1e-3)
        nn.init.zeros_(last.bias)

    def forward(self, x: Tensor) -> Tensor:
        """``(N, C_in, *S)`` -> ``(N, C_out, *S)``."""
        if any(int(s) % self.divisor for s in x.shape[2:]):
            raise ValueError(
                f'PlaneHourglass: spatial size {tuple(x.shape[2:])} must be '
                f'divisible by {self.divisor} (two 2x poolings'
                f'{" after a stride-2 stem" if self.stem_stride == 2 else ""})')
        pool = F.max_pool1d if self.dims == 1 else F.max_pool2d
        x = self.front(x)
        s1 = self.skip1(x)
        y = self.down1(pool(x, 2))
        s2 = self.skip2(y)
        y = self.middle(self.down2(pool(y, 2)))
        y = self.post2(self.up2(y) + s2)
        y = self.up1(y) + s1
        if self.restore is not None:
            y = self.restore(y)
        return self.out(self.upsample(y))


@MODELS.register_module()
class PlaneWeightNet(BaseModule):
    """One positive fusion weight per plane heatmap.

    Args:
        mid_channels (int): Conv width. Defaults to 16.
        hidden (int): Hidden units of the MLP. Defaults to 64.
        stride (int): First conv stride (1 = reference, then a 2x
            max-pool). Defaults to 2.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 mid_channels: int = 16,
                 hidden: int = 64,
                 stride: int = 2,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.conv = nn.Sequential(
            nn.Conv2d(1, mid_channels, 3, stride=stride, padding=1,
                      bias=False), nn.BatchNorm2d(mid_channels),
            nn.ReLU(inplace=True))
        self.pool_first = stride == 1
        self.mlp = nn.Sequential(
            nn.Linear(mid_channels, hidden), nn.ReLU(inplace=True),
            nn.Linear(hidden, 1), nn.Sigmoid())

    def forward(self, logits: Tensor) -> Tensor:
        """``(N, H, W)`` plane logits -> ``(N,)`` weights in (0, 1)."""
        y = self.conv(logits[:, None])
        if self.pool_first:
            y = F.max_pool2d(y, 2)
        return self.mlp(y.mean(dim=(2, 3)))[:, 0]
