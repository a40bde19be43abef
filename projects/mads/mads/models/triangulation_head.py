"""Simple-Baselines heatmap head per view, followed by DLT (2D baseline)."""
from typing import Dict, Optional, Sequence

import torch
from mmpose.models.heads import HeatmapHead
from torch import Tensor

from selfpose_mm.geometry import triangulate_dlt
from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import (ConfigType, InstanceList,
                                      OptConfigType, SampleList)
from .cdr_head import _to_instances, stack_view_labels
from .ops import argmax_refine_2d, stack_camera_tensors

__all__ = ['TriangulationHeatmapHead']

OptIntSeq = Optional[Sequence[int]]


@MODELS.register_module()
class TriangulationHeatmapHead(HeatmapHead):
    """mmpose's ``HeatmapHead`` run on every view, then triangulated.

    Training is purely 2D (heatmap MSE against the ``MSRAHeatmap`` targets
    of every view, the views are independent); at test time each view's
    heatmaps are decoded (argmax with quarter-pixel refinement, as
    ``MSRAHeatmap.decode`` does, but batched in torch) and the views are
    triangulated by :func:`selfpose_mm.geometry.triangulate_dlt`,
    optionally weighted by the heatmap maxima.

    The layers and parameter names are those of ``HeatmapHead``, so a
    checkpoint of a 2D top-down model (e.g. the COCO/MPII pretraining)
    loads directly.

    Args:
        in_channels (int): Backbone channels.
        out_channels (int): Number of joints K.
        deconv_out_channels (Sequence[int]): As in ``HeatmapHead``.
        deconv_kernel_sizes (Sequence[int]): As in ``HeatmapHead``.
        conv_out_channels (Sequence[int], optional): As in ``HeatmapHead``.
        conv_kernel_sizes (Sequence[int], optional): As in ``HeatmapHead``.
        final_layer (dict): As in ``HeatmapHead``.
        loss (dict): Heatmap loss. Defaults to ``KeypointMSELoss`` with
            target weights.
        decoder (dict): The heatmap codec (``MSRAHeatmap``); its
            ``input_size / heatmap_size`` gives the stride. Required.
        confidence_weights (bool): Weight each view's DLT rows by the
            heatmap maximum. Defaults to True.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 in_channels: int,
                 out_channels: int,
                 deconv_out_channels: OptIntSeq = (256, 256, 256),
                 deconv_kernel_sizes: OptIntSeq = (4, 4, 4),
                 conv_out_channels: OptIntSeq = None,
                 conv_kernel_sizes: OptIntSeq = None,
                 final_layer: dict = dict(kernel_size=1),
                 loss: ConfigType = dict(
                     type='KeypointMSELoss', use_target_weight=True),
                 decoder: OptConfigType = None,
                 confidence_weights: bool = True,
                 init_cfg: OptConfigType = None) -> None:
        if decoder is None:
            raise ValueError('TriangulationHeatmapHead needs decoder='
                             "dict(type='MSRAHeatmap', input_size=..., "
                             'heatmap_size=..., sigma=...)')
        super().__init__(
            in_channels=in_channels,
            out_channels=out_channels,
            deconv_out_channels=deconv_out_channels,
            deconv_kernel_sizes=deconv_kernel_sizes,
            conv_out_channels=conv_out_channels,
            conv_kernel_sizes=conv_kernel_sizes,
            final_layer=final_layer,
            loss=loss,
            decoder=decoder,
            init_cfg=init_cfg)
        self.confidence_weights = confidence_weights

    def forward_views(self, feats: Sequence[Tensor],
                      cameras: Dict[str, Tensor]) -> Dict[str, Tensor]:
        """Heatmaps of every view, decoded and triangulated.

        Args:
            feats: Backbone outputs; the last is ``(B * V, C, h, w)``.
            cameras: ``P`` ``(B, V, 3, 4)`` crop-pixel projections.

        Returns:
            dict: ``heatmaps`` ``(B, V, K, H, W)``, ``keypoints_2d``
            ``(B, V, K, 2)`` crop pixels, ``scores`` ``(B, V, K)`` and
            ``keypoints_3d`` ``(B, K, 3)`` mm.
        """
        heatmaps = self.forward(feats)
        P = cameras['P'].to(heatmaps)
        B, V = P.shape[:2]
        with torch.no_grad():
            xy, vals = argmax_refine_2d(heatmaps.detach())
        scale = heatmaps.new_tensor(self.decoder.scale_factor)
        kp2d = (xy * scale).view(B, V, -1, 2)
        scores = vals.view(B, V, -1)
        weights = scores.clamp_min(1e-3) if self.confidence_weights \
            else None
        kp3d = triangulate_dlt(kp2d.double(), P.double(),
                               None if weights is None else weights.double())
        return dict(
            heatmaps=heatmaps.view(B, V, *heatmaps.shape[1:]),
            keypoints_2d=kp2d,
            scores=scores,
            keypoints_3d=kp3d.to(heatmaps.dtype))

    def loss(self,
             feats: Sequence[Tensor],
             data_samples: SampleList,
             train_cfg: ConfigType = {}) -> Dict[str, Tensor]:
        """Heatmap MSE over all views (``loss_kpt``)."""
        pred = self.forward(feats)
        gt = stack_view_labels(data_samples, pred.device,
                               ('heatmaps', 'heatmap_weights'))
        target = gt['heatmaps'].flatten(0, 1)  # (B * V, K, H, W)
        weights = gt['heatmap_weights'].flatten(0, 1)  # (B * V, K)
        if target.shape != pred.shape:
            raise ValueError(f'target heatmaps {tuple(target.shape)} do not '
                             f'match the predictions {tuple(pred.shape)}; '
                             'check the codec heatmap_size')
        return dict(loss_kpt=self.loss_module(pred, target, weights))

    def predict(self,
                feats: Sequence[Tensor],
                data_samples: SampleList,
                test_cfg: Optional[ConfigType] = None) -> InstanceList:
        """Triangulated predictions, one ``InstanceData`` per sample."""
        cams = stack_camera_tensors(data_samples, feats[-1].device)
        out = self.forward_views(feats, cams)
        return _to_instances(out['keypoints_3d'], out['keypoints_2d'],
                             out['scores'])
