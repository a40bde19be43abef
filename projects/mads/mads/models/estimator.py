"""Multi-view estimator: shared 2D backbone on every view + a 3D head."""
from typing import Optional, Sequence, Union

import torch
from mmengine.model import BaseModel
from torch import Tensor

from selfpose_mm.models.utils.compute_precision import (net_autocast,
                                                        resolve_compute_dtype)
from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import ConfigType, OptConfigType, SampleList
from .ops import stack_camera_tensors

__all__ = ['MultiViewTriangulator']


@MODELS.register_module()
class MultiViewTriangulator(BaseModel):
    """Backbone over all views at once, then a triangulating head.

    The head (``CameraDisentangledHead`` or ``TriangulationHeatmapHead``)
    receives the backbone features of the ``B * V`` crops and the data
    samples (whose metainfo carries the crop-pixel projection matrices).

    Note:
        B: batch, V: views, K: joints.

    Args:
        backbone (dict): 2D backbone, e.g. mmpose's ``ResNet``.
        head (dict): Head config.
        compute_dtype (str, optional): Precision of the backbone call:
            ``'bfloat16'`` runs it under autocast on channels-last crops
            (``'float16'`` on GPUs) and returns float32 features, so the
            head's decoding and DLT stay float32
            (:mod:`selfpose_mm.models.utils.compute_precision`). None
            (default): float32.
        data_preprocessor (dict, optional): Defaults to
            ``MultiViewImagePreprocessor`` with ImageNet statistics.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 backbone: ConfigType,
                 head: ConfigType,
                 compute_dtype: Optional[str] = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptConfigType = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor
            or dict(type='MultiViewImagePreprocessor'),
            init_cfg=init_cfg)
        self.backbone = MODELS.build(backbone)
        self.head = MODELS.build(head)
        self.compute_dtype = resolve_compute_dtype(
            compute_dtype, 'MultiViewTriangulator.compute_dtype')

    def extract_feat(self, inputs: Tensor) -> Sequence[Tensor]:
        """Backbone features of every view.

        Args:
            inputs: Images ``(B, V, 3, H, W)``.

        Returns:
            tuple[Tensor]: Feature maps ``(B * V, C, h, w)``.
        """
        if inputs.dim() != 5:
            raise ValueError(f'inputs must be (B, V, 3, H, W), got '
                             f'{tuple(inputs.shape)}')
        images = inputs.flatten(0, 1)
        if self.compute_dtype is not None:  # oneDNN's fast bf16 layout
            images = images.contiguous(memory_format=torch.channels_last)
        with net_autocast(self.compute_dtype, images.device):
            feats = self.backbone(images)
        feats = feats if isinstance(feats, (tuple, list)) else (feats, )
        return tuple(f.to(inputs.dtype) for f in feats)

    def forward(self,
                inputs: Union[Tensor, list],
                data_samples: Optional[SampleList] = None,
                mode: str = 'tensor'):
        """MMEngine's entry: ``mode`` is ``loss``, ``predict`` or
        ``tensor`` (the head's dict of heatmaps, 2D and 3D keypoints)."""
        if isinstance(inputs, list):
            inputs = torch.stack(inputs)
        feats = self.extract_feat(inputs)
        if mode == 'loss':
            return self.head.loss(feats, data_samples)
        if mode == 'predict':
            preds = self.head.predict(feats, data_samples)
            for sample, pred in zip(data_samples, preds):
                sample.pred_instances = pred
            return data_samples
        if mode == 'tensor':
            if data_samples is None:
                raise ValueError('tensor mode needs the data samples '
                                 '(their cameras)')
            cams = stack_camera_tensors(data_samples, inputs.device)
            return self.head.forward_views(feats, cams)
        raise ValueError(f'Invalid mode "{mode}"; use loss/predict/tensor.')
