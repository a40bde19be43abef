"""1x1-conv heads of the temporal lifter: pose and root trajectory."""
from typing import Optional

import numpy as np
import torch
from mmengine.structures import InstanceData
from mmpose.models.heads.base_head import BaseHead
from torch import Tensor, nn

from selfpose_mm.registry import KEYPOINT_CODECS, MODELS
from selfpose_mm.utils.typing import (ConfigType, InstanceList, LossDict,
                                      OptConfigType, SampleList)

__all__ = ['TemporalLiftingHead', 'TemporalTrajectoryHead']


def _stack_labels(data_samples: SampleList, key: str) -> Tensor:
    return torch.stack(
        [getattr(d.gt_instance_labels, key) for d in data_samples])


@MODELS.register_module()
class TemporalLiftingHead(BaseHead):
    """Features ``(B, C, L)`` → root-relative 3D ``(B, L, K, 3)``.

    A 1x1 ``Conv1d`` with bias (VideoPose3D's ``shrink``), seq-to-seq: one
    pose per output frame. Trained against ``lifting_target`` (model units,
    metres by default, root joint 0).

    An mmpose :class:`~mmpose.models.heads.base_head.BaseHead` (``forward``,
    ``loss``, ``predict``, ``self.loss_module``, ``self.decoder``). Not
    mmpose's ``TemporalRegressionHead``: that one reshapes the conv output
    ``(B, 3K, L)`` straight to ``(-1, K, 3)``, right only for one output
    frame per window, while ours keeps ``L`` frames (whole videos at test
    time, seq-to-seq windows); it reads the last level of a tuple of
    features, ours one tensor. It also offers :meth:`loss_by_pred` and
    :meth:`to_mm` on predictions, because ``VideoPoseLifter`` runs the
    labelled and unlabelled windows as one batch and averages flipped
    predictions as tensors. :meth:`predict` (no flip) and mmpose's
    ``BaseHead.decode`` (``keypoints`` + ``keypoint_scores`` through the
    codec) also work.

    Args:
        in_channels (int): C.
        num_joints (int): K.
        loss (dict): Loss config. Defaults to mmpose's ``MPJPELoss``.
        decoder (dict, optional): Codec turning predictions into mm.
        init_cfg (dict, optional): MMEngine init config.
    """

    target_key = 'lifting_target'
    weight_key: Optional[str] = None
    loss_name = 'loss_pose3d'
    pred_key = 'keypoints_3d'

    def __init__(self,
                 in_channels: int,
                 num_joints: int,
                 loss: ConfigType = dict(type='MPJPELoss'),
                 decoder: Optional[ConfigType] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.num_joints = num_joints
        self.conv = nn.Conv1d(in_channels, num_joints * 3, 1)
        self.loss_module = MODELS.build(loss)
        self.decoder = KEYPOINT_CODECS.build(decoder) if decoder else None

    def forward(self, feats: Tensor) -> Tensor:
        """(B, C, L) → (B, L, K, 3)."""
        out = self.conv(feats)
        b, _, length = out.shape
        return out.transpose(1, 2).reshape(b, length, self.num_joints, 3)

    def loss_by_pred(self, pred: Tensor, data_samples: SampleList) -> LossDict:
        """Loss of predictions ``(B, L, K, 3)`` against the labels."""
        target = _stack_labels(data_samples, self.target_key).to(pred)
        if self.weight_key is None:
            loss = self.loss_module(pred, target)
        else:
            weight = _stack_labels(data_samples, self.weight_key).to(pred)
            loss = self.loss_module(pred, target, weight)
        return {self.loss_name: loss}

    def loss(self,
             feats: Tensor,
             batch_data_samples: SampleList,
             train_cfg: OptConfigType = {}) -> LossDict:
        """Loss from features (mmpose's head interface)."""
        return self.loss_by_pred(self.forward(feats), batch_data_samples)

    def to_mm(self, pred: Tensor) -> Tensor:
        """Predictions in model units → mm, as a tensor (the codec's
        ``target_scale``; 1 without a decoder)."""
        scale = self.decoder.target_scale if self.decoder else 1.
        return pred * scale

    def predict(self,
                feats: Tensor,
                batch_data_samples: Optional[SampleList] = None,
                test_cfg: OptConfigType = {}) -> InstanceList:
        """One ``InstanceData`` per sample with ``pred_key`` ``(L, K, 3)``
        mm and ``scores`` ``(L,)`` (no test-time flip: that is the
        estimator's)."""
        pred = self.to_mm(self.forward(feats)).detach().cpu().numpy()
        preds = []
        for p in pred:
            inst = InstanceData()
            inst.set_field(p.astype(np.float32), self.pred_key)
            inst.scores = np.ones(len(p), np.float32)
            preds.append(inst)
        return preds


@MODELS.register_module()
class TemporalTrajectoryHead(TemporalLiftingHead):
    """Features ``(B, C, L)`` → camera-frame root position ``(B, L, 1, 3)``.

    VideoPose3D's trajectory model output; trained with the ``1 / z``
    weighted MPJPE against ``trajectory_target`` (weights
    ``trajectory_weight``), so distant subjects count less.

    Args:
        in_channels (int): C.
        loss (dict): Defaults to ``WeightedMPJPELoss``.
        decoder (dict, optional): Codec turning predictions into mm.
        init_cfg (dict, optional): MMEngine init config.
    """

    target_key = 'trajectory_target'
    weight_key = 'trajectory_weight'
    loss_name = 'loss_traj'
    pred_key = 'trajectory'

    def __init__(self,
                 in_channels: int,
                 loss: ConfigType = dict(type='WeightedMPJPELoss'),
                 decoder: Optional[ConfigType] = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            in_channels=in_channels,
            num_joints=1,
            loss=loss,
            decoder=decoder,
            init_cfg=init_cfg)
