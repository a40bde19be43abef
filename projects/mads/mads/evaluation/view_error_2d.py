"""Mean 2D keypoint error of every view, in crop pixels."""
from typing import Any, Dict, List, Sequence

import numpy as np
from mmengine.evaluator import BaseMetric

from selfpose_mm.registry import METRICS

__all__ = ['ViewKeypointError2D']


def _np(x: Any) -> np.ndarray:
    return x.detach().cpu().numpy() if hasattr(x, 'detach') else \
        np.asarray(x)


@METRICS.register_module()
class ViewKeypointError2D(BaseMetric):
    """Euclidean 2D error (crop px) of each view's predicted keypoints.

    Reads ``pred_instances.keypoints_2d`` ``(1, V, K, 2)`` and
    ``gt_instances.keypoints_2d`` / ``keypoints_2d_visible`` ``(1, V, K)``
    (the projections of the 3D ground truth by the crop cameras); joints
    not visible in a view are skipped. Reports ``2d/view{v}`` and
    ``2d/mean`` (mean over views of the per-view means).

    Args:
        collect_device (str): MMEngine collect device.
        prefix (str, optional): Metric name prefix. Defaults to ``'2d'``.
    """

    default_prefix = '2d'

    def __init__(self, collect_device: str = 'cpu', prefix: str = None):
        super().__init__(collect_device=collect_device, prefix=prefix)

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        """Store the per-view error sums and counts of each sample."""
        for s in data_samples:
            gt = s['gt_instances']
            pred = s['pred_instances']
            if 'keypoints_2d' not in pred:
                raise KeyError('ViewKeypointError2D needs '
                               'pred_instances.keypoints_2d (V, K, 2); the '
                               'MADS heads predict it')
            kp = _np(pred['keypoints_2d']).reshape(_np(
                gt['keypoints_2d']).shape)
            g = _np(gt['keypoints_2d'])
            vis = _np(gt['keypoints_2d_visible']) > 0
            err = np.linalg.norm(kp - g, axis=-1)[0]  # (V, K)
            self.results.append(
                dict(sum=np.where(vis[0], err, 0.).sum(-1),
                     n=vis[0].sum(-1)))

    def compute_metrics(self, results: List[dict]) -> Dict[str, float]:
        """Per-view means and their mean."""
        s = np.sum([r['sum'] for r in results], 0)
        n = np.maximum(np.sum([r['n'] for r in results], 0), 1)
        per_view = s / n
        out = {f'view{v}': float(e) for v, e in enumerate(per_view)}
        out['mean'] = float(per_view.mean())
        return out
