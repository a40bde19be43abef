"""Conversion of predicted poses to the 14-joint Shelf/Campus layout.

Shelf/Campus GT order (``actorsGT.mat``): 0 R-ankle, 1 R-knee, 2 R-hip,
3 L-hip, 4 L-knee, 5 L-ankle, 6 R-wrist, 7 R-elbow, 8 R-shoulder,
9 L-shoulder, 10 L-elbow, 11 L-wrist, 12 bottom-head, 13 top-head.

The 12 body joints map by name. The two head joints do not exist in COCO-17
or Panoptic-15 and are synthesised exactly as VoxelPose's ``coco2shelf3D``
and SelfPose3d's ``panotic2shelf3D`` do (the head rule decides several PCP
points, see ``shelf_baseline.md``), with ``m`` the shoulder midpoint, ``n``
the nose and ``c`` the head centre (the ear midpoint for COCO, the nose for
Panoptic):

- first estimate: ``bottom = m + (n - m) / 2`` and
  ``top = m + (n - m) * (0.75, 0.75, 1.5)`` (per axis, z is up);
- ear estimate: ``bottom' = (m + c) / 2`` and ``top' = 2 c - bottom'``;
- result: ``0.75 * first + 0.25 * ear``, for both joints.

OpenPose BODY_25 poses (e.g. triangulated from the 4D Association Shelf
detections) use the 4D Association evaluator's head rule instead, see
:func:`body25_to_shelf14`.

Every function is vectorised over leading dimensions.
"""
from typing import Any

import numpy as np

from ._utils import to_numpy

__all__ = [
    'SHELF_JOINT_NAMES', 'COCO17_TO_SHELF', 'PANOPTIC15_TO_SHELF',
    'BODY25_TO_SHELF', 'coco17_to_shelf14', 'panoptic15_to_shelf14',
    'body25_to_shelf14', 'to_shelf14'
]

SHELF_JOINT_NAMES = ('right_ankle', 'right_knee', 'right_hip', 'left_hip',
                     'left_knee', 'left_ankle', 'right_wrist', 'right_elbow',
                     'right_shoulder', 'left_shoulder', 'left_elbow',
                     'left_wrist', 'bottom_head', 'top_head')

#: COCO-17 index of Shelf joints 0..11.
COCO17_TO_SHELF = (16, 14, 12, 11, 13, 15, 10, 8, 6, 5, 7, 9)
#: Panoptic-15 index of Shelf joints 0..11.
PANOPTIC15_TO_SHELF = (14, 13, 12, 6, 7, 8, 11, 10, 9, 3, 4, 5)

#: OpenPose BODY_25 index of Shelf joints 0..11 (BODY_25: 0 nose, 1 neck,
#: 2-4 right arm, 5-7 left arm, 8 mid-hip, 9-11 right leg, 12-14 left leg,
#: 15/16 right/left eye, 17/18 right/left ear, 19-24 feet).
BODY25_TO_SHELF = (11, 10, 9, 12, 13, 14, 4, 3, 2, 5, 6, 7)

_TOP_GAIN = np.array([0.75, 0.75, 1.5])
_BLEND = 0.75


def _with_head(body: np.ndarray, nose: np.ndarray,
               head_center: np.ndarray) -> np.ndarray:
    """Append bottom-head and top-head to 12 Shelf body joints.

    Args:
        body (np.ndarray): Shelf joints 0..11 in shape ``(..., 12, 3)``.
        nose (np.ndarray): Nose in shape ``(..., 3)``.
        head_center (np.ndarray): Head centre in shape ``(..., 3)``.

    Returns:
        np.ndarray: Shelf pose in shape ``(..., 14, 3)``.
    """
    mid_sho = (body[..., 8, :] + body[..., 9, :]) / 2
    ear_bottom = (mid_sho + head_center) / 2
    ear_top = ear_bottom + (head_center - ear_bottom) * 2
    bottom = mid_sho + (nose - mid_sho) * 0.5
    top = mid_sho + (nose - mid_sho) * _TOP_GAIN
    bottom = bottom * _BLEND + ear_bottom * (1 - _BLEND)
    top = top * _BLEND + ear_top * (1 - _BLEND)
    return np.concatenate([body, bottom[..., None, :], top[..., None, :]],
                          axis=-2)


def coco17_to_shelf14(poses: Any) -> np.ndarray:
    """COCO-17 poses to the Shelf layout (VoxelPose's ``coco2shelf3D``).

    Args:
        poses (np.ndarray | torch.Tensor): Poses in shape ``(..., 17, 3)``.

    Returns:
        np.ndarray: Poses in shape ``(..., 14, 3)``.
    """
    poses = to_numpy(poses)[..., :3]
    body = poses[..., COCO17_TO_SHELF, :]
    ears = (poses[..., 3, :] + poses[..., 4, :]) / 2
    return _with_head(body, poses[..., 0, :], ears)


def panoptic15_to_shelf14(poses: Any) -> np.ndarray:
    """Panoptic-15 poses to the Shelf layout (SelfPose3d's rule).

    Args:
        poses (np.ndarray | torch.Tensor): Poses in shape ``(..., 15, 3)``.

    Returns:
        np.ndarray: Poses in shape ``(..., 14, 3)``.
    """
    poses = to_numpy(poses)[..., :3]
    body = poses[..., PANOPTIC15_TO_SHELF, :]
    return _with_head(body, poses[..., 1, :], poses[..., 1, :])


def _nanmean_pair(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Mean of two points, the valid one if only one is, else NaN."""
    both = np.stack([a, b])
    count = np.isfinite(both).all(-1, keepdims=True).sum(0)
    total = np.where(np.isfinite(both), both, 0).sum(0)
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def body25_to_shelf14(poses: Any,
                      up: Any = (0., 0., 1.),
                      head_forward: float = 125.,
                      head_up: float = 145.) -> np.ndarray:
    """OpenPose BODY_25 poses to the Shelf layout (4D Association rule).

    The 12 body joints map by name (``BODY25_TO_SHELF``). The head follows
    the 4D Association Shelf evaluator: bottom-head is the midpoint of the
    shoulder centre and the ear centre (falling back to the eye centre,
    then the nose, when ears are NaN); top-head is bottom-head moved
    ``head_forward`` mm along the facing direction
    ``normalise((neck - mid_hip) x (r_shoulder - l_shoulder))`` and
    ``head_up`` mm along ``up``. This rule is worth about 3 PCP points over
    a nose-extrapolation rule on Shelf (``shelf_baseline.md``).

    Args:
        poses (np.ndarray | torch.Tensor): Poses in shape ``(..., 25, 3)``,
            mm; NaN marks missing joints.
        up (Sequence[float]): World up direction. Defaults to ``+z``.
        head_forward (float): Top-head offset along the facing direction,
            mm. Defaults to ``125``.
        head_up (float): Top-head offset along ``up``, mm. Defaults to
            ``145``.

    Returns:
        np.ndarray: Poses in shape ``(..., 14, 3)``.
    """
    poses = to_numpy(poses)[..., :3]
    body = poses[..., BODY25_TO_SHELF, :]
    mid_sho = (body[..., 8, :] + body[..., 9, :]) / 2
    head = _nanmean_pair(poses[..., 17, :], poses[..., 18, :])
    for fallback in (_nanmean_pair(poses[..., 15, :], poses[..., 16, :]),
                     poses[..., 0, :]):
        head = np.where(np.isfinite(head), head, fallback)
    bottom = (mid_sho + head) / 2
    pelvis = (body[..., 2, :] + body[..., 3, :]) / 2
    pelvis = np.where(np.isfinite(pelvis), pelvis, poses[..., 8, :])
    forward = np.cross(poses[..., 1, :] - pelvis, body[..., 8, :] -
                       body[..., 9, :])
    with np.errstate(invalid='ignore', divide='ignore'):
        forward = forward / np.linalg.norm(forward, axis=-1, keepdims=True)
    up = np.asarray(up, dtype=np.float64)
    top = bottom + head_forward * forward + head_up * up / np.linalg.norm(up)
    return np.concatenate([body, bottom[..., None, :], top[..., None, :]],
                          axis=-2)


def to_shelf14(poses: Any, layout: str = 'auto') -> np.ndarray:
    """Convert poses of a known layout to the Shelf layout.

    Args:
        poses (np.ndarray | torch.Tensor): Poses in shape ``(..., J, 3)``.
        layout (str): ``'shelf14'``, ``'panoptic15'``, ``'coco17'``,
            ``'body25'`` or ``'auto'`` (chosen from J = 14, 15, 17 or 25).
            Defaults to ``'auto'``.

    Returns:
        np.ndarray: Poses in shape ``(..., 14, 3)``.
    """
    poses = to_numpy(poses)
    if layout == 'auto':
        layout = {
            14: 'shelf14',
            15: 'panoptic15',
            17: 'coco17',
            25: 'body25'
        }.get(
            poses.shape[-2], None)
        if layout is None:
            raise ValueError(f'cannot infer the layout of {poses.shape[-2]} '
                             'joints; pass layout explicitly')
    expected = {'shelf14': 14, 'panoptic15': 15, 'coco17': 17, 'body25': 25}
    if layout not in expected:
        raise ValueError(f'unknown layout {layout!r}')
    if poses.shape[-2] != expected[layout]:
        raise ValueError(f'layout {layout!r} needs {expected[layout]} '
                         f'joints, got {poses.shape[-2]}')
    if layout == 'coco17':
        return coco17_to_shelf14(poses)
    if layout == 'panoptic15':
        return panoptic15_to_shelf14(poses)
    if layout == 'body25':
        return body25_to_shelf14(poses)
    return poses[..., :3]
