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

Every function is vectorised over leading dimensions.
"""
from typing import Any

import numpy as np

from ._utils import to_numpy

__all__ = [
    'SHELF_JOINT_NAMES', 'COCO17_TO_SHELF', 'PANOPTIC15_TO_SHELF',
    'coco17_to_shelf14', 'panoptic15_to_shelf14', 'to_shelf14'
]

SHELF_JOINT_NAMES = ('right_ankle', 'right_knee', 'right_hip', 'left_hip',
                     'left_knee', 'left_ankle', 'right_wrist', 'right_elbow',
                     'right_shoulder', 'left_shoulder', 'left_elbow',
                     'left_wrist', 'bottom_head', 'top_head')

#: COCO-17 index of Shelf joints 0..11.
COCO17_TO_SHELF = (16, 14, 12, 11, 13, 15, 10, 8, 6, 5, 7, 9)
#: Panoptic-15 index of Shelf joints 0..11.
PANOPTIC15_TO_SHELF = (14, 13, 12, 6, 7, 8, 11, 10, 9, 3, 4, 5)

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


def to_shelf14(poses: Any, layout: str = 'auto') -> np.ndarray:
    """Convert poses of a known layout to the Shelf layout.

    Args:
        poses (np.ndarray | torch.Tensor): Poses in shape ``(..., J, 3)``.
        layout (str): ``'shelf14'``, ``'panoptic15'``, ``'coco17'`` or
            ``'auto'`` (chosen from J = 14, 15 or 17). Defaults to
            ``'auto'``.

    Returns:
        np.ndarray: Poses in shape ``(..., 14, 3)``.
    """
    poses = to_numpy(poses)
    if layout == 'auto':
        layout = {14: 'shelf14', 15: 'panoptic15', 17: 'coco17'}.get(
            poses.shape[-2], None)
        if layout is None:
            raise ValueError(f'cannot infer the layout of {poses.shape[-2]} '
                             'joints; pass layout explicitly')
    expected = {'shelf14': 14, 'panoptic15': 15, 'coco17': 17}
    if layout not in expected:
        raise ValueError(f'unknown layout {layout!r}')
    if poses.shape[-2] != expected[layout]:
        raise ValueError(f'layout {layout!r} needs {expected[layout]} '
                         f'joints, got {poses.shape[-2]}')
    if layout == 'coco17':
        return coco17_to_shelf14(poses)
    if layout == 'panoptic15':
        return panoptic15_to_shelf14(poses)
    return poses[..., :3]
