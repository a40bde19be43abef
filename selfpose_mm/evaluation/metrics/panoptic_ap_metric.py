"""Panoptic multi-person AP / recall / MPJPE metric (VoxelPose rule)."""
from collections import OrderedDict
from typing import Any, Dict, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from selfpose_mm.registry import METRICS
from ..functional import PANOPTIC_THRESHOLDS, panoptic_ap_recall
from ._utils import format_table, get_field, to_numpy

__all__ = ['PanopticAPMetric']


@METRICS.register_module()
class PanopticAPMetric(BaseMetric):
    """AP@25..150, recall@500 and MPJPE of multi-person 3D poses.

    One data sample is one frame: ``pred_instances.keypoints_3d``
    ``(N, K, 3)`` mm (valid proposals only; N may be 0),
    ``pred_instances.scores`` ``(N,)`` (optional; the root score in
    VoxelPose), ``gt_instances.keypoints_3d`` ``(M, K, 3)`` mm and
    ``gt_instances.keypoints_3d_visible`` ``(M, K)`` (optional; nonzero =
    visible; datasets threshold raw confidences, VoxelPose uses > 0.1). The
    maths is :func:`~selfpose_mm.evaluation.functional.panoptic_ap_recall`;
    see its module for the exact matching rule (frames without GT are
    skipped; nearest-GT matching; greedy per-threshold claiming in score
    order; recall@500 without the one-to-one constraint).

    Keys, in percent except MPJPE (mm): ``AP@25`` ... ``AP@150``,
    ``recall@25`` ... ``recall@150`` (final recall of each greedy
    matching), ``mAP`` (mean AP, VoxelPose's model-selection number),
    ``mAR``, ``recall@500`` and ``MPJPE`` (matched at 500 mm). With the
    default prefix they read ``panoptic/AP@25``.

    Args:
        thresholds (Sequence[float]): AP thresholds in mm. Defaults to
            ``(25, 50, 75, 100, 125, 150)``.
        recall_threshold (float): Threshold of recall@500 and MPJPE, mm.
            Defaults to ``500``.
        eps (float): The reference's AP denominator epsilon. Defaults to
            ``1e-5``.
        collect_device (str): ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Key prefix. Defaults to ``None``
            (``'panoptic'``).
    """

    default_prefix: Optional[str] = 'panoptic'

    def __init__(self,
                 thresholds: Sequence[float] = PANOPTIC_THRESHOLDS,
                 recall_threshold: float = 500.,
                 eps: float = 1e-5,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.thresholds = tuple(thresholds)
        self.recall_threshold = recall_threshold
        self.eps = eps

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        """Store the predictions and GT of each frame.

        Args:
            data_batch (Any): The batch from the dataloader (unused).
            data_samples (Sequence[dict]): Samples as plain dicts.
        """
        for sample in data_samples:
            gt = to_numpy(get_field(sample, 'gt_instances', 'keypoints_3d'))
            gt = gt.reshape(-1, *gt.shape[-2:]) if gt.size else gt
            pred = to_numpy(
                get_field(sample, 'pred_instances', 'keypoints_3d'))
            pred = pred.reshape(-1, *pred.shape[-2:])[..., :3] \
                if pred.size else np.zeros((0, 0, 3))
            scores = get_field(sample, 'pred_instances', 'scores', False)
            scores = (np.zeros(len(pred)) if scores is None else
                      to_numpy(scores).reshape(-1))
            if len(scores) != len(pred):
                raise ValueError(f'{len(scores)} scores for {len(pred)} '
                                 'predictions')
            vis = get_field(sample, 'gt_instances', 'keypoints_3d_visible',
                            False)
            self.results.append(
                dict(
                    pred=pred.astype(np.float32),
                    scores=scores,
                    gt=gt.astype(np.float32),
                    gt_visible=None if vis is None else to_numpy(
                        vis, dtype=None)))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """Compute AP, recall and MPJPE over all stored frames.

        Args:
            results (list): The stored per-frame results.

        Returns:
            Dict[str, float]: See the class docstring.
        """
        vis = [r['gt_visible'] for r in results]
        out = panoptic_ap_recall(
            [r['pred'] for r in results], [r['gt'] for r in results],
            scores=[r['scores'] for r in results],
            gt_visible=None if all(v is None for v in vis) else vis,
            thresholds=self.thresholds,
            recall_threshold=self.recall_threshold,
            eps=self.eps)
        metrics: Dict[str, float] = OrderedDict()
        for key, value in out.items():
            if key.startswith(('AP@', 'recall@', 'mAP', 'mAR')):
                metrics[key] = 100. * value
        metrics['MPJPE'] = out['MPJPE']
        self._log_table(metrics, out['num_gt'], out['num_pred'])
        return metrics

    def _log_table(self, metrics: Dict[str, float], num_gt: int,
                   num_pred: int) -> None:
        """Print the AP / recall table through the current logger."""
        names = [
            str(int(t)) if float(t).is_integer() else str(t)
            for t in self.thresholds
        ]
        rows = [['AP (%)'] + [metrics[f'AP@{n}'] for n in names] +
                [metrics['mAP']],
                ['recall (%)'] + [metrics[f'recall@{n}'] for n in names] +
                [metrics['mAR']]]
        rec_key = [k for k in metrics if k.startswith('recall@')][-1]
        title = (f'{num_gt} GT bodies, {num_pred} predictions; '
                 f'{rec_key}: {metrics[rec_key]:.2f} %, '
                 f"MPJPE: {metrics['MPJPE']:.2f} mm")
        print_log(
            format_table(['threshold (mm)'] + names + ['mean'], rows, title),
            logger='current')
