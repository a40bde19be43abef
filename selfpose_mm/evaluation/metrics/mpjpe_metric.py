"""MPJPE / P-MPJPE / N-MPJPE / MPJVE metric for lifting and single-person
3D evaluation, with VideoPose3D's per-action averaging."""
from collections import OrderedDict, defaultdict
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log

from selfpose_mm.registry import METRICS
from ..functional import action_category, group_average, keypoint_errors
from ._utils import as_mask, format_table, get_field, to_numpy

__all__ = ['MPJPEMetric']


@METRICS.register_module()
class MPJPEMetric(BaseMetric):
    """Joint position / velocity errors in mm, optionally per action.

    Every data sample holds ``T`` poses (``T`` frames of one sequence, or
    one frame with ``T = 1``) as ``pred_instances.keypoints_3d`` and
    ``gt_instances.keypoints_3d`` in shape ``(T, K, 3)``, with optional
    ``gt_instances.keypoints_3d_visible`` ``(T, K)``; see
    :mod:`selfpose_mm.evaluation.metrics` for the full contract.

    Modes and keys:

    - ``'mpjpe'`` -> ``MPJPE``: no alignment (Protocol #1).
    - ``'p-mpjpe'`` -> ``P-MPJPE``: per-frame similarity Procrustes
      (Protocol #2).
    - ``'n-mpjpe'`` -> ``N-MPJPE``: per-frame optimal scale about the origin
      (Protocol #3). VideoPose3D applies it to root-relative poses; mmpose
      to absolute ones. Set ``root_index`` for VideoPose3D parity.
    - ``'mpjve'`` -> ``MPJVE``: error of the first temporal difference. A
      sample with ``T > 1`` is one sequence. Samples with ``T = 1`` are
      chained into sequences by the metainfo ``(subject, action,
      sequence)`` and ordered by ``frame_id``; without ``sequence`` they
      give no velocity.

    Averaging. Means are over visible joints (frame-weighted when all joints
    are visible). With ``group_by=None`` each key is the mean over all frames
    (mmpose's number). With ``group_by='action'`` (Human3.6M) or
    ``'subject_action'`` (HumanEva, VideoPose3D's ``--by-subject``), the
    main key (e.g. ``MPJPE``) is VideoPose3D's number: the unweighted mean
    over groups of per-group frame-weighted means; ``MPJPE_frame`` is the
    mean over all frames and ``MPJPE_<group>`` each group's mean (group
    ``<subject>_<action>`` for ``'subject_action'``). Action names are cut
    at the first ``action_sep`` (``'Walking 1 chunk0'`` -> ``'Walking'``).

    Args:
        modes (str | Sequence[str]): Subset of ``('mpjpe', 'p-mpjpe',
            'n-mpjpe', 'mpjve')``. Defaults to ``('mpjpe', 'p-mpjpe')``.
        group_by (str, optional): ``None``, ``'action'`` or
            ``'subject_action'``. Defaults to ``None``.
        root_index (int, optional): If set, both prediction and GT are made
            relative to their own joint ``root_index`` before every mode
            (VideoPose3D / HumanEva P1 protocol). Defaults to ``None``.
        action_sep (str, optional): Separator for action categories;
            ``None`` keeps full action names. Defaults to ``' '``.
        collect_device (str): ``'cpu'`` or ``'gpu'``. Defaults to ``'cpu'``.
        prefix (str, optional): Key prefix. Defaults to ``None``: no prefix,
            so ``save_best='MPJPE'`` works as in mmpose configs (MMEngine
            then logs a one-line warning; pass e.g. ``prefix='h36m'`` to
            get ``h36m/MPJPE``).
    """

    MODES = OrderedDict([('mpjpe', ('MPJPE', 'none')),
                         ('p-mpjpe', ('P-MPJPE', 'procrustes')),
                         ('n-mpjpe', ('N-MPJPE', 'scale')),
                         ('mpjve', ('MPJVE', None))])
    GROUP_BY = (None, 'action', 'subject_action')
    default_prefix: Optional[str] = None

    def __init__(self,
                 modes: Union[str, Sequence[str]] = ('mpjpe', 'p-mpjpe'),
                 group_by: Optional[str] = None,
                 root_index: Optional[int] = None,
                 action_sep: Optional[str] = ' ',
                 collect_device: str = 'cpu',
                 prefix: Optional[str] = None) -> None:
        super().__init__(collect_device=collect_device, prefix=prefix)
        modes = [modes] if isinstance(modes, str) else list(modes)
        bad = [m for m in modes if m not in self.MODES]
        if bad or not modes:
            raise KeyError(f'modes must be a non-empty subset of '
                           f'{list(self.MODES)}, got {modes}')
        if group_by not in self.GROUP_BY:
            raise ValueError(f'group_by must be one of {self.GROUP_BY}, '
                             f'got {group_by!r}')
        self.modes = [m for m in self.MODES if m in modes]
        self.group_by = group_by
        self.root_index = root_index
        self.action_sep = action_sep

    def process(self, data_batch: Any, data_samples: Sequence[dict]) -> None:
        """Compute per-joint errors of each sample and store them.

        Args:
            data_batch (Any): The batch from the dataloader (unused).
            data_samples (Sequence[dict]): Samples as plain dicts.
        """
        for sample in data_samples:
            gt = to_numpy(get_field(sample, 'gt_instances', 'keypoints_3d'))
            pred = to_numpy(
                get_field(sample, 'pred_instances', 'keypoints_3d'))
            if gt.ndim == 2:
                gt = gt[None]
            if pred.size != gt.size:
                raise ValueError(f'prediction {pred.shape} does not match '
                                 f'ground truth {gt.shape}')
            pred = pred.reshape(gt.shape)
            mask = as_mask(
                get_field(sample, 'gt_instances', 'keypoints_3d_visible',
                          False), gt.shape[:-1])
            if self.root_index is not None:
                r = self.root_index
                pred = pred - pred[..., r:r + 1, :]
                gt = gt - gt[..., r:r + 1, :]
            result = dict(
                mask=mask,
                errors={},
                action=sample.get('action', None),
                subject=sample.get('subject', None),
                sequence=sample.get('sequence', None),
                frame_id=sample.get('frame_id', None))
            for mode in self.modes:
                alignment = self.MODES[mode][1]
                if alignment is not None:
                    result['errors'][mode] = keypoint_errors(
                        pred, gt, mask, alignment).astype(np.float32)
            if 'mpjve' in self.modes:
                result['diff'] = (pred - gt).astype(np.float32)
            self.results.append(result)

    def _label(self, result: dict) -> str:
        """Group label of a stored result."""
        if self.group_by is None:
            return ''
        if result['action'] is None or (self.group_by == 'subject_action'
                                        and result['subject'] is None):
            raise KeyError(f'group_by={self.group_by!r} needs the metainfo '
                           "'action' (and 'subject') in every data sample")
        action = action_category(result['action'], self.action_sep)
        if self.group_by == 'action':
            return action
        return f"{result['subject']}_{action}"

    @staticmethod
    def _frame_ids(result: dict, num: int, fallback: int) -> np.ndarray:
        """Frame ids of the ``num`` frames of a stored result."""
        fid = result['frame_id']
        if fid is None:
            return np.arange(num) + fallback
        fid = np.asarray(to_numpy(fid, dtype=None)).reshape(-1)
        if fid.size == num:
            return fid
        return fid[0] + np.arange(num)

    def _velocity(self, results: List[dict], labels: List[str]) -> tuple:
        """Velocity errors, validity and labels over all sequences."""
        errs, valids, labs = [], [], []
        chains = defaultdict(list)
        for i, (res, label) in enumerate(zip(results, labels)):
            diff, mask = res['diff'], res['mask']
            if len(diff) > 1:
                chains[('sample', i)].append((np.arange(len(diff)), i))
            elif res['sequence'] is not None:
                key = (str(res['subject']), str(res['action']),
                       str(res['sequence']))
                chains[key].append((self._frame_ids(res, 1, i), i))
        for members in chains.values():
            fids = np.concatenate([f for f, _ in members])
            owner = np.concatenate([np.full(len(f), i) for f, i in members])
            if len(members) == 1:
                idx = members[0][1]
                diff, mask = results[idx]['diff'], results[idx]['mask']
                lab = np.full(len(diff), labels[idx], dtype=object)
            else:
                order = np.argsort(fids, kind='stable')
                owner = owner[order]
                diff = np.concatenate([results[j]['diff'] for j in owner])
                mask = np.concatenate([results[j]['mask'] for j in owner])
                lab = np.array([labels[j] for j in owner], dtype=object)
            if len(diff) < 2:
                continue
            errs.append(np.linalg.norm(np.diff(diff, axis=0), axis=-1))
            valids.append(mask[1:] & mask[:-1])
            labs.append(lab[1:])
        if not errs:
            return np.zeros((0, 1)), np.zeros((0, 1), bool), []
        return (np.concatenate(errs), np.concatenate(valids),
                list(np.concatenate(labs)))

    def compute_metrics(self, results: list) -> Dict[str, float]:
        """Aggregate the stored errors into the metric dict.

        Args:
            results (list): The stored per-sample results.

        Returns:
            Dict[str, float]: Errors in mm, keys as in the class docstring.
        """
        labels = [self._label(r) for r in results]
        metrics: Dict[str, float] = OrderedDict()
        table: Dict[str, dict] = OrderedDict()
        for mode in self.modes:
            name = self.MODES[mode][0]
            if mode == 'mpjve':
                errors, mask, frame_labels = self._velocity(results, labels)
            else:
                errors = np.concatenate([r['errors'][mode] for r in results])
                mask = np.concatenate([r['mask'] for r in results])
                frame_labels = [
                    lab for r, lab in zip(results, labels)
                    for _ in range(len(r['mask']))
                ]
            summary = group_average(errors, frame_labels, mask)
            table[name] = summary
            if self.group_by is None:
                metrics[name] = summary['frame_mean']
                continue
            metrics[name] = summary['group_mean']
            metrics[f'{name}_frame'] = summary['frame_mean']
            for group, value in summary['groups'].items():
                metrics[f'{name}_{group}'] = value
        self._log_table(table)
        return metrics

    def _log_table(self, table: Dict[str, dict]) -> None:
        """Print the per-group table through the current logger."""
        names = list(table)
        rows = []
        if self.group_by is not None:
            groups = sorted({g for s in table.values() for g in s['groups']})
            for g in groups:
                rows.append([g] + [
                    table[n]['groups'].get(g, float('nan')) for n in names
                ])
            rows.append(['mean over groups'] +
                        [table[n]['group_mean'] for n in names])
        rows.append(['mean over frames'] +
                    [table[n]['frame_mean'] for n in names])
        print_log(
            format_table(['group'] + [f'{n} (mm)' for n in names], rows),
            logger='current')
