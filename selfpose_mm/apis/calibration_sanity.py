"""Calibration sanity checks that warn loudly about unit mismatches and
cameras whose calibration does not fit their detections.

Three checks, shared by ``tools/infer.py`` and
:func:`~selfpose_mm.apis.calibration_check.check_calibration`:

* **camera distance vs unit**
  (:func:`~selfpose_mm.geometry.check_camera_spread`, re-exported here,
  run when infer.py reads the calibration): cameras more than 100 m
  apart are an error (millimetres declared as metres), less than 5 cm
  apart a warning;
* **body size** (:func:`check_body_size`): the median bone length of the
  triangulated people must lie in :data:`BONE_RANGE_MM`; scaling the
  translations by ``s`` scales every triangulated person by ``s``, so a
  median of 30 mm says "centimetres read as millimetres" (x10) and one of
  300 m says "millimetres read as metres" (x1000);
* **reprojection** (:func:`check_reprojection`): a camera whose matched
  detections lie more than :data:`MAX_MEDIAN_REPROJ_PX` pixels (median)
  from the reprojected people, or that matches no detection while the
  other cameras do, is named.

Each check logs a WARNING and returns the messages, so callers can also
write them to a report.
"""
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from mmengine.logging import print_log

from selfpose_mm.geometry import check_camera_spread

__all__ = [
    'BONE_RANGE_MM', 'MAX_MEDIAN_REPROJ_PX', 'check_body_size',
    'check_camera_spread', 'check_reprojection', 'median_bone_length'
]

#: Plausible median bone length of a person, in mm (panoptic15 adults:
#: about 250-350 mm; children and short links like neck-nose pull it down).
BONE_RANGE_MM: Tuple[float, float] = (50., 1000.)
#: Largest median reprojection error (px) of a camera's detections before
#: a warning (Pose2Sim's default triangulation threshold is 15 px).
MAX_MEDIAN_REPROJ_PX: float = 15.

#: Unit mix-ups: (factor the poses are too large by, what happened, fix).
_UNIT_MIXUPS = (
    (1e-3, 'metres read as millimetres', "'unit': 'm' in the file, or "
     'tools/infer.py --calib-unit m'),
    (1e-1, 'centimetres read as millimetres', "'unit': 'cm' in the file, or "
     'tools/infer.py --calib-unit cm'),
    (10., 'millimetres read as centimetres', "'unit': 'mm' in the file, or "
     'tools/infer.py --calib-unit mm'),
    (1e3, 'millimetres read as metres', "'unit': 'mm' in the file, or "
     'tools/infer.py --calib-unit mm'),
)


def median_bone_length(keypoints_3d: Iterable[np.ndarray],
                       keypoint_scores: Iterable[np.ndarray],
                       skeleton: Sequence[Tuple[int, int]]) -> float:
    """Median length (mm) of the bones of all people in all frames.

    Args:
        keypoints_3d: Per frame ``(N, K, 3)`` joints in mm.
        keypoint_scores: Per frame ``(N, K)``; joints with score <= 0 or
            non-finite coordinates are left out.
        skeleton: Bones as ``(joint a, joint b)`` index pairs.

    Returns:
        float: The median, NaN when no bone has both joints.
    """
    if not len(skeleton):
        return float('nan')
    a, b = np.asarray(skeleton, np.int64).T
    lengths = []
    for X, s in zip(keypoints_3d, keypoint_scores):
        X = np.asarray(X, np.float64)
        s = np.asarray(s, np.float64)
        if not X.size:
            continue
        ok = (s > 0) & np.isfinite(X).all(-1)
        keep = ok[:, a] & ok[:, b]
        d = np.linalg.norm(X[:, a] - X[:, b], axis=-1)
        lengths.append(d[keep])
    lengths = np.concatenate(lengths) if lengths else np.zeros(0)
    return float(np.median(lengths)) if lengths.size else float('nan')


def check_body_size(median_mm: float, source: str,
                    bone_range: Tuple[float, float] = BONE_RANGE_MM
                    ) -> Optional[str]:
    """Warn when people are implausibly small or large.

    Args:
        median_mm: From :func:`median_bone_length`.
        source: The calibration file, for the message.
        bone_range: ``(low, high)`` plausible median bone length in mm.

    Returns:
        str | None: The warning (also logged), None when plausible or
        unknown (NaN).
    """
    low, high = bone_range
    if not np.isfinite(median_mm) or low <= median_mm <= high:
        return None
    size = 'small' if median_mm < low else 'large'
    msg = (f'{source}: the triangulated people are implausibly {size}: '
           f'median bone length {median_mm:.4g} mm, expected {low:g}-'
           f'{high:g} mm')
    for factor, what, fix in _UNIT_MIXUPS:
        if low <= median_mm / factor <= high:
            msg += (f'; the translations look like {what} (x{factor:g}); '
                    f'fix the unit ({fix})')
            break
    else:
        msg += ('; check the calibration unit and that the detections are '
                'in pixels of the calibrated image size')
    print_log(msg, logger='current', level=30)
    return msg


def check_reprojection(report: Dict, source: str,
                       max_median_px: float = MAX_MEDIAN_REPROJ_PX
                       ) -> List[str]:
    """Warn for cameras whose detections do not fit the 3D people.

    Args:
        report: From
            :func:`~selfpose_mm.apis.calibration_check.reprojection_report`
            (per camera ``rows[i]['all_views']`` with ``n_joints`` and
            ``median`` px).
        source: The calibration file, for the messages.
        max_median_px: Largest acceptable median error in pixels.

    Returns:
        list[str]: One warning per camera (also logged), worst first.
    """
    rows = sorted(report['rows'], key=lambda r: (
        r['all_views']['n_joints'] > 0,
        -np.nan_to_num(r['all_views']['median'], nan=0.)))
    any_matched = any(r['all_views']['n_joints'] for r in rows)
    msgs = []
    for r in rows:
        a = r['all_views']
        if a['n_joints'] == 0 and any_matched:
            msg = (f'{source}: camera {r["camera"]!r}: none of its '
                   f'detections lies within {report["gate_px"]:.0f} px of '
                   'the reprojected people found by the other cameras; '
                   'check its calibration (R, t, K, image size) and the '
                   'camera order of the detections')
        elif a['n_joints'] and a['median'] > max_median_px:
            msg = (f'{source}: camera {r["camera"]!r}: median reprojection '
                   f'error of its detections is {a["median"]:.1f} px '
                   f'(> {max_median_px:g} px over {a["n_joints"]} joints); '
                   'recalibrate it, or check its intrinsics, image size and '
                   'distortion')
        else:
            continue
        print_log(msg, logger='current', level=30)
        msgs.append(msg)
    return msgs
