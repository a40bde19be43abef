"""Codec for VideoPose3D-style temporal lifting (screen-normalised 2D)."""
from typing import Dict, Optional, Sequence, Tuple

import numpy as np
from mmpose.codecs.base import BaseKeypointCodec

from selfpose_mm.registry import KEYPOINT_CODECS

__all__ = [
    'VideoLiftingLabel', 'normalize_screen_coordinates', 'image_coordinates'
]


def normalize_screen_coordinates(xy: np.ndarray, w: float,
                                 h: float) -> np.ndarray:
    """Map pixels to VideoPose3D's screen units: ``xy / w * 2 - [1, h/w]``.

    ``[0, w]`` maps to ``[-1, 1]`` and y is scaled by the same ``2 / w``
    (aspect kept), so the image centre goes to ``(0, 0)`` and a horizontal
    image flip ``x -> w - x`` becomes ``u -> -u``.

    Args:
        xy (np.ndarray): Pixels in shape ``(..., 2)``.
        w (float): Image width.
        h (float): Image height.

    Returns:
        np.ndarray: Normalised coordinates in shape ``(..., 2)``.
    """
    return xy / w * 2. - np.array([1., h / w], dtype=xy.dtype)


def image_coordinates(uv: np.ndarray, w: float, h: float) -> np.ndarray:
    """Inverse of :func:`normalize_screen_coordinates`."""
    return (uv + np.array([1., h / w], dtype=uv.dtype)) * w / 2.


@KEYPOINT_CODECS.register_module()
class VideoLiftingLabel(BaseKeypointCodec):
    """Encode a temporal lifting window; decode predictions to mm.

    Input: the 2D window in pixels is normalised with
    :func:`normalize_screen_coordinates` (no other statistics, as in
    VideoPose3D). Targets: the camera-frame 3D (mm) of the output frames
    made root-relative (root joint exactly 0) and divided by
    ``target_scale`` (metres by default, VideoPose3D's unit); the root
    trajectory (root position / ``target_scale``) and its weight
    ``1 / z_root`` (z in target units, VideoPose3D's ``w = 1/z``).

    **mmpose's codec contract** (:class:`mmpose.codecs.base.
    BaseKeypointCodec`): ``encode(keypoints, keypoints_visible=None,
    **aux)`` with the extra inputs named in ``auxiliary_encode_keys``
    (``image_size``, ``keypoints_3d``, ``keypoints_2d_target``), so mmpose's
    ``GenerateTarget`` passes them from the results dict; ``decode``
    returns ``(keypoints, scores)``; ``label_mapping_table`` maps the
    encoded labels to the ``gt_instance_labels`` fields that
    ``PackVideoLiftingInputs`` fills. ``keypoints`` is the 2D window
    ``(L_in, J, 2)`` (mmpose's ``VideoPoseLifting`` reads the same axis as
    frames). ``keypoints_visible`` is accepted but not used (VideoPose3D
    feeds every joint; the trajectory weight is ``1 / z``, not a
    visibility). Why not mmpose's ``VideoPoseLifting``: it normalises with
    ``(x - [w/2, h/2]) / (w/2)``, which equals ours
    (``x / w * 2 - [1, h/w]``) only up to float rounding, so trained
    models would see slightly different inputs; it returns the target in
    mm (we need metres and the ``1 / z`` weight of the trajectory in
    metres) and has no reprojection target.

    Note:
        - L_in: input frames, L: output frames, J: 2D joints, K: 3D joints.

    Args:
        num_keypoints (int): K.
        root_index (int): Root joint. Defaults to 0 (pelvis of H36M and
            HumanEva-15).
        target_scale (float): mm per target unit. Defaults to 1000.

    Examples:
        >>> codec = VideoLiftingLabel(num_keypoints=2)
        >>> enc = codec.encode(
        ...     np.array([[[320., 240.], [640., 0.]]]), image_size=(640, 480),
        ...     keypoints_3d=np.array([[[0., 0, 4000], [500., 0, 4000]]]))
        >>> enc['keypoint_input'][0].tolist()
        [[0.0, 0.0], [1.0, -0.75]]
        >>> enc['lifting_target'][0, 1].tolist(), enc['trajectory_weight']
        ([0.5, 0.0, 0.0], array([[0.25]], dtype=float32))
        >>> kp, scores = codec.decode(enc['lifting_target'])
        >>> kp[0, 1].tolist(), scores.shape
        ([500.0, 0.0, 0.0], (1, 2))
    """

    auxiliary_encode_keys = {
        'image_size', 'keypoints_3d', 'keypoints_2d_target'
    }
    label_mapping_table = dict(
        lifting_target='lifting_target',
        trajectory_target='trajectory_target',
        trajectory_weight='trajectory_weight',
        keypoints_2d_target_norm='keypoints_2d_target')

    def __init__(self,
                 num_keypoints: int,
                 root_index: int = 0,
                 target_scale: float = 1000.) -> None:
        if not 0 <= root_index < num_keypoints:
            raise ValueError(f'root_index {root_index} is outside '
                             f'[0, {num_keypoints})')
        self.num_keypoints = num_keypoints
        self.root_index = root_index
        self.target_scale = float(target_scale)

    def encode(self,
               keypoints: np.ndarray,
               keypoints_visible: Optional[np.ndarray] = None,
               image_size: Optional[Sequence[float]] = None,
               keypoints_3d: Optional[np.ndarray] = None,
               keypoints_2d_target: Optional[np.ndarray] = None
               ) -> Dict[str, np.ndarray]:
        """Encode one window.

        Args:
            keypoints (np.ndarray): ``(L_in, J, 2)`` pixels.
            keypoints_visible (np.ndarray, optional): Unused (see the class
                docstring); accepted for mmpose's codec interface.
            image_size (Sequence[float]): ``(w, h)``. Required.
            keypoints_3d (np.ndarray, optional): ``(L, K, 3)`` camera-frame
                mm of the output frames.
            keypoints_2d_target (np.ndarray, optional): ``(L, J, 2)``
                pixels of the output frames (reprojection target).

        Returns:
            dict: ``keypoint_input`` ``(L_in, J, 2)``; with 3D also
            ``lifting_target`` ``(L, K, 3)``, ``trajectory_target``
            ``(L, 1, 3)``, ``trajectory_weight`` ``(L, 1)``,
            ``keypoints_3d_rel`` ``(L, K, 3)`` mm and ``target_root``
            ``(L, 3)`` mm; with a 2D target ``keypoints_2d_target_norm``.
        """
        if image_size is None:
            raise ValueError('VideoLiftingLabel.encode needs image_size')
        w, h = float(image_size[0]), float(image_size[1])
        out = dict(
            keypoint_input=normalize_screen_coordinates(
                np.asarray(keypoints, np.float32), w, h))
        if keypoints_2d_target is not None:
            out['keypoints_2d_target_norm'] = normalize_screen_coordinates(
                np.asarray(keypoints_2d_target, np.float32), w, h)
        if keypoints_3d is not None:
            k3d = np.asarray(keypoints_3d, np.float32)
            r = self.root_index
            root = k3d[:, r].copy()
            rel = k3d - root[:, None]
            out['keypoints_3d_rel'] = rel
            out['target_root'] = root
            out['lifting_target'] = rel / self.target_scale
            traj = root[:, None] / self.target_scale
            out['trajectory_target'] = traj.astype(np.float32)
            z = np.maximum(traj[..., 2], 1e-6)
            out['trajectory_weight'] = (1. / z).astype(np.float32)
        return out

    def decode(self, encoded: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Model units → mm.

        Args:
            encoded (np.ndarray): Predictions ``(..., K, 3)`` in model units.

        Returns:
            tuple: ``keypoints`` ``(..., K, 3)`` mm (``encoded *
            target_scale``) and ``scores`` ``(..., K)`` (all ones).
        """
        keypoints = np.asarray(encoded) * self.target_scale
        return keypoints, np.ones(keypoints.shape[:-1], np.float32)
