"""SelfPose3d's adaptive-supervision attention network."""
from typing import Optional, Sequence

import torch
import torch.nn.functional as F
from mmengine.model import BaseModule
from torch import Tensor, nn

from selfpose_mm.models.utils.compute_precision import net_autocast
from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import OptConfigType

__all__ = ['AttentionNet']


@MODELS.register_module()
class AttentionNet(BaseModule):
    """Per-pixel, per-joint weights in (0, 1) for the pseudo 2D targets.

    Image mode (SelfPose3d): a 2D pose network (``backbone`` + ``head``,
    e.g. mmpose ``ResNet(depth=18)`` + ``HeatmapHead``) followed by a
    sigmoid, trained from scratch. Heatmap-input mode (no ``backbone``): a
    small fully convolutional net on the input heatmaps (``num_convs``
    3x3 conv + BN + ReLU layers of ``mid_channels``, then a 1x1 conv). The
    last layer's bias starts at ``init_bias`` so the attention starts near
    ``sigmoid(init_bias)`` (SelfPose3d's zero-ish init gives ~0.5).

    Args:
        in_channels (int): Input channels (3 images, K heatmaps).
        out_channels (int): Joints K.
        backbone (dict, optional): 2D backbone config (image mode).
        head (dict, optional): 2D head config producing K maps.
        mid_channels (int): Width of the small net. Defaults to 16.
        num_convs (int): 3x3 layers of the small net. Defaults to 3.
        init_bias (float): Initial bias of the small net's output.
            Defaults to 0.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 in_channels: int = 15,
                 out_channels: int = 15,
                 backbone: OptConfigType = None,
                 head: OptConfigType = None,
                 mid_channels: int = 16,
                 num_convs: int = 3,
                 init_bias: float = 0.,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        if (backbone is None) != (head is None):
            raise ValueError('AttentionNet: give both backbone and head '
                             '(image mode) or neither (small conv net)')
        self.backbone = MODELS.build(backbone) if backbone else None
        self.head = MODELS.build(head) if head else None
        self.out_channels = int(out_channels)
        #: network precision; set by the estimator's ``compute_dtype``
        self.compute_dtype: Optional[torch.dtype] = None
        if self.backbone is None:
            layers, c = [], int(in_channels)
            for _ in range(int(num_convs)):
                layers += [
                    nn.Conv2d(c, mid_channels, 3, padding=1, bias=False),
                    nn.BatchNorm2d(mid_channels),
                    nn.ReLU(inplace=True)
                ]
                c = mid_channels
            out = nn.Conv2d(c, self.out_channels, 1)
            nn.init.normal_(out.weight, std=1e-3)
            nn.init.constant_(out.bias, float(init_bias))
            self.net = nn.Sequential(*layers, out)

    def forward(self, x: Tensor,
                out_size: Optional[Sequence[int]] = None) -> Tensor:
        """``(N, C, H, W)`` inputs -> ``(N, K, h, w)`` attention in (0, 1).

        Args:
            x (Tensor): Network inputs (images or heatmaps), any batch N.
            out_size (Sequence[int], optional): ``(W, H)`` of the output;
                resized bilinearly when the net's output differs.
        """
        dtype = x.dtype
        if self.compute_dtype is not None:  # oneDNN's fast bf16 layout
            x = x.contiguous(memory_format=torch.channels_last)
        with net_autocast(self.compute_dtype, x.device):
            if self.backbone is None:
                logits = self.net(x)
            else:
                logits = self.head(self.backbone(x))
                if isinstance(logits, (tuple, list)):
                    logits = logits[-1]
        logits = logits.to(dtype)
        if out_size is not None and tuple(logits.shape[-2:]) != (
                int(out_size[1]), int(out_size[0])):
            logits = F.interpolate(
                logits, size=(int(out_size[1]), int(out_size[0])),
                mode='bilinear', align_corners=False)
        return logits.sigmoid()
