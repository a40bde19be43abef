"""Helpers shared by the metric classes (reading samples, printing)."""
from typing import Any, List, Mapping, Optional, Sequence

import numpy as np

from ..functional._utils import as_mask, to_numpy

__all__ = ['to_numpy', 'as_mask', 'get_field', 'format_table']


def get_field(data_sample: Mapping, group: str, key: str,
              required: bool = True) -> Optional[Any]:
    """Read ``data_sample[group][key]`` from a plain dict sample.

    Args:
        data_sample (Mapping): A sample as produced by ``.to_dict()``.
        group (str): ``'pred_instances'`` or ``'gt_instances'``.
        key (str): The field, e.g. ``'keypoints_3d'``.
        required (bool): Raise ``KeyError`` when missing. Defaults to
            ``True``.

    Returns:
        Any: The value, or ``None`` when missing and not required.
    """
    fields = data_sample.get(group, None)
    if fields is not None and key in fields:
        return fields[key]
    if required:
        raise KeyError(f'data_sample[{group!r}][{key!r}] is required by '
                       'this metric (see selfpose_mm.evaluation.metrics)')
    return None


def format_table(header: Sequence[str], rows: Sequence[Sequence[Any]],
                 title: Optional[str] = None) -> str:
    """Format a small text table with aligned columns.

    Args:
        header (Sequence[str]): Column names.
        rows (Sequence[Sequence]): Cells; floats are printed with 2
            decimals.
        title (str, optional): A line printed above the table.

    Returns:
        str: The table, starting with a newline so it reads well in logs.
    """

    def _cell(x: Any) -> str:
        if isinstance(x, (float, np.floating)):
            return f'{x:.2f}'
        return str(x)

    cells: List[List[str]] = [[str(h) for h in header]]
    cells += [[_cell(x) for x in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    rule = '+' + '+'.join('-' * (w + 2) for w in widths) + '+'

    def _line(r: List[str]) -> str:
        return '| ' + ' | '.join(c.rjust(w) for c, w in zip(r, widths)) + ' |'

    lines = [rule, _line(cells[0]), rule]
    lines += [_line(r) for r in cells[1:]] + [rule]
    if title:
        lines.insert(0, title)
    return '\n' + '\n'.join(lines)
