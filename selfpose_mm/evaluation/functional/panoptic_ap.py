"""CMU Panoptic multi-person 3D metrics: AP@25..150, recall@500, MPJPE.

Exactly the rule of VoxelPose's ``Panoptic.evaluate`` (also used unchanged by
SelfPose3d and the mmpose 0.x port):

1. Frames without any ground-truth body are skipped (their predictions are
   neither true nor false positives).
2. Every prediction of a frame is compared with every GT body of that frame
   by the MPJPE over that body's visible joints, and keeps only its
   **nearest** GT (``mpjpe``, ``gt_id``) and its score. All GT bodies of
   scored frames count in ``total_gt``.
3. ``AP@t``: all predictions of the whole set are sorted by score
   (descending, stable for ties); greedily, a prediction is a true positive
   if ``mpjpe < t`` and its (nearest) GT is not yet claimed, otherwise a
   false positive. A prediction whose nearest GT is taken is a false positive
   even if another GT lies within ``t``. Precision is made monotone from the
   right and AP is the VOC all-point area with sentinels recall (0, 1) and
   precision (0, 0). The reference divides by ``total_gt + 1e-5`` and
   ``tp + fp + 1e-5``, so perfect predictions give ``1 - O(1e-5)``;
   ``eps=0`` gives exactly 1.
4. ``recall@t``: the final recall of the greedy matching at ``t``.
5. ``MPJPE``: the same greedy matching at 500 mm; the mean ``mpjpe`` of the
   matched predictions (``inf`` when nothing matches, as the reference).
6. ``recall@500``: the number of distinct GT ids that some prediction reaches
   with ``mpjpe < 500``, over ``total_gt``; no one-to-one constraint.

Deviation for degenerate input only: a GT body with no visible joint (e.g.
padding) is ignored, as mmpose 0.x does (VoxelPose never produces one).
"""
from typing import Any, Dict, Optional, Sequence, Tuple

import numpy as np

from ._utils import as_mask, to_numpy

__all__ = [
    'PANOPTIC_THRESHOLDS', 'match_nearest_gt', 'ap_at_threshold',
    'panoptic_ap_recall'
]

#: The MPJPE thresholds (mm) of VoxelPose's AP table.
PANOPTIC_THRESHOLDS = (25, 50, 75, 100, 125, 150)


def match_nearest_gt(
    preds: Sequence[Any],
    gts: Sequence[Any],
    gt_visible: Optional[Sequence[Any]] = None,
) -> Tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Match each prediction to its nearest GT body of the same frame.

    Args:
        preds (Sequence): Per frame, predictions in shape ``(N_i, K, 3)``
            (extra trailing channels beyond 3 are ignored).
        gts (Sequence): Per frame, GT bodies in shape ``(M_i, K, 3)``.
        gt_visible (Sequence, optional): Per frame, visibility in shape
            ``(M_i, K)``. Defaults to ``None`` (all visible).

    Returns:
        tuple: ``(mpjpe, gt_id, pred_index, total_gt)``: the nearest-GT
        MPJPE and the global GT index of every kept prediction (shape
        ``(P,)``), the global index of each kept prediction in the
        concatenation of ``preds`` (shape ``(P,)``), and the number of GT
        bodies in scored frames.
    """
    if len(preds) != len(gts):
        raise ValueError(f'{len(preds)} prediction frames for {len(gts)} '
                         'GT frames')
    mpjpes, gt_ids, pred_index = [], [], []
    total_gt = 0
    offset = 0
    for i, (pred, gt) in enumerate(zip(preds, gts)):
        gt = to_numpy(gt)
        pred = to_numpy(pred)
        num_pred = pred.shape[0] if pred.size else 0
        if gt.size == 0:
            offset += num_pred
            continue
        gt = gt.reshape(-1, *gt.shape[-2:])[..., :3]
        vis = as_mask(None if gt_visible is None else gt_visible[i],
                      gt.shape[:2])
        has_vis = vis.any(axis=1)
        gt, vis = gt[has_vis], vis[has_vis]
        if len(gt) == 0:
            offset += num_pred
            continue
        if num_pred:
            pred = pred.reshape(num_pred, -1, pred.shape[-1])[..., :3]
            dist = np.linalg.norm(
                pred[:, None] - gt[None], axis=-1)  # (N, M, K)
            err = (dist * vis[None]).sum(-1) / vis.sum(-1)[None]  # (N, M)
            err = np.where(np.isnan(err), np.inf, err)
            nearest = err.argmin(axis=1)
            mpjpes.append(err[np.arange(num_pred), nearest])
            gt_ids.append(nearest + total_gt)
            pred_index.append(np.arange(num_pred) + offset)
        total_gt += len(gt)
        offset += num_pred
    if mpjpes:
        return (np.concatenate(mpjpes), np.concatenate(gt_ids),
                np.concatenate(pred_index), total_gt)
    empty = np.zeros(0, dtype=np.int64)
    return np.zeros(0), empty, empty, total_gt


def _greedy_tp(mpjpe: np.ndarray, gt_id: np.ndarray,
               threshold: float) -> np.ndarray:
    """True-positive flags of the greedy matching of score-sorted items.

    An item is a TP iff ``mpjpe < threshold`` and it is the first such item
    (in the given order) with its ``gt_id``; this is the reference's
    sequential rule, vectorised.
    """
    tp = np.zeros(len(mpjpe), dtype=bool)
    cand = np.flatnonzero(mpjpe < threshold)
    if len(cand):
        _, first = np.unique(gt_id[cand], return_index=True)
        tp[cand[first]] = True
    return tp


def ap_at_threshold(mpjpe: np.ndarray,
                    gt_id: np.ndarray,
                    total_gt: int,
                    threshold: float,
                    eps: float = 1e-5) -> Tuple[float, float]:
    """VOC all-point AP and final recall of score-sorted matches.

    Args:
        mpjpe (np.ndarray): Nearest-GT MPJPE of each prediction, sorted by
            descending score, shape ``(P,)``.
        gt_id (np.ndarray): Nearest GT id of each prediction, shape ``(P,)``.
        total_gt (int): Number of GT bodies.
        threshold (float): MPJPE threshold (mm); a match needs
            ``mpjpe < threshold``.
        eps (float): The reference's denominators' epsilon. Defaults to
            ``1e-5``.

    Returns:
        tuple: ``(ap, recall)`` as fractions.
    """
    tp = np.cumsum(_greedy_tp(mpjpe, gt_id, threshold))
    fp = np.arange(1, len(tp) + 1) - tp
    recall = tp / (total_gt + eps)
    precision = tp / (tp + fp + eps)
    precision = np.maximum.accumulate(precision[::-1])[::-1]
    precision = np.concatenate(([0.], precision, [0.]))
    recall = np.concatenate(([0.], recall, [1.]))
    idx = np.flatnonzero(recall[1:] != recall[:-1])
    ap = np.sum((recall[idx + 1] - recall[idx]) * precision[idx + 1])
    return float(ap), float(recall[-2])


def panoptic_ap_recall(
    preds: Sequence[Any],
    gts: Sequence[Any],
    scores: Optional[Sequence[Any]] = None,
    gt_visible: Optional[Sequence[Any]] = None,
    thresholds: Sequence[float] = PANOPTIC_THRESHOLDS,
    recall_threshold: float = 500.,
    eps: float = 1e-5,
) -> Dict[str, float]:
    """Panoptic AP / recall / MPJPE of multi-person 3D poses (VoxelPose).

    See the module docstring for the exact rule.

    Args:
        preds (Sequence): Per frame, valid predictions in shape
            ``(N_i, K, 3)`` in mm (``N_i`` may be 0).
        gts (Sequence): Per frame, GT bodies in shape ``(M_i, K, 3)`` in mm.
        scores (Sequence, optional): Per frame, prediction scores (the root
            score in VoxelPose) in shape ``(N_i,)``. Defaults to ``None``
            (equal scores; ties keep the input order).
        gt_visible (Sequence, optional): Per frame, GT visibility in shape
            ``(M_i, K)``; nonzero is visible. Defaults to ``None``.
        thresholds (Sequence[float]): AP thresholds in mm. Defaults to
            ``(25, 50, 75, 100, 125, 150)``.
        recall_threshold (float): Threshold of ``recall@500`` and of the
            ``MPJPE`` matching, mm. Defaults to ``500``.
        eps (float): Epsilon of the reference's AP denominators. Defaults to
            ``1e-5``.

    Returns:
        dict: Fractions ``'AP@<t>'`` and ``'recall@<t>'`` for each threshold,
        ``'mAP'`` and ``'mAR'`` (their means; ``mAP`` is VoxelPose's
        model-selection number), ``'recall@<recall_threshold>'`` and
        ``'MPJPE'`` (mm), plus the counts ``'num_gt'`` and ``'num_pred'``.
        Threshold names use ``int`` formatting when the value is integral.

    Examples:
        >>> import numpy as np
        >>> gt = [np.zeros((1, 15, 3))]
        >>> out = panoptic_ap_recall([gt[0] + 30.], gt, eps=0.)
        >>> out['AP@25'], out['AP@75'], out['MPJPE']
        (0.0, 1.0, 51.96152422706632)
    """
    mpjpe, gt_id, pred_index, total_gt = match_nearest_gt(
        preds, gts, gt_visible)
    if scores is None:
        all_scores = np.zeros(len(pred_index))
    else:
        flat = [to_numpy(s).reshape(-1) for s in scores]
        flat = np.concatenate(flat) if flat else np.zeros(0)
        all_scores = flat[pred_index]
    order = np.argsort(-all_scores, kind='stable')
    mpjpe, gt_id = mpjpe[order], gt_id[order]

    def _name(t: float) -> str:
        return str(int(t)) if float(t).is_integer() else str(t)

    out: Dict[str, float] = {}
    aps, recs = [], []
    for t in thresholds:
        ap, rec = ap_at_threshold(mpjpe, gt_id, total_gt, t, eps)
        out[f'AP@{_name(t)}'] = ap
        aps.append(ap)
        recs.append(rec)
    for t, rec in zip(thresholds, recs):
        out[f'recall@{_name(t)}'] = rec
    out['mAP'] = float(np.mean(aps)) if aps else float('nan')
    out['mAR'] = float(np.mean(recs)) if recs else float('nan')
    reached = np.unique(gt_id[mpjpe < recall_threshold])
    out[f'recall@{_name(recall_threshold)}'] = (
        len(reached) / total_gt if total_gt else 0.0)
    tp = _greedy_tp(mpjpe, gt_id, recall_threshold)
    out['MPJPE'] = float(mpjpe[tp].mean()) if tp.any() else float('inf')
    out['num_gt'] = int(total_gt)
    out['num_pred'] = int(len(mpjpe))
    return out
