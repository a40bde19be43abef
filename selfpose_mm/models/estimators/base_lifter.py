"""The base class of our 2D→3D lifters, on mmpose's ``BasePoseEstimator``."""
from typing import Optional, Sequence, Union

import torch
from mmpose.models.pose_estimators.base import BasePoseEstimator
from torch import Tensor

from selfpose_mm.utils.typing import (ConfigType, OptConfigType,
                                      OptMultiConfig, SampleList)

__all__ = ['BaseLifter']


class BaseLifter(BasePoseEstimator):
    """What ``SingleFrameLifter``, ``VideoPoseLifter`` and
    ``MultiViewSelfSupervisedLifter`` share.

    It is mmpose's :class:`~mmpose.models.pose_estimators.base.
    BasePoseEstimator`, reused as is for: building ``backbone``, optional
    ``neck`` and ``head`` from configs (in that order, so seeded
    initialisations are unchanged), ``train_cfg`` / ``test_cfg`` (the head
    gets a copy of ``test_cfg``), ``metainfo`` overriding the samples'
    metainfo at predict time, ``init_cfg``, ``extract_feat`` and
    ``_forward`` (backbone → neck → head, the ``tensor`` mode),
    ``with_neck`` / ``with_head``, ``switch_to_deploy`` and the state-dict
    pre-hook. What this class adds or changes, and why:

    - ``data_preprocessor`` defaults to MMEngine's ``BaseDataPreprocessor``
      (it only moves the keypoint tensors to the device; mmpose's
      ``PoseDataPreprocessor`` normalises images).
    - :meth:`forward` stacks list **and tuple** inputs (mmpose: lists only)
      and raises ``ValueError`` on an unknown mode (as our estimators always
      did). With ``stack_predict_inputs = False`` (``VideoPoseLifter``) the
      predict inputs stay a list, because whole test videos have different
      lengths and cannot be stacked.
    - ``train_cfg`` / ``test_cfg`` are copied into plain dicts, so a config
      dict shared between models is never mutated by a test that switches
      ``flip_test``.

    Why not mmpose's :class:`~mmpose.models.pose_estimators.PoseLifter`:
    its ``loss`` calls ``head.loss`` and ``traj_head.loss`` on separate
    feature passes and its semi-supervised branch is a TODO
    (``semi_loss(inputs, data_samples)``); its ``predict`` stacks the
    inputs and flips them with ``flip_coordinates`` (``x -> 1 - x`` for
    ``[0, 1]``-normalised coordinates, one flip index list per batch).
    Each subclass's docstring says which of these its contract breaks.

    Args:
        backbone (dict): Backbone config.
        head (dict): Head config.
        neck (dict, optional): Neck config. Defaults to None.
        train_cfg (dict, optional): Training options. Defaults to None.
        test_cfg (dict, optional): Test options. Defaults to None.
        data_preprocessor (dict, optional): Defaults to MMEngine's
            ``BaseDataPreprocessor``.
        init_cfg (dict, optional): MMEngine init config.
        metainfo (dict, optional): mmpose dataset meta that overrides the
            samples' metainfo at predict time. Defaults to None.
    """

    #: stack list inputs in ``predict`` mode too
    stack_predict_inputs: bool = True

    def __init__(self,
                 backbone: ConfigType,
                 head: ConfigType,
                 neck: OptConfigType = None,
                 train_cfg: OptConfigType = None,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptMultiConfig = None,
                 metainfo: Optional[dict] = None) -> None:
        super().__init__(
            backbone=backbone,
            neck=neck,
            head=head,
            train_cfg=dict(train_cfg or {}),
            test_cfg=dict(test_cfg or {}),
            data_preprocessor=data_preprocessor or dict(
                type='BaseDataPreprocessor'),
            init_cfg=init_cfg,
            metainfo=metainfo)

    @staticmethod
    def stack_inputs(inputs: Union[Tensor, Sequence[Tensor]]) -> Tensor:
        """A list or tuple of per-sample tensors → one batch tensor."""
        return torch.stack(list(inputs)) if isinstance(
            inputs, (list, tuple)) else inputs

    def forward(self,
                inputs: Union[Tensor, Sequence[Tensor]],
                data_samples: Optional[SampleList] = None,
                mode: str = 'tensor'):
        """MMEngine's entry: ``mode`` is ``loss``, ``predict`` or
        ``tensor``."""
        if mode == 'loss':
            return self.loss(self.stack_inputs(inputs), data_samples)
        if mode == 'predict':
            if self.metainfo is not None:
                for sample in data_samples:
                    sample.set_metainfo(self.metainfo)
            if self.stack_predict_inputs:
                inputs = self.stack_inputs(inputs)
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            return self._forward(self.stack_inputs(inputs))
        raise ValueError(f'Invalid mode "{mode}"; use loss/predict/tensor.')
