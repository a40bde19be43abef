"""Single-frame lifter trained by multi-view self-supervision."""
from typing import Optional

import numpy as np
import torch
from mmengine.structures import InstanceData
from torch import Tensor

from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras
from selfpose_mm.utils.typing import (ConfigType, LossDict, OptConfigType,
                                      OptMultiConfig, SampleList)
from .base_lifter import BaseLifter

__all__ = ['MultiViewSelfSupervisedLifter']


@MODELS.register_module()
class MultiViewSelfSupervisedLifter(BaseLifter):
    """Lift each view independently; train with multi-view 2D only.

    **Training** (``loss``): inputs ``(B, V, K, 2)`` (screen-normalised 2D
    of the V synchronised views, ``PackMultiViewLiftingInputs``). All
    B * V views go through backbone + head as one batch (shared BatchNorm
    statistics), giving root-relative joints in each input view's camera
    axes (model units * ``target_scale`` = mm, root re-zeroed). The
    ``mv_loss`` (``MultiViewConsistencyLoss``) projects every view's pose
    into every view through the calibrated cameras of the data samples
    (their ``cameras``, :class:`MultiViewCameras` ``(V,)``, stacked to
    ``(B, V)``). No 3D label is read.

    **Test** (``predict``): every view is lifted on its own. Inputs ``(B,
    K, 2)`` or ``(B, L, K, 2)`` (single-view samples, e.g.
    ``VideoPose3DDataset`` with a 1-frame window: ``L = 1``) or ``(B, V,
    K, 2)`` multi-view samples (each view separately). Outputs
    ``pred_instances.keypoints_3d`` ``(L or V, K, 3)``: root-relative
    camera-frame mm of each view (the root joint is exactly 0).

    A :class:`BaseLifter` (mmpose's ``BasePoseEstimator``), not mmpose's
    ``PoseLifter``: the batch layout is multi-view ``(B, V, K, 2)``,
    flattened to ``B * V`` single views for the networks; the loss is not
    the head's (no 3D label) but ``mv_loss`` on the poses of all views
    with the cameras of the data samples; the ``tensor`` mode and
    ``predict`` scale the head output to mm and re-zero the root in the
    estimator (:meth:`lift`), so the head's own decoder is not needed.

    Args:
        backbone (dict): e.g. ``MLPLifterBackbone``.
        head (dict): e.g. ``LiftingRegressionHead`` (its own supervised loss
            is not used).
        mv_loss (dict): ``MultiViewConsistencyLoss`` config.
        root_index (int): Root joint. Defaults to 0.
        target_scale (float): mm per model output unit (metres: 1000;
            match the codec of supervised configs). Defaults to 1000.
        train_cfg (dict, optional): Kept for mmpose's interface (unused).
        test_cfg (dict, optional): Kept for mmpose's interface (unused).
        data_preprocessor (dict, optional): Defaults to MMEngine's
            ``BaseDataPreprocessor``.
        init_cfg (dict, optional): MMEngine init config.
        metainfo (dict, optional): See :class:`BaseLifter`.
    """

    def __init__(self,
                 backbone: ConfigType,
                 head: ConfigType,
                 mv_loss: ConfigType = dict(type='MultiViewConsistencyLoss'),
                 root_index: int = 0,
                 target_scale: float = 1000.,
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
        self.mv_loss = MODELS.build(mv_loss)
        self.root_index = root_index
        self.target_scale = float(target_scale)

    def lift(self, x: Tensor) -> Tensor:
        """``(..., K, 2)`` normalised 2D → ``(..., K, 3)`` root-relative
        mm, one view at a time (leading dims flattened into the batch)."""
        lead = x.shape[:-2]
        feats = self.backbone(x.reshape(-1, *x.shape[-2:]))
        pose = self.head(feats) * self.target_scale
        r = self.root_index
        pose = pose - pose[:, r:r + 1]
        return pose.reshape(*lead, *pose.shape[-2:])

    def _forward(self, inputs: Tensor, data_samples=None) -> Tensor:
        """The ``tensor`` mode: :meth:`lift` (root-relative mm, the input's
        shape with 3 coordinates)."""
        return self.lift(inputs)

    def loss(self, x: Tensor, data_samples: SampleList) -> LossDict:
        """Self-supervised multi-view losses of a ``(B, V, K, 2)`` batch."""
        if x.dim() != 4 or x.shape[1] < 2:
            raise ValueError(f'training inputs must be (B, V >= 2, K, 2) '
                             f'multi-view frames, got {tuple(x.shape)}; use '
                             'MultiViewLiftingDataset + '
                             'PackMultiViewLiftingInputs')
        pose = self.lift(x)
        cams = [getattr(d, 'cameras', None) for d in data_samples]
        if not all(isinstance(c, MultiViewCameras) for c in cams):
            raise TypeError('every data sample needs its cameras as a '
                            'MultiViewCameras (V,) (MultiViewPoseDataSample'
                            '.cameras, set by PackMultiViewLiftingInputs)')
        models = {c.dist_model for c in cams}
        if len(models) != 1:
            raise ValueError(f'mixed distortion models {models} in a batch')
        cameras = MultiViewCameras.stack(cams).to(x)
        labels = [d.gt_instance_labels for d in data_samples]
        kp = torch.stack([lb.keypoints_2d for lb in labels]).to(x)
        vis = torch.stack([lb.keypoints_2d_visible for lb in labels]).to(x)
        return self.mv_loss(pose, kp, cameras, vis)

    @torch.no_grad()
    def predict(self, x: Tensor, data_samples: SampleList) -> SampleList:
        """Lift every view alone; fill ``pred_instances``."""
        if x.dim() == 3:
            x = x[:, None]
        pose = self.lift(x).cpu().numpy().astype(np.float32)
        for sample, p in zip(data_samples, pose):
            inst = InstanceData()
            inst.keypoints_3d = p
            inst.scores = np.ones(len(p), np.float32)
            sample.pred_instances = inst
        return data_samples
