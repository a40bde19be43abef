"""VideoPose3D-style temporal lifter, supervised and semi-supervised."""
from typing import Dict, List, Optional, Sequence, Union

import numpy as np
import torch
from mmengine.logging import MessageHub
from mmengine.structures import InstanceData
from torch import Tensor

from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras
from selfpose_mm.utils.typing import (ConfigType, LossDict, OptConfigType,
                                      OptMultiConfig, SampleList)
from .base_lifter import BaseLifter

__all__ = ['VideoPoseLifter']


def _flip_2d(x: Tensor, flip_indices: Sequence[int]) -> Tensor:
    """Flip screen-normalised 2D ``(..., J, 2)``: ``u -> -u`` + L/R swap."""
    x = x[..., list(flip_indices), :].clone()
    x[..., 0] = -x[..., 0]
    return x


@MODELS.register_module()
class VideoPoseLifter(BaseLifter):
    """Temporal 2D→3D lifter: pose model and optional trajectory model.

    **Supervised** (``loss``): the backbone + head predict root-relative 3D
    for every output frame of each window (MPJPE, metres). With
    ``traj_backbone``/``traj_head`` a second network predicts the
    camera-frame root trajectory (``1 / z`` weighted MPJPE).

    **Semi-supervised** (when the batch carries ``unlabeled_inputs``, see
    ``SemiSupervisedVideoDataset``, and ``reprojection_loss`` is set):
    labelled and unlabelled windows go through both networks as **one**
    batch (shared BatchNorm statistics, as VideoPose3D), then the
    unlabelled pose + trajectory is projected through each sample's real
    camera (its ``cameras``, a ``(1,)`` :class:`MultiViewCameras` with
    distortion, flipped along with the data) and compared with
    the 2D input (``loss_reproj``), and the batch-mean bone lengths of
    unlabelled and labelled predictions are tied (``loss_bone``). During
    the first ``warmup_epochs`` epochs only the labelled losses are used
    and the unlabelled windows are not run (VideoPose3D's ``--warmup``).

    **Predict**: whole videos (any length ≥ 1 after edge padding), with
    test-time flip averaging when ``test_cfg['flip_test']`` (default True):
    the flipped input's prediction is un-flipped (``x -> -x``, L/R swap)
    and averaged. Outputs ``pred_instances.keypoints_3d`` ``(T, K, 3)``
    root-relative camera-frame mm and, with a trajectory model,
    ``pred_instances.trajectory`` ``(T, 1, 3)`` mm.

    A :class:`BaseLifter` (mmpose's ``BasePoseEstimator``), not mmpose's
    ``PoseLifter``, although the arguments mirror it (``traj_backbone``,
    ``traj_head``): PoseLifter computes the pose and trajectory losses
    with ``head.loss`` / ``traj_head.loss`` on the labelled inputs only and
    its semi-supervised branch is a stub (``semi_loss(inputs,
    data_samples)``, marked TODO), while ours concatenates labelled and
    unlabelled windows into one batch before both networks (shared
    BatchNorm statistics), projects the unlabelled pose + trajectory
    through each sample's distorted camera and ties bone lengths, with a
    warm-up; PoseLifter's predict stacks
    equal-length inputs and flips them with ``flip_coordinates`` (``x ->
    1 - x``), while ours lifts whole videos of any length one at a time,
    flips screen-normalised 2D as ``u -> -u`` with each sample's own 2D
    and 3D flip indices, and un-flips and averages pose and trajectory.

    Args:
        backbone (dict): e.g. ``TemporalConvLifter``.
        head (dict): ``TemporalLiftingHead``.
        traj_backbone (dict, optional): Trajectory backbone.
        traj_head (dict, optional): ``TemporalTrajectoryHead``.
        reprojection_loss (dict, optional): ``ReprojectionLoss``; enables
            the semi-supervised terms (needs the trajectory model).
        bone_loss (dict, optional): ``BoneLengthLoss``.
        warmup_epochs (int): Epochs without unlabelled losses.
        train_cfg (dict, optional): Kept for mmpose's interface (unused).
        test_cfg (dict, optional): ``flip_test`` (bool).
        data_preprocessor (dict, optional): Defaults to MMEngine's
            ``BaseDataPreprocessor``.
        init_cfg (dict, optional): MMEngine init config.
        metainfo (dict, optional): See :class:`BaseLifter`.
    """

    #: whole test videos have different lengths
    stack_predict_inputs = False

    def __init__(self,
                 backbone: ConfigType,
                 head: ConfigType,
                 traj_backbone: OptConfigType = None,
                 traj_head: OptConfigType = None,
                 reprojection_loss: OptConfigType = None,
                 bone_loss: OptConfigType = None,
                 warmup_epochs: int = 0,
                 train_cfg: OptConfigType = None,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None,
                 metainfo: Optional[dict] = None) -> None:
        super().__init__(
            backbone=backbone,
            head=head,
            train_cfg=train_cfg,
            test_cfg=test_cfg,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg,
            metainfo=metainfo)
        if (traj_backbone is None) != (traj_head is None):
            raise ValueError('give both traj_backbone and traj_head, or '
                             'neither')
        self.traj_backbone = MODELS.build(traj_backbone) \
            if traj_backbone else None
        self.traj_head = MODELS.build(traj_head) if traj_head else None
        if reprojection_loss is not None and self.traj_head is None:
            raise ValueError('reprojection_loss needs the trajectory model '
                             '(traj_backbone + traj_head)')
        self.reprojection_loss = MODELS.build(reprojection_loss) \
            if reprojection_loss else None
        self.bone_loss = MODELS.build(bone_loss) if bone_loss else None
        self.warmup_epochs = warmup_epochs

    @property
    def receptive_field(self) -> int:
        """The pose backbone's receptive field."""
        return int(getattr(self.backbone, 'receptive_field', 1))

    def _pose(self, x: Tensor) -> Tensor:
        """Root-relative 3D ``(B, L, K, 3)`` in model units (also the
        ``tensor`` mode)."""
        return self._forward(x)

    def _traj(self, x: Tensor) -> Tensor:
        return self.traj_head(self.traj_backbone(x))

    # ------------------------------------------------------------------

    def _in_warmup(self) -> bool:
        if self.warmup_epochs <= 0:
            return False
        epoch = MessageHub.get_current_instance().get_info('epoch', 0)
        return epoch < self.warmup_epochs

    def loss(self, inputs: Union[Tensor, List[Tensor]],
             data_samples: SampleList) -> LossDict:
        """Supervised (and, with unlabelled pairs, semi-supervised) losses.
        """
        x = self.stack_inputs(inputs)
        b = x.shape[0]
        semi = (self.reprojection_loss is not None
                and 'unlabeled_inputs' in data_samples[0]
                and not self._in_warmup())
        if semi:
            xu = torch.stack([d.unlabeled_inputs for d in data_samples])
            x = torch.cat([x, xu.to(x)])
        pose = self._pose(x)
        losses: Dict[str, Tensor] = dict(
            self.head.loss_by_pred(pose[:b], data_samples))
        if self.traj_head is not None:
            traj = self._traj(x)
            losses.update(self.traj_head.loss_by_pred(traj[:b],
                                                      data_samples))
        if semi:
            unlab = [d.unlabeled for d in data_samples]
            target = torch.stack([
                d.gt_instance_labels.keypoints_2d_target for d in unlab
            ]).to(x)
            # (B, 1) cameras; stack refuses mixed distortion models
            cams = MultiViewCameras.from_data_samples(
                unlab, device=x.device, dtype=x.dtype)
            losses['loss_reproj'] = self.reprojection_loss(
                pose[b:] + traj[b:], target, cams)
            if self.bone_loss is not None:
                losses['loss_bone'] = self.bone_loss(pose[:b], pose[b:])
        return losses

    # ------------------------------------------------------------------
    @torch.no_grad()
    def _predict_one(self, x: Tensor, sample) -> Dict[str, Tensor]:
        """One whole video ``(T_in, J, 2)`` → decoded outputs in mm."""
        flip = self.test_cfg.get('flip_test', True)
        batch = x[None]
        if flip:
            batch = torch.cat([batch, _flip_2d(batch,
                                               sample.flip_indices_2d)])
        out = {'keypoints_3d': self.head.to_mm(self._pose(batch))}
        if self.traj_head is not None:
            out['trajectory'] = self.traj_head.to_mm(self._traj(batch))
        if flip:
            for key, val in out.items():
                un = val[1:].clone()
                if key == 'keypoints_3d':
                    un = un[..., list(sample.flip_indices), :]
                un[..., 0] = -un[..., 0]
                out[key] = (val[:1] + un) / 2
        return {k: v[0] for k, v in out.items()}

    def predict(self, inputs: Union[Tensor, List[Tensor]],
                data_samples: SampleList) -> SampleList:
        """Per-video predictions into ``pred_instances`` (mm)."""
        for x, sample in zip(inputs, data_samples):
            out = self._predict_one(x, sample)
            inst = InstanceData()
            kp = out['keypoints_3d'].cpu().numpy().astype(np.float32)
            inst.keypoints_3d = kp
            inst.scores = np.ones(len(kp), np.float32)
            if 'trajectory' in out:
                inst.trajectory = out['trajectory'].cpu().numpy()
            sample.pred_instances = inst
        return data_samples
