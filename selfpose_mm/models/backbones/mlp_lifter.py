"""Residual MLP lifter backbone (Martinez et al., ICCV 2017 style)."""
import torch
from mmengine.model import BaseModule
from torch import Tensor, nn

from selfpose_mm.registry import MODELS

__all__ = ['MLPLifterBackbone']


class _ResidualBlock(nn.Module):
    """Two Linear-BN-ReLU-Dropout layers with a skip connection."""

    def __init__(self, channels: int, dropout: float) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(channels, channels), nn.BatchNorm1d(channels),
            nn.ReLU(inplace=True), nn.Dropout(dropout),
            nn.Linear(channels, channels), nn.BatchNorm1d(channels),
            nn.ReLU(inplace=True), nn.Dropout(dropout))

    def forward(self, x: Tensor) -> Tensor:
        return x + self.layers(x)


@MODELS.register_module()
class MLPLifterBackbone(BaseModule):
    """Fully connected residual network over flattened 2D keypoints.

    Note:
        - B: batch size, K: joints.

    Args:
        in_channels (int): Input features per sample (``K * 2``).
        channels (int): Hidden width. Defaults to 1024.
        num_blocks (int): Residual blocks. Defaults to 2.
        dropout (float): Dropout probability. Defaults to 0.25.
        init_cfg (dict, optional): MMEngine init config.

    Examples:
        >>> net = MLPLifterBackbone(in_channels=30, channels=64)
        >>> net(torch.zeros(4, 15, 2)).shape
        torch.Size([4, 64])
    """

    def __init__(self,
                 in_channels: int,
                 channels: int = 1024,
                 num_blocks: int = 2,
                 dropout: float = 0.25,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.in_channels = in_channels
        self.stem = nn.Sequential(
            nn.Linear(in_channels, channels), nn.BatchNorm1d(channels),
            nn.ReLU(inplace=True), nn.Dropout(dropout))
        self.blocks = nn.Sequential(
            *[_ResidualBlock(channels, dropout) for _ in range(num_blocks)])

    def forward(self, x: Tensor) -> Tensor:
        """Map (B, K, 2) or (B, K*2) inputs to (B, C) features."""
        x = x.flatten(1)
        if x.shape[1] != self.in_channels:
            raise ValueError(f'MLPLifterBackbone expects {self.in_channels} '
                             f'input features, got {x.shape[1]}')
        return self.blocks(self.stem(x))
