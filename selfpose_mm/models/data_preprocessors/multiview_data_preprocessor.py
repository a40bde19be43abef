"""Stack multi-view inputs ``(V, C, H, W)`` into ``(B, V, C, H, W)``."""
from typing import Optional, Sequence

import torch
from mmengine.model import BaseDataPreprocessor

from selfpose_mm.registry import MODELS

__all__ = ['MultiViewDataPreprocessor']


@MODELS.register_module()
class MultiViewDataPreprocessor(BaseDataPreprocessor):
    """Stack per-sample views, move to the device and normalise images.

    Heatmap mode: leave ``mean``/``std`` unset; the inputs are only stacked
    and cast to float. Image mode: inputs are raw BGR 0..255; with
    ``bgr_to_rgb`` the channel order is flipped, then ``(x - mean) / std``
    per channel (``mean``/``std`` given in the output order, e.g. ImageNet
    RGB statistics).

    Args:
        mean (Sequence[float], optional): Per-channel mean. Defaults to
            None (no normalisation).
        std (Sequence[float], optional): Per-channel std. Defaults to None.
        bgr_to_rgb (bool): Flip BGR to RGB. Defaults to False.
        non_blocking (bool): Non-blocking device copies. Defaults to False.
    """

    def __init__(self,
                 mean: Optional[Sequence[float]] = None,
                 std: Optional[Sequence[float]] = None,
                 bgr_to_rgb: bool = False,
                 non_blocking: bool = False) -> None:
        super().__init__(non_blocking=non_blocking)
        if (mean is None) != (std is None):
            raise ValueError('MultiViewDataPreprocessor: give both mean and '
                             'std, or neither')
        self._normalize = mean is not None
        if self._normalize:
            self.register_buffer(
                'mean', torch.tensor(mean).view(1, 1, -1, 1, 1), False)
            self.register_buffer(
                'std', torch.tensor(std).view(1, 1, -1, 1, 1), False)
        self.bgr_to_rgb = bool(bgr_to_rgb)

    def forward(self, data: dict, training: bool = False) -> dict:
        """Stack ``data['inputs']`` and normalise.

        Args:
            data (dict): ``inputs`` (list of ``(V, C, H, W)`` tensors or a
                ``(B, V, C, H, W)`` tensor) and ``data_samples``.
            training (bool): Unused.

        Returns:
            dict: ``inputs (B, V, C, H, W)`` float on the device and the
            data samples.
        """
        data = self.cast_data(data)
        inputs = data['inputs']
        if isinstance(inputs, (list, tuple)):
            shapes = {tuple(x.shape) for x in inputs}
            if len(shapes) != 1:
                raise ValueError(
                    f'MultiViewDataPreprocessor: samples of one batch have '
                    f'different input shapes {sorted(shapes)}; use one '
                    f'view count and input size per batch')
            inputs = torch.stack(list(inputs))
        if inputs.dim() != 5:
            raise ValueError(f'inputs must be (B, V, C, H, W), got '
                             f'{tuple(inputs.shape)}')
        inputs = inputs.float()
        if self.bgr_to_rgb:
            inputs = inputs.flip(2)
        if self._normalize:
            inputs = (inputs - self.mean) / self.std
        return dict(inputs=inputs, data_samples=data.get('data_samples'))
