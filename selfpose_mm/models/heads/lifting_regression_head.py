"""Linear regression head from features to root-relative 3D joints."""
from typing import Optional

import numpy as np
import torch
from mmengine.model import BaseModule
from mmengine.structures import InstanceData
from torch import Tensor, nn

from selfpose_mm.registry import KEYPOINT_CODECS, MODELS
from selfpose_mm.utils.typing import ConfigType, LossDict, SampleList

__all__ = ['LiftingRegressionHead']


@MODELS.register_module()
class LiftingRegressionHead(BaseModule):
    """Predict (B, K, 3) root-relative joints; loss and codec decoding.

    Args:
        in_channels (int): Feature width C.
        num_joints (int): K.
        loss (dict): Loss config. Defaults to mmpose's ``MPJPELoss``.
        decoder (dict, optional): Codec used to decode predictions to mm.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 in_channels: int,
                 num_joints: int,
                 loss: ConfigType = dict(
                     type='MPJPELoss', use_target_weight=True),
                 decoder: Optional[ConfigType] = None,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_joints = num_joints
        self.fc = nn.Linear(in_channels, num_joints * 3)
        self.loss_module = MODELS.build(loss)
        self.decoder = KEYPOINT_CODECS.build(decoder) if decoder else None

    def forward(self, feats: Tensor) -> Tensor:
        """(B, C) → (B, K, 3) in target units."""
        return self.fc(feats).view(-1, self.num_joints, 3)

    def loss(self, feats: Tensor, data_samples: SampleList) -> LossDict:
        """Loss against ``gt_instance_labels.lifting_target`` (B, K, 3)."""
        pred = self.forward(feats)
        target = torch.cat(
            [d.gt_instance_labels.lifting_target for d in data_samples])
        if all('lifting_target_weight' in d.gt_instance_labels
               for d in data_samples):
            weight = torch.cat([
                d.gt_instance_labels.lifting_target_weight
                for d in data_samples
            ])
        else:  # e.g. PackVideoLiftingInputs' samples: all joints labelled
            weight = target.new_ones(target.shape[:2])
        loss = self.loss_module(pred, target.to(pred),
                                weight.to(pred)[..., None])
        with torch.no_grad():
            err = (pred - target).norm(dim=-1).mean()
            scale = self.decoder.target_scale if self.decoder else 1.
        return dict(loss_pose3d=loss, mpjpe=err * scale)

    def predict(self, feats: Tensor, data_samples: SampleList) -> SampleList:
        """Decode predictions into ``pred_instances.keypoints_3d`` (mm)."""
        pred = self.forward(feats).detach().cpu().numpy()
        if self.decoder is not None:
            pred = self.decoder.decode(pred)
        for sample, p in zip(data_samples, pred):
            inst = InstanceData()
            inst.keypoints_3d = p[None].astype(np.float32)
            inst.scores = np.ones(1, np.float32)
            sample.pred_instances = inst
        return data_samples
