"""Transformer sequence lifter backbone with a positional encoding."""
import math
from typing import Optional

import torch
from mmengine.model import BaseModule
from torch import Tensor, nn

from selfpose_mm.registry import MODELS

__all__ = ['TransformerLifterBackbone', 'sinusoidal_encoding']


def sinusoidal_encoding(length: int, dims: int) -> Tensor:
    """Fixed sine/cosine positional table ``(length, dims)`` (Vaswani et
    al.): ``PE[t, 2i] = sin(t / 10000^(2i/d))``, ``PE[t, 2i+1] = cos(...)``.
    """
    pos = torch.arange(length, dtype=torch.float32)[:, None]
    div = torch.exp(
        torch.arange(0, dims, 2, dtype=torch.float32) *
        (-math.log(10000.) / dims))
    pe = torch.zeros(length, dims)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)[:, :dims // 2]
    return pe


@MODELS.register_module()
class TransformerLifterBackbone(BaseModule):
    """Self-attention over a window of 2D poses; features of its centre.

    Each frame's 2D pose ``(J, 2)`` is embedded by a Linear layer, scaled by
    ``sqrt(C)``, summed with a positional encoding **over the time axis**
    (``'sinusoidal'`` fixed table or ``'learned'``; indexed by the token
    position, never by the batch), and passed through a pre-LN transformer
    encoder. The centre token's feature is the output, so the backbone is
    seq-to-one with receptive field ``seq_len`` and plugs into
    ``VideoPoseLifter`` like ``TemporalConvLifter``:

    - input ``(B, seq_len, J, 2)`` → ``(B, C, 1)`` (training windows);
    - input ``(B, T_in, J, 2)`` with ``T_in > seq_len`` → ``(B, C,
      T_in - seq_len + 1)``: every window of ``seq_len`` frames (whole
      edge-padded videos at evaluation), batched.

    Note:
        - B: batch, T: frames, J: joints, C: ``embed_dims``.

    Args:
        in_channels (int): ``J * 2``.
        seq_len (int): Window length (odd). Defaults to 27.
        embed_dims (int): Token width C. Defaults to 256.
        num_layers (int): Encoder layers. Defaults to 2.
        num_heads (int): Attention heads (must divide C). Defaults to 4.
        ffn_dims (int): Feed-forward width. Defaults to 512.
        dropout (float): Dropout in the encoder and after the embedding.
            Defaults to 0.1.
        pos_encoding (str): ``'sinusoidal'``, ``'learned'`` or ``'none'``
            (ablation only: attention is then permutation-equivariant).
        init_cfg (dict, optional): MMEngine init config.

    Examples:
        >>> net = TransformerLifterBackbone(30, seq_len=9, embed_dims=32)
        >>> net(torch.zeros(2, 9, 15, 2)).shape
        torch.Size([2, 32, 1])
        >>> net(torch.zeros(1, 20, 15, 2)).shape
        torch.Size([1, 32, 12])
    """

    POS_ENCODINGS = ('sinusoidal', 'learned', 'none')

    def __init__(self,
                 in_channels: int,
                 seq_len: int = 27,
                 embed_dims: int = 256,
                 num_layers: int = 2,
                 num_heads: int = 4,
                 ffn_dims: int = 512,
                 dropout: float = 0.1,
                 pos_encoding: str = 'sinusoidal',
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if seq_len < 1 or seq_len % 2 == 0:
            raise ValueError(f'seq_len must be odd and >= 1, got {seq_len}')
        if embed_dims % num_heads:
            raise ValueError(f'num_heads {num_heads} must divide embed_dims '
                             f'{embed_dims}')
        if pos_encoding not in self.POS_ENCODINGS:
            raise ValueError(f'pos_encoding must be one of '
                             f'{self.POS_ENCODINGS}, got {pos_encoding!r}')
        self.in_channels = in_channels
        self.seq_len = seq_len
        self.receptive_field = seq_len
        self.embed_dims = embed_dims
        self.pos_encoding = pos_encoding
        self.embed = nn.Linear(in_channels, embed_dims)
        self.drop = nn.Dropout(dropout)
        if pos_encoding == 'learned':
            self.pos_embed = nn.Parameter(
                0.02 * torch.randn(seq_len, embed_dims))
        else:
            self.register_buffer(
                'pos_embed',
                sinusoidal_encoding(seq_len, embed_dims) *
                float(pos_encoding == 'sinusoidal'),
                persistent=False)
        layer = nn.TransformerEncoderLayer(
            embed_dims,
            num_heads,
            ffn_dims,
            dropout,
            batch_first=True,
            norm_first=True)
        self.encoder = nn.TransformerEncoder(
            layer, num_layers, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(embed_dims)

    def encode_windows(self, x: Tensor) -> Tensor:
        """Windows ``(N, seq_len, J, 2)`` → centre features ``(N, C)``."""
        tokens = self.embed(x.flatten(2)) * math.sqrt(self.embed_dims)
        tokens = self.drop(tokens + self.pos_embed[None])  # over time axis
        out = self.encoder(tokens)
        return self.norm(out[:, self.seq_len // 2])

    def forward(self, x: Tensor) -> Tensor:
        """``(B, T_in, J, 2)`` → ``(B, C, T_in - seq_len + 1)``."""
        if x.dim() != 4 or x.shape[2] * x.shape[3] != self.in_channels:
            raise ValueError(f'TransformerLifterBackbone expects (B, T, J, '
                             f'2) with J*2 = {self.in_channels}, got '
                             f'{tuple(x.shape)}')
        b, t = x.shape[:2]
        if t < self.seq_len:
            raise ValueError(f'input has {t} frames < seq_len '
                             f'{self.seq_len}; pad the window')
        # (B, T_out, J, 2, L) → (B * T_out, L, J, 2)
        win = x.unfold(1, self.seq_len, 1).permute(0, 1, 4, 2, 3)
        t_out = win.shape[1]
        feats = self.encode_windows(win.reshape(b * t_out, self.seq_len,
                                                *x.shape[2:]))
        return feats.view(b, t_out, -1).transpose(1, 2)
