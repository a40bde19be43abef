"""Single-frame 2D→3D lifter: backbone + regression head."""
from torch import Tensor

from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import LossDict, SampleList
from .base_lifter import BaseLifter

__all__ = ['SingleFrameLifter']


@MODELS.register_module()
class SingleFrameLifter(BaseLifter):
    """Lift one frame of 2D keypoints to root-relative 3D.

    Inputs ``(B, K, 2)`` (``PackLiftingInputs``); ``loss`` is the head's
    loss and ``predict`` puts the head's decoded ``InstanceData``
    (``keypoints_3d`` ``(1, K, 3)`` mm) into each sample's
    ``pred_instances``. This is mmpose's ``PoseLifter`` contract without a
    trajectory model; it is a :class:`BaseLifter` rather than a
    ``PoseLifter`` because, with ``flip_test``, ``PoseLifter.predict``
    flips with ``flip_coordinates`` (``x -> 1 - x``, for coordinates
    normalised to ``[0, 1]``, and in place on the input), not the ``u ->
    -u`` flip of the codec's root-relative normalised input, and because
    its prediction packing (``output_keypoint_indices``) reads mmpose's
    ``keypoints`` fields, not ``keypoints_3d``.

    The constructor is :class:`BaseLifter`'s.

    Args:
        backbone (dict): Backbone config (e.g. ``MLPLifterBackbone``).
        head (dict): Head config (e.g. ``LiftingRegressionHead``).
        neck (dict, optional): Neck config. Defaults to None.
        train_cfg (dict, optional): Passed to ``head.loss``.
        test_cfg (dict, optional): Passed to ``head.predict``.
        data_preprocessor (dict, optional): Defaults to MMEngine's
            ``BaseDataPreprocessor`` (moves data to the model's device).
        init_cfg (dict, optional): MMEngine init config.
        metainfo (dict, optional): See :class:`BaseLifter`.
    """

    def loss(self, inputs: Tensor, data_samples: SampleList) -> LossDict:
        """The head's loss of a ``(B, K, 2)`` batch."""
        return self.head.loss(
            self.extract_feat(inputs), data_samples,
            train_cfg=self.train_cfg)

    def predict(self, inputs: Tensor, data_samples: SampleList) -> SampleList:
        """Decoded predictions into ``pred_instances`` (mm)."""
        preds = self.head.predict(
            self.extract_feat(inputs), data_samples, test_cfg=self.test_cfg)
        for sample, inst in zip(data_samples, preds):
            sample.pred_instances = inst
        return data_samples
