"""Stack, move and normalise multi-view image batches."""
from typing import Optional, Sequence

import torch
from mmengine.model import BaseDataPreprocessor

from selfpose_mm.registry import MODELS

__all__ = ['MultiViewImagePreprocessor']


@MODELS.register_module()
class MultiViewImagePreprocessor(BaseDataPreprocessor):
    """``(V, 3, H, W)`` raw BGR images per sample -> normalised
    ``(B, V, 3, H, W)`` float tensors on the model's device.

    Args:
        mean (Sequence[float]): Per-channel mean (RGB order after the
            optional swap). Defaults to ImageNet's in 0..255 units.
        std (Sequence[float]): Per-channel std. Defaults to ImageNet's.
        bgr_to_rgb (bool): Swap the channel order first. Defaults to True.
        non_blocking (bool, optional): Passed to MMEngine.
    """

    def __init__(self,
                 mean: Sequence[float] = (123.675, 116.28, 103.53),
                 std: Sequence[float] = (58.395, 57.12, 57.375),
                 bgr_to_rgb: bool = True,
                 non_blocking: Optional[bool] = False) -> None:
        super().__init__(non_blocking)
        self.register_buffer('mean',
                             torch.tensor(mean).view(1, 1, 3, 1, 1), False)
        self.register_buffer('std',
                             torch.tensor(std).view(1, 1, 3, 1, 1), False)
        self.bgr_to_rgb = bgr_to_rgb

    def forward(self, data: dict, training: bool = False) -> dict:
        """Stack ``data['inputs']`` and normalise it."""
        data = self.cast_data(data)
        inputs = data['inputs']
        if isinstance(inputs, (list, tuple)):
            inputs = torch.stack(list(inputs))
        inputs = inputs.float()
        if inputs.dim() != 5 or inputs.shape[2] != 3:
            raise ValueError(f'expected (B, V, 3, H, W) images, got '
                             f'{tuple(inputs.shape)}')
        if self.bgr_to_rgb:
            inputs = inputs.flip(2)
        inputs = (inputs - self.mean) / self.std
        return dict(inputs=inputs, data_samples=data['data_samples'])
