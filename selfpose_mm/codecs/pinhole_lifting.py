"""Codec for single-frame 2D→3D lifting through a pinhole camera."""
from typing import Dict, Optional, Tuple

import numpy as np
from mmpose.codecs.base import BaseKeypointCodec

from selfpose_mm.registry import KEYPOINT_CODECS
from selfpose_mm.structures import MultiViewCameras

__all__ = ['PinholeLiftingLabel']


@KEYPOINT_CODECS.register_module()
class PinholeLiftingLabel(BaseKeypointCodec):
    """Encode 2D pixels and camera-frame 3D joints; decode predictions.

    The 2D input is camera-independent: pixels are mapped to normalised
    image coordinates ``((u - cx) / fx, (v - cy) / fy)`` (distortion is
    assumed removed upstream) and made relative to the root joint. The 3D
    target is root-relative, in camera axes, divided by ``target_scale``
    (so the network sees metres when ``target_scale=1000``). ``decode``
    undoes the scaling, giving root-relative millimetres.

    **mmpose's codec contract** (:class:`mmpose.codecs.base.
    BaseKeypointCodec`): ``encode(keypoints, keypoints_visible=None,
    **aux)`` with the extra inputs named in ``auxiliary_encode_keys``
    (``cameras``: the sample's ``(1,)``
    :class:`~selfpose_mm.structures.MultiViewCameras`, or a plain
    ``intrinsics`` matrix; ``keypoints_3d``), so mmpose's ``GenerateTarget``
    passes them from the results dict; ``decode`` returns ``(keypoints,
    scores)``; ``label_mapping_table`` names the encoded label that the
    packer (``PackLiftingInputs``) puts in ``gt_instance_labels``. One
    sample holds one person, so ``keypoints`` is ``(K, 2)``, not mmpose's
    ``(N, K, 2)``. ``keypoints_visible`` is accepted for the interface but
    not used: the input is not masked (NaN/inf inputs are rejected) and the
    loss weights come from ``keypoints_3d_visible`` in the packer.

    Note:
        - K: number of joints.

    Args:
        num_keypoints (int): K.
        root_index (int): Index of the root joint. Defaults to 2 (mid-hip
            of Panoptic-15).
        target_scale (float): mm per target unit. Defaults to 1000.

    Examples:
        >>> codec = PinholeLiftingLabel(num_keypoints=2, root_index=0)
        >>> K = np.array([[1000., 0, 500], [0, 1000., 400], [0, 0, 1]])
        >>> enc = codec.encode(
        ...     np.array([[500., 400], [600., 400]]), intrinsics=K,
        ...     keypoints_3d=np.array([[0., 0, 4000], [400., 0, 4000]]))
        >>> enc['keypoint_input'].astype(float).round(3).tolist()
        [[0.0, 0.0], [0.1, 0.0]]
        >>> kp, scores = codec.decode(enc['lifting_target'][None])
        >>> kp[0, 1].tolist(), scores.tolist()
        ([400.0, 0.0, 0.0], [[1.0, 1.0]])
    """

    auxiliary_encode_keys = {'cameras', 'intrinsics', 'keypoints_3d'}
    label_mapping_table = dict(lifting_target='lifting_target')

    def __init__(self,
                 num_keypoints: int,
                 root_index: int = 2,
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
               intrinsics: Optional[np.ndarray] = None,
               keypoints_3d: Optional[np.ndarray] = None,
               cameras: Optional[MultiViewCameras] = None
               ) -> Dict[str, np.ndarray]:
        """Encode one sample.

        Args:
            keypoints (np.ndarray): Pixels, shape (K, 2).
            keypoints_visible (np.ndarray, optional): Unused (see the class
                docstring); accepted for mmpose's codec interface.
            intrinsics (np.ndarray, optional): Camera matrix, shape (3, 3).
                Give it or ``cameras``.
            keypoints_3d (np.ndarray, optional): Camera-frame joints in mm,
                shape (K, 3).
            cameras (MultiViewCameras, optional): The sample's ``(1,)``
                structure (what pipelines carry); its ``K`` is used. It
                must have no lens distortion (undistort the 2D first).

        Returns:
            dict: ``keypoint_input`` (K, 2) and, with 3D,
            ``lifting_target`` (K, 3) and ``target_root`` (3,) in mm.
        """
        if cameras is not None:
            if intrinsics is not None:
                raise ValueError('PinholeLiftingLabel.encode: give cameras '
                                 'or intrinsics, not both')
            if cameras.batch_shape != (1, ):
                raise ValueError('PinholeLiftingLabel.encode needs (1,) '
                                 'cameras (one view), got batch shape '
                                 f'{cameras.batch_shape}')
            if cameras.has_distortion:
                raise ValueError('PinholeLiftingLabel assumes undistorted '
                                 '2D; the cameras have lens distortion')
            intrinsics = cameras.K[0].detach().cpu().double().numpy()
        if intrinsics is None:
            raise ValueError('PinholeLiftingLabel.encode needs cameras or '
                             'intrinsics')
        kp = np.asarray(keypoints, dtype=np.float64)
        if kp.shape != (self.num_keypoints, 2):
            raise ValueError(f'keypoints_2d must have shape '
                             f'({self.num_keypoints}, 2), got {kp.shape}')
        if not np.isfinite(kp).all():
            bad = np.where(~np.isfinite(kp).all(-1))[0].tolist()
            raise ValueError(f'keypoints_2d has NaN/inf at joints {bad}; '
                             'mask or impute them before encoding.')
        K = np.asarray(intrinsics, dtype=np.float64)
        norm = (kp - K[:2, 2]) / np.diag(K)[:2]
        out = dict(keypoint_input=(norm - norm[self.root_index]).astype(
            np.float32))
        if keypoints_3d is not None:
            k3 = np.asarray(keypoints_3d, dtype=np.float64)
            root = k3[self.root_index]
            out['lifting_target'] = ((k3 - root) / self.target_scale).astype(
                np.float32)
            out['target_root'] = root.astype(np.float32)
        return out

    def decode(self, encoded: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """Network output ``(..., K, 3)`` → root-relative joints in mm.

        Returns:
            tuple: ``keypoints`` ``(..., K, 3)`` mm (``encoded *
            target_scale``) and ``scores`` ``(..., K)`` (all ones: a
            regression has no confidence).
        """
        keypoints = np.asarray(encoded) * self.target_scale
        return keypoints, np.ones(keypoints.shape[:-1], np.float32)
