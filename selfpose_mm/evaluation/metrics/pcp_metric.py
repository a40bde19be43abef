"""Shelf / Campus PCP metric (VoxelPose protocol)."""
from collections import OrderedDict
from typing import Any, Dict, Optional, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from selfpose_mm.registry import METRICS
from ..functional import shelf_campus_pcp
from ._utils import format_table, get_field, to_numpy

__all__ = ['PCPMetric']


@METRICS.register_module()
class PCPMetric(BaseMetric):
    """Per-actor PCP on Shelf or Campus.

    One data sample is one frame: ``pred_instances.keypoints_3d``
    ``(N, J, 3)`` mm (valid predictions only, N may be 0; J = 14 Shelf,
    15 Panoptic, 17 COCO or 25 OpenPose BODY_25, see ``pred_layout``),
    ``gt_instances.keypoints_3d`` ``(M, 14, 3)`` mm (the actors present in
    the frame, Shelf joint order) and ``gt_instances.instance_ids`` ``(M,)``
    (zero-based actor indices as in ``actorsGT.mat``; the row index if
    missing). The maths is
    :func:`~selfpose_mm.evaluation.functional.shelf_campus_pcp`: nearest
    prediction per GT actor (no one-to-one constraint), 9 limbs plus torso,
    average-endpoint rule with ``alpha = 0.5``, head joints synthesised from
    the prediction as VoxelPose / SelfPose3d do.

    Frames without predictions count as misses. ``skip_frames_without_pred
    =True`` emulates SelfPose3d's evaluation, which drops such frames (a bare
    ``try/except``) and so reports higher numbers.

    Keys, in percent: ``Actor <id + 1>`` for each id of ``actor_ids``
    (``nan`` for an actor absent from the GT, with a warning), ``Average``
    (mean over the present ones among them) and ``recall@500``; with
    ``prefix='shelf'`` they read ``shelf/Actor 1``. The bone-group table
    (Head, Torso, Upper/Lower arms and legs) is printed to the log.

    Args:
        actor_ids (Sequence[int]): Zero-based ids of the reported and
            averaged actors. Defaults to ``(0, 1, 2)`` (Shelf and Campus
            actors 1-3).
        pred_layout (str): ``'auto'``, ``'shelf14'``, ``'panoptic15'``,
            ``'coco17'`` or ``'body25'``. Defaults to ``'auto'`` (from J).
        alpha (float): PCP tolerance. Defaults to ``0.5``.
        recall_threshold (float): Distance of ``recall@500``, mm. Defaults
            to ``500``.
        skip_frames_without_pred (bool): Drop frames with no prediction
            instead of counting them as misses. Defaults to ``False``.
        dataset_name (str, optional): Used as the prefix when ``prefix`` is
            not given, e.g. ``'shelf'`` or ``'campus'``. Defaults to
            ``None``.
        collect_device (str): ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Key prefix. Defaults to ``None``
            (``dataset_name``, else ``'pcp'``).
    """

    default_prefix: Optional[str] = 'pcp'

    def __init__(self,
                 actor_ids: Sequence[int] = (0, 1, 2),
                 pred_layout: str = 'auto',
                 alpha: float = 0.5,
                 recall_threshold: float = 500.,
                 skip_frames_without_pred: bool = False,
                 dataset_name: Optional[str] = None,
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(
            collect_device=collect_device, prefix=prefix or dataset_name)
        self.actor_ids = tuple(int(a) for a in actor_ids)
        self.pred_layout = pred_layout
        self.alpha = alpha
        self.recall_threshold = recall_threshold
        self.skip_frames_without_pred = skip_frames_without_pred

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        """Store the predictions and GT actors of each frame.

        Args:
            data_batch (Any): The batch from the dataloader (unused).
            data_samples (Sequence[dict]): Samples as plain dicts.
        """
        for sample in data_samples:
            gt = to_numpy(get_field(sample, 'gt_instances', 'keypoints_3d'))
            gt = gt.reshape(-1, *gt.shape[-2:]) if gt.size else gt
            ids = get_field(sample, 'gt_instances', 'instance_ids', False)
            ids = (np.arange(len(gt)) if ids is None else to_numpy(
                ids, dtype=np.int64).reshape(-1))
            pred = to_numpy(
                get_field(sample, 'pred_instances', 'keypoints_3d'))
            pred = pred.reshape(-1, *pred.shape[-2:])[..., :3] \
                if pred.size else np.zeros((0, 0, 3))
            self.results.append(
                dict(
                    pred=pred.astype(np.float32),
                    gt=gt.astype(np.float32),
                    ids=ids))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """Compute per-actor and average PCP.

        Args:
            results (list): The stored per-frame results.

        Returns:
            Dict[str, float]: See the class docstring.
        """
        out = shelf_campus_pcp(
            [r['pred'] for r in results], [r['gt'] for r in results],
            gt_ids=[r['ids'] for r in results],
            actor_ids=self.actor_ids,
            pred_layout=self.pred_layout,
            alpha=self.alpha,
            recall_threshold=self.recall_threshold,
            skip_frames_without_pred=self.skip_frames_without_pred)
        seen = out['actor_ids']
        metrics: Dict[str, float] = OrderedDict()
        for aid in self.actor_ids:
            value = (out['actor_pcp'][seen.index(aid)]
                     if aid in seen else float('nan'))
            metrics[f'Actor {aid + 1}'] = 100. * float(value)
        metrics['Average'] = 100. * out['average']
        rec_key = [k for k in out if k.startswith('recall@')][0]
        metrics[rec_key] = 100. * out[rec_key]
        missing = [a + 1 for a in self.actor_ids if a not in seen]
        if missing:
            print_log(
                f'PCP: actors {missing} never appear in the ground truth; '
                'they are left out of the average.',
                logger='current',
                level=30)
        self._log_table(out, rec_key)
        return metrics

    def _log_table(self, out: Dict[str, Any], rec_key: str) -> None:
        """Print the per-actor bone-group table through the logger."""
        seen = out['actor_ids']
        header = ['part (%)'] + [f'Actor {a + 1}' for a in seen]
        rows = [[name] + list(100. * np.asarray(values))
                for name, values in out['bone_group_pcp'].items()]
        rows.append(['Total'] + list(100. * np.asarray(out['actor_pcp'])))
        title = (f"PCP average {100. * out['average']:.2f} % over actors "
                 f'{[a + 1 for a in self.actor_ids]}; {rec_key}: '
                 f'{100. * out[rec_key]:.2f} %; frames without prediction: '
                 f"{out['num_frames_without_pred']} ("
                 f"{'skipped' if self.skip_frames_without_pred else 'misses'}"
                 ')')
        print_log(format_table(header, rows, title), logger='current')
