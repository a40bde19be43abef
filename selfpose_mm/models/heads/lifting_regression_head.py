"""Linear regression head from features to root-relative 3D joints."""
from typing import Optional

import numpy as np
import torch
from mmengine.structures import InstanceData
from mmpose.models.heads.base_head import BaseHead
from torch import Tensor, nn

from selfpose_mm.registry import KEYPOINT_CODECS, MODELS
from selfpose_mm.utils.typing import (ConfigType, InstanceList, LossDict,
                                      OptConfigType, SampleList)

__all__ = ['LiftingRegressionHead']


@MODELS.register_module()
class LiftingRegressionHead(BaseHead):
    """Predict (B, K, 3) root-relative joints; loss and codec decoding.

    An mmpose :class:`~mmpose.models.heads.base_head.BaseHead`: ``forward``,
    ``loss(feats, batch_data_samples, train_cfg)`` and ``predict(feats,
    batch_data_samples, test_cfg)`` returning one ``InstanceData`` per
    sample, with ``self.loss_module`` and ``self.decoder``. Unlike mmpose's
    ``RegressionHead`` / ``TemporalRegressionHead`` the features are a
    single ``(B, C)`` tensor (not a tuple of levels), and the predictions
    are stored as ``keypoints_3d`` ``(1, K, 3)`` mm and ``scores`` ``(1,)``
    (the fields our metrics read) rather than mmpose's ``keypoints`` /
    ``keypoint_scores``.

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

    def loss(self,
             feats: Tensor,
             batch_data_samples: SampleList,
             train_cfg: OptConfigType = {}) -> LossDict:
        """Loss against ``gt_instance_labels.lifting_target`` (B, K, 3)."""
        pred = self.forward(feats)
        target = torch.cat([
            d.gt_instance_labels.lifting_target for d in batch_data_samples
        ])
        if all('lifting_target_weight' in d.gt_instance_labels
               for d in batch_data_samples):
            weight = torch.cat([
                d.gt_instance_labels.lifting_target_weight
                for d in batch_data_samples
            ])
        else:  # e.g. PackVideoLiftingInputs' samples: all joints labelled
            weight = target.new_ones(target.shape[:2])
        loss = self.loss_module(pred, target.to(pred),
                                weight.to(pred)[..., None])
        with torch.no_grad():
            err = (pred - target).norm(dim=-1).mean()
            scale = self.decoder.target_scale if self.decoder else 1.
        return dict(loss_pose3d=loss, mpjpe=err * scale)

    def predict(self,
                feats: Tensor,
                batch_data_samples: Optional[SampleList] = None,
                test_cfg: OptConfigType = {}) -> InstanceList:
        """Decoded predictions, one ``InstanceData`` per sample:
        ``keypoints_3d`` ``(1, K, 3)`` (mm with a decoder, model units
        without) and ``scores`` ``(1,)``."""
        pred = self.forward(feats).detach().cpu().numpy()
        if self.decoder is not None:
            pred, _ = self.decoder.decode(pred)
        preds = []
        for p in pred:
            inst = InstanceData()
            inst.keypoints_3d = p[None].astype(np.float32)
            inst.scores = np.ones(1, np.float32)
            preds.append(inst)
        return preds
