"""Validate the 2D keypoints given to a lifter before they reach torch.

An empty, NaN or wrong-joint-count input otherwise fails deep inside a
convolution (or silently lifts garbage). :func:`check_keypoints_2d` raises
:class:`LifterInputError` naming the source, the field and the fix.
"""
from typing import Optional

import numpy as np

__all__ = ['LifterInputError', 'check_keypoints_2d']


class LifterInputError(ValueError):
    """2D keypoints a lifter cannot use (message: source, field, fix)."""


def check_keypoints_2d(keypoints: np.ndarray,
                       num_joints: Optional[int] = None,
                       source: str = '<input>') -> np.ndarray:
    """Check ``(T, J, 2)`` pixel keypoints for a lifter.

    Args:
        keypoints (np.ndarray): ``(T, J, 2)`` (extra trailing channels such
            as scores are allowed and ignored).
        num_joints (int, optional): The joint count the model was trained
            on; checked when given.
        source (str): File and field, for the messages.

    Returns:
        np.ndarray: ``keypoints[..., :2]`` as float32.

    Raises:
        LifterInputError: Empty, wrong shape, wrong joint count, NaN/Inf.
    """
    kp = np.asarray(keypoints)
    if kp.ndim != 3 or kp.shape[-1] < 2:
        raise LifterInputError(
            f'{source}: 2D keypoints have shape {kp.shape}; expected '
            '(frames, joints, 2) pixels')
    if kp.shape[0] == 0:
        raise LifterInputError(
            f'{source}: 0 frames of 2D keypoints; the lifter needs at '
            'least one frame (check this entry of positions_2d)')
    if num_joints is not None and kp.shape[1] != num_joints:
        raise LifterInputError(
            f'{source}: {kp.shape[1]} joints per frame, but the model '
            f'takes {num_joints}; convert the keypoints to the layout the '
            'model was trained on')
    kp = kp[..., :2].astype(np.float32)
    bad = ~np.isfinite(kp).all(axis=(1, 2))
    if bad.any():
        frames = np.flatnonzero(bad)
        raise LifterInputError(
            f'{source}: {frames.size} frame(s) hold NaN/Inf keypoints '
            f'(first: {frames[:5].tolist()}); fill or interpolate missing '
            'joints (or drop those frames) before lifting')
    return kp
