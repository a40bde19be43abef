"""Shelf / Campus PCP (percentage of correct parts), VoxelPose protocol.

The rule of VoxelPose's ``Shelf.evaluate`` / ``Campus.evaluate`` (shared by
SelfPose3d and mmpose 0.x):

1. Predictions are converted to the 14-joint Shelf layout
   (:func:`~.shelf_joints.to_shelf14`, head joints synthesised).
2. For every GT actor present in a frame, the prediction of that frame with
   the smallest mean error over all 14 joints is chosen. There is **no**
   one-to-one constraint: two actors may pick the same prediction.
   ``recall@500`` counts actor-frames whose chosen prediction is closer
   than 500 mm.
3. Ten parts are scored: the 9 limbs ``SHELF_LIMBS`` plus a torso part from
   the hip centre (mean of joints 2 and 3) to bottom-head (12). A part is
   correct if ``(|p_s - g_s| + |p_e - g_e|) / 2 <= alpha * |g_s - g_e|``
   (average-endpoint PCP, ``alpha = 0.5``).
4. Actor PCP = correct parts / scored parts; the average is the mean over
   the evaluated actors (the first three, ids 0, 1, 2, in the reference).

Frames without predictions: VoxelPose's COCO branch crashes on them and
SelfPose3d's Panoptic branch silently **skips** them (a bare
``try/except: continue``), dropping their GT parts. Here they count as
misses (all 10 parts wrong, not recalled) unless
``skip_frames_without_pred=True``, which emulates SelfPose3d.

Deliberate deviation: a prediction whose mean error is NaN (a NaN joint)
can never be chosen; the reference's ``np.argmin`` would pick it for every
actor of the frame and fail all their parts.
"""
from collections import OrderedDict
from typing import Any, Dict, Optional, Sequence

import numpy as np

from ._utils import to_numpy
from .shelf_joints import to_shelf14

__all__ = [
    'SHELF_LIMBS', 'SHELF_PART_NAMES', 'SHELF_BONE_GROUPS', 'pcp_correct',
    'shelf_campus_pcp'
]

#: The 9 limbs scored by PCP, as Shelf joint index pairs.
SHELF_LIMBS = ((0, 1), (1, 2), (3, 4), (4, 5), (6, 7), (7, 8), (9, 10),
               (10, 11), (12, 13))
#: Names of the 10 parts (9 limbs, then the torso part).
SHELF_PART_NAMES = ('R lower leg', 'R upper leg', 'L upper leg',
                    'L lower leg', 'R lower arm', 'R upper arm',
                    'L upper arm', 'L lower arm', 'Head', 'Torso')
#: Part groups of the reference's bone table (indices into the 10 parts).
SHELF_BONE_GROUPS = OrderedDict([('Head', (8, )), ('Torso', (9, )),
                                 ('Upper arms', (5, 6)),
                                 ('Lower arms', (4, 7)),
                                 ('Upper legs', (1, 2)),
                                 ('Lower legs', (0, 3))])

_STARTS = np.array([s for s, _ in SHELF_LIMBS])
_ENDS = np.array([e for _, e in SHELF_LIMBS])


def pcp_correct(pred: Any, gt: Any, alpha: float = 0.5) -> np.ndarray:
    """Correctness of the 10 Shelf parts of matched pose pairs.

    Args:
        pred (np.ndarray): Matched predictions in Shelf layout, shape
            ``(..., 14, 3)``; NaN joints make their parts wrong.
        gt (np.ndarray): GT poses in shape ``(..., 14, 3)``.
        alpha (float): Tolerance as a fraction of the GT part length.
            Defaults to ``0.5``.

    Returns:
        np.ndarray: Boolean array in shape ``(..., 10)``, parts ordered as
        ``SHELF_PART_NAMES``.
    """
    pred = to_numpy(pred)[..., :3]
    gt = to_numpy(gt)[..., :3]
    pred_hip = (pred[..., 2, :] + pred[..., 3, :]) / 2
    gt_hip = (gt[..., 2, :] + gt[..., 3, :]) / 2
    p_s = np.concatenate([pred[..., _STARTS, :], pred_hip[..., None, :]], -2)
    p_e = np.concatenate([pred[..., _ENDS, :], pred[..., 12:13, :]], -2)
    g_s = np.concatenate([gt[..., _STARTS, :], gt_hip[..., None, :]], -2)
    g_e = np.concatenate([gt[..., _ENDS, :], gt[..., 12:13, :]], -2)
    err = (np.linalg.norm(p_s - g_s, axis=-1) +
           np.linalg.norm(p_e - g_e, axis=-1)) / 2
    length = np.linalg.norm(g_s - g_e, axis=-1)
    return err <= alpha * length


def shelf_campus_pcp(
    preds: Sequence[Any],
    gts: Sequence[Any],
    gt_ids: Optional[Sequence[Any]] = None,
    actor_ids: Sequence[int] = (0, 1, 2),
    pred_layout: str = 'auto',
    alpha: float = 0.5,
    recall_threshold: float = 500.,
    skip_frames_without_pred: bool = False,
) -> Dict[str, Any]:
    """Per-actor PCP on Shelf or Campus (VoxelPose protocol).

    See the module docstring for the exact rule.

    Args:
        preds (Sequence): Per frame, valid predictions in shape
            ``(N_i, J, 3)`` in mm, ``J`` per ``pred_layout``; ``N_i`` may be
            0.
        gts (Sequence): Per frame, the GT actors present, shape
            ``(M_i, 14, 3)`` in mm (Shelf layout).
        gt_ids (Sequence, optional): Per frame, actor ids of the GT rows,
            shape ``(M_i,)``; zero-based actor indices as in
            ``actorsGT.mat`` (0..3 on Shelf, 0..2 on Campus). Defaults to
            ``None`` (the row index).
        actor_ids (Sequence[int]): Actors whose PCP is averaged. Defaults to
            ``(0, 1, 2)``, the reference's ``actor_pcp[:3]``.
        pred_layout (str): Layout of the predictions, see
            :func:`~.shelf_joints.to_shelf14`. Defaults to ``'auto'``.
        alpha (float): PCP tolerance. Defaults to ``0.5``.
        recall_threshold (float): Matching distance of ``recall@500``, mm.
            Defaults to ``500``.
        skip_frames_without_pred (bool): Emulate SelfPose3d by dropping
            frames without any prediction instead of counting their GT
            actors as misses. Defaults to ``False``.

    Returns:
        dict: With ``A`` the sorted ids of all actors seen in the GT:
        ``actor_ids`` (list of A ints), ``actor_pcp`` (A fractions),
        ``part_pcp`` (A x 10 fractions, parts as ``SHELF_PART_NAMES``),
        ``bone_group_pcp`` (ordered dict ``group -> A fractions``),
        ``num_parts`` (A counts of scored parts), ``average`` (the mean
        actor PCP over the requested ``actor_ids`` that occur in the GT;
        ``nan`` if none does), ``recall@<recall_threshold>`` (fraction of
        scored actor-frames), ``mpjpe`` (mean 14-joint error of the chosen
        predictions over actor-frames that have one, mm),
        ``num_frames_without_pred`` and ``num_skipped_frames``.
    """
    if len(preds) != len(gts):
        raise ValueError(f'{len(preds)} prediction frames for {len(gts)} '
                         'GT frames')
    matched, gt_all, ids_all, dist_all = [], [], [], []
    frames_without_pred = skipped = 0
    for i, (pred, gt) in enumerate(zip(preds, gts)):
        gt = to_numpy(gt)
        if gt.size == 0:
            continue
        gt = gt.reshape(-1, 14, gt.shape[-1])[..., :3]
        ids = (np.arange(len(gt)) if gt_ids is None else to_numpy(
            gt_ids[i], dtype=np.int64).reshape(-1))
        pred = to_numpy(pred)
        if pred.size == 0:
            frames_without_pred += 1
            if skip_frames_without_pred:
                skipped += 1
                continue
            chosen = np.full(gt.shape, np.nan)
            dist = np.full(len(gt), np.inf)
        else:
            pred = to_shelf14(
                pred.reshape(-1, *pred.shape[-2:]), pred_layout)
            err = np.linalg.norm(
                gt[:, None] - pred[None], axis=-1).mean(-1)  # (M, N)
            err = np.where(np.isnan(err), np.inf, err)
            best = err.argmin(axis=1)
            chosen = pred[best]
            dist = err[np.arange(len(gt)), best]
        matched.append(chosen)
        gt_all.append(gt)
        ids_all.append(ids)
        dist_all.append(dist)

    if gt_all:
        correct = pcp_correct(np.concatenate(matched), np.concatenate(gt_all),
                              alpha)
        ids = np.concatenate(ids_all)
        dist = np.concatenate(dist_all)
    else:
        correct = np.zeros((0, len(SHELF_PART_NAMES)), dtype=bool)
        ids = np.zeros(0, dtype=np.int64)
        dist = np.zeros(0)
    actors, inverse = np.unique(ids, return_inverse=True)
    inverse = inverse.reshape(-1)
    frames = np.bincount(inverse, minlength=len(actors))  # actor-frames
    part_correct = np.stack([
        np.bincount(inverse, correct[:, j], minlength=len(actors))
        for j in range(correct.shape[1])
    ], axis=1) if len(actors) else np.zeros((0, correct.shape[1]))
    with np.errstate(invalid='ignore', divide='ignore'):
        part_pcp = part_correct / frames[:, None]
        actor_pcp = part_correct.sum(1) / (frames * correct.shape[1])
    groups = OrderedDict(
        (name, part_pcp[:, list(idx)].mean(axis=1) if len(actors) else
         np.zeros(0)) for name, idx in SHELF_BONE_GROUPS.items())
    wanted = [np.flatnonzero(actors == a) for a in actor_ids]
    wanted = [w[0] for w in wanted if len(w)]
    average = (float(actor_pcp[wanted].mean()) if wanted else float('nan'))
    finite = np.isfinite(dist)

    def _name(t: float) -> str:
        return str(int(t)) if float(t).is_integer() else str(t)

    return {
        'actor_ids': [int(a) for a in actors],
        'actor_pcp': actor_pcp,
        'part_pcp': part_pcp,
        'bone_group_pcp': groups,
        'num_parts': frames * correct.shape[1],
        'average': average,
        f'recall@{_name(recall_threshold)}':
        (float((dist < recall_threshold).mean()) if len(dist) else 0.0),
        'mpjpe': float(dist[finite].mean()) if finite.any() else float('nan'),
        'num_frames_without_pred': frames_without_pred,
        'num_skipped_frames': skipped,
    }
