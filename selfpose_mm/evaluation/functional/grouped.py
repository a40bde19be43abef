"""Per-group (per-action, per-subject-action) averaging of errors.

Two summaries of the same per-joint errors are in use:

- the **frame-weighted mean** over all frames (mmpose's ``MPJPE``): every
  visible joint of every frame has the same weight, so actions with many
  frames dominate;
- the **group mean** (VideoPose3D's reported number): a frame-weighted mean
  inside each group (action, or subject and action for HumanEva's
  ``--by-subject`` protocol), then the *unweighted* mean over groups.

VideoPose3D groups Human3.6M actions by the name up to the first space, so
``'Directions 1'`` and ``'Directions'`` are pooled; :func:`action_category`
implements that rule.
"""
from collections import OrderedDict
from typing import Any, Dict, Optional, Sequence

import numpy as np

from ._utils import as_mask, to_numpy

__all__ = ['action_category', 'group_average']


def action_category(action: str, sep: Optional[str] = ' ') -> str:
    """Return the action name up to the first ``sep``.

    Args:
        action (str): An action name such as ``'Walking 1 chunk0'``.
        sep (str, optional): Separator; ``None`` keeps the full name.
            Defaults to ``' '`` (VideoPose3D's rule).

    Returns:
        str: The action category, e.g. ``'Walking'``.

    Examples:
        >>> action_category('Directions 1')
        'Directions'
    """
    action = str(action)
    if sep is None:
        return action
    return action.split(sep, 1)[0]


def group_average(errors: Any,
                  groups: Sequence,
                  mask: Optional[Any] = None) -> Dict[str, Any]:
    """Frame-weighted mean, per-group means and the mean over groups.

    Args:
        errors (np.ndarray): Per-joint errors in shape ``(N, K)`` (or
            per-frame errors in shape ``(N,)``), N frames.
        groups (Sequence): Group label of each frame, length N; labels are
            converted to ``str``.
        mask (np.ndarray, optional): Validity in the shape of ``errors``.
            Defaults to ``None`` (all valid).

    Returns:
        dict: ``frame_mean`` (float, mean over all valid entries),
        ``group_mean`` (float, unweighted mean of the per-group means over
        groups that have a valid entry), ``groups`` (an ordered dict
        ``label -> mean``, sorted by label; ``nan`` for a group without
        valid entries) and ``counts`` (``label -> number of valid
        entries``).

    Examples:
        >>> import numpy as np
        >>> out = group_average(np.array([1., 1., 1., 4.]), list('aaab'))
        >>> out['frame_mean'], out['group_mean']
        (1.75, 2.5)
    """
    errors = to_numpy(errors)
    if errors.ndim == 1:
        errors = errors[:, None]
    errors = errors.reshape(errors.shape[0], -1)
    mask = as_mask(mask, errors.shape)
    labels = np.asarray([str(g) for g in groups])
    if len(labels) != errors.shape[0]:
        raise ValueError(f'{len(labels)} group labels for '
                         f'{errors.shape[0]} frames')
    names, inverse = np.unique(labels, return_inverse=True)
    inverse = inverse.reshape(-1)
    values = np.where(mask, errors, 0.0).sum(axis=1)
    counts = mask.sum(axis=1)
    group_sum = np.bincount(inverse, values, minlength=len(names))
    group_cnt = np.bincount(inverse, counts, minlength=len(names))
    with np.errstate(invalid='ignore', divide='ignore'):
        group_means = group_sum / group_cnt
    total = counts.sum()
    frame_mean = float(values.sum() / total) if total else float('nan')
    has = group_cnt > 0
    group_mean = float(group_means[has].mean()) if has.any() else float('nan')
    return dict(
        frame_mean=frame_mean,
        group_mean=group_mean,
        groups=OrderedDict(
            (str(n), float(m)) for n, m in zip(names, group_means)),
        counts=OrderedDict(
            (str(n), int(c)) for n, c in zip(names, group_cnt)))
