"""Single-frame 2D→3D lifter: backbone + regression head."""
from typing import Optional, Union

import torch
from mmengine.model import BaseModel
from torch import Tensor

from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import ConfigType, OptConfigType, SampleList

__all__ = ['SingleFrameLifter']


@MODELS.register_module()
class SingleFrameLifter(BaseModel):
    """Lift one frame of 2D keypoints to root-relative 3D.

    Args:
        backbone (dict): Backbone config (e.g. ``MLPLifterBackbone``).
        head (dict): Head config (e.g. ``LiftingRegressionHead``).
        data_preprocessor (dict, optional): Defaults to MMEngine's
            ``BaseDataPreprocessor`` (moves data to the model's device).
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 backbone: ConfigType,
                 head: ConfigType,
                 data_preprocessor: OptConfigType = None,
                 init_cfg=None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor or dict(
                type='BaseDataPreprocessor'),
            init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.head = MODELS.build(head)

    @staticmethod
    def _stack(inputs: Union[Tensor, list]) -> Tensor:
        return torch.stack(inputs) if isinstance(inputs, list) else inputs

    def forward(self,
                inputs: Union[Tensor, list],
                data_samples: Optional[SampleList] = None,
                mode: str = 'tensor'):
        """MMEngine's entry: ``mode`` is ``loss``, ``predict`` or
        ``tensor``."""
        feats = self.backbone(self._stack(inputs))
        if mode == 'loss':
            return self.head.loss(feats, data_samples)
        if mode == 'predict':
            return self.head.predict(feats, data_samples)
        if mode == 'tensor':
            return self.head(feats)
        raise ValueError(f'Invalid mode "{mode}"; use loss/predict/tensor.')
