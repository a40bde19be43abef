"""Transforms for temporal (VideoPose3D-style) lifting samples.

A sample from :class:`~selfpose_mm.datasets.VideoPose3DDataset` names its
output frames ``[start, end)`` of a video; the pipeline is

``TemporalWindow`` (cut the receptive-field window, edge padding, causal
shift) → ``FlipVideoLifting`` (horizontal flip of 2D, 3D *and* camera) →
``EncodeVideoLifting`` (codec) → ``PackVideoLiftingInputs``.
"""
from typing import Dict, Optional, Sequence

import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData

from selfpose_mm.registry import KEYPOINT_CODECS, TRANSFORMS
from selfpose_mm.structures import MultiViewCameras, MultiViewPoseDataSample

__all__ = [
    'TemporalWindow', 'FlipVideoLifting', 'EncodeVideoLifting',
    'PackVideoLiftingInputs', 'receptive_field_pad'
]


def receptive_field_pad(receptive_field: int, causal: bool = False) -> tuple:
    """``(pad, causal_shift)`` of an odd receptive field.

    The input window of output frames ``[s, e)`` is ``[s - pad - shift,
    e + pad - shift)``: centred (``shift = 0``) or, causal, ``2 * pad``
    past frames and no future frame (``shift = pad``).
    """
    if receptive_field < 1 or receptive_field % 2 == 0:
        raise ValueError(f'receptive_field must be odd and >= 1, got '
                         f'{receptive_field}')
    pad = (receptive_field - 1) // 2
    return pad, (pad if causal else 0)


@TRANSFORMS.register_module()
class TemporalWindow(BaseTransform):
    """Cut the 2D input window and the 3D targets of a sample.

    Frames outside the video repeat the first/last frame (VideoPose3D's
    ``np.pad(..., 'edge')``), so every output frame, including the first
    and last of a video shorter than the receptive field, gets a full
    window.

    Required Keys:
        - keypoints_2d_seq (T, J, 2), keypoints_3d_seq (T, K, 3) or None
        - start, end (output frames)

    Added Keys:
        - keypoints_2d (L + 2 * pad, J, 2), keypoints_2d_target (L, J, 2),
          keypoints_3d (L, K, 3) when labelled

    Args:
        receptive_field (int): The model's receptive field (odd).
        causal (bool): Causal window (no future frames).
    """

    def __init__(self, receptive_field: int, causal: bool = False) -> None:
        self.pad, self.shift = receptive_field_pad(receptive_field, causal)
        self.receptive_field = receptive_field
        self.causal = causal

    def transform(self, results: Dict) -> Dict:
        kp2d = results.pop('keypoints_2d_seq')
        kp3d = results.pop('keypoints_3d_seq', None)
        s, e, t = results['start'], results['end'], len(kp2d)
        idx_in = np.clip(
            np.arange(s - self.pad - self.shift, e + self.pad - self.shift),
            0, t - 1)
        idx_out = np.clip(np.arange(s, e), 0, t - 1)
        results['keypoints_2d'] = kp2d[idx_in]
        results['keypoints_2d_target'] = kp2d[idx_out]
        if kp3d is not None:
            results['keypoints_3d'] = kp3d[idx_out]
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(receptive_field='
                f'{self.receptive_field}, causal={self.causal})')


def flip_camera(cameras: MultiViewCameras,
                width: Optional[float] = None) -> MultiViewCameras:
    """Camera of the horizontally flipped image (pixels ``x -> w - x``).

    Projecting the reflected 3D (``X -> -X``) with it gives the flipped
    2D exactly; see :meth:`MultiViewCameras.flip_horizontal` (``cx -> w -
    cx`` and the sign of the tangential coefficient paired with x).

    Args:
        cameras (MultiViewCameras): The sample's ``(1,)`` structure.
        width (float, optional): Image width; None uses its image size.
    """
    return cameras.flip_horizontal(width)


@TRANSFORMS.register_module()
class FlipVideoLifting(BaseTransform):
    """Horizontal flip of a lifting window with its camera.

    Flips when the sample asks for it (``results['flip']``, VideoPose3D's
    deterministic doubling from ``flip_doubling``) or with probability
    ``prob``. 2D: ``x -> w - x`` (``u -> -u`` after screen
    normalisation) and left/right swap with ``flip_indices_2d`` (the 2D
    layout's symmetry); 3D: ``X -> -X`` and swap with ``flip_indices`` (the
    3D skeleton's); camera (``results['cameras']``, a ``(1,)``
    :class:`MultiViewCameras`, when present): :func:`flip_camera`.

    Args:
        prob (float): Probability of an extra random flip. Defaults to 0.
    """

    def __init__(self, prob: float = 0.) -> None:
        self.prob = prob

    def transform(self, results: Dict) -> Dict:
        flip = bool(results.get('flip', False))
        if not flip and self.prob > 0:
            flip = bool(np.random.rand() < self.prob)
        results['flip'] = flip
        if not flip:
            return results
        w = float(results['image_size'][0])
        idx2 = results['flip_indices_2d']
        for key in ('keypoints_2d', 'keypoints_2d_target'):
            if key in results:
                kp = results[key][:, idx2].copy()
                kp[..., 0] = w - kp[..., 0]
                results[key] = kp
        if results.get('keypoints_3d') is not None:
            kp = results['keypoints_3d'][:, results['flip_indices']].copy()
            kp[..., 0] = -kp[..., 0]
            results['keypoints_3d'] = kp
        if results.get('cameras') is not None:
            results['cameras'] = flip_camera(results['cameras'], w)
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(prob={self.prob})'


@TRANSFORMS.register_module()
class EncodeVideoLifting(BaseTransform):
    """Encode a window with a codec (the one the head decodes with).

    Args:
        codec (dict): e.g. ``dict(type='VideoLiftingLabel',
            num_keypoints=17)``.
    """

    def __init__(self, codec: dict) -> None:
        self.codec = KEYPOINT_CODECS.build(codec)

    def transform(self, results: Dict) -> Dict:
        results.update(
            self.codec.encode(
                results['keypoints_2d'],
                image_size=results['image_size'],
                keypoints_3d=results.get('keypoints_3d'),
                keypoints_2d_target=results.get('keypoints_2d_target')))
        return results


@TRANSFORMS.register_module()
class PackVideoLiftingInputs(BaseTransform):
    """Pack an encoded window into ``inputs`` and a ``PoseDataSample``.

    ``inputs``: ``(L_in, J, 2)`` float tensor. Data sample:
    ``gt_instances.keypoints_3d`` ``(L, K, 3)`` root-relative mm and
    ``keypoints_3d_visible`` ``(L, K)`` (metrics);
    ``gt_instance_labels`` ``lifting_target`` ``(L, K, 3)``,
    ``trajectory_target`` ``(L, 1, 3)``, ``trajectory_weight`` ``(L, 1)``
    and ``keypoints_2d_target`` ``(L, J, 2)`` (losses); metainfo: the
    ``meta_keys`` present; ``cameras``: the window's (possibly flipped)
    :class:`MultiViewCameras` ``(1,)`` (camera frame: ``R = I``, ``t =
    0``; ``K``, ``dist``, ``dist_model``, ``image_size``) when known. The
    sample is a :class:`MultiViewPoseDataSample` (a ``PoseDataSample``
    with the typed ``cameras`` field).

    Args:
        meta_keys (Sequence[str]): Keys copied into the metainfo.
    """

    def __init__(self,
                 meta_keys: Sequence[str] = ('subject', 'action', 'camera',
                                             'sequence', 'frame_id', 'flip',
                                             'image_size', 'flip_indices',
                                             'flip_indices_2d')) -> None:
        self.meta_keys = tuple(meta_keys)

    def transform(self, results: Dict) -> Dict:
        inputs = torch.from_numpy(
            np.ascontiguousarray(results['keypoint_input'], np.float32))
        sample = MultiViewPoseDataSample()
        labels = InstanceData()
        if results.get('keypoints_2d_target_norm') is not None:
            labels.keypoints_2d_target = torch.from_numpy(
                results['keypoints_2d_target_norm'])
        if results.get('lifting_target') is not None:
            rel = results['keypoints_3d_rel']
            gt = InstanceData()
            gt.keypoints_3d = rel.astype(np.float32)
            gt.keypoints_3d_visible = np.ones(rel.shape[:2], np.float32)
            sample.gt_instances = gt
            for key in ('lifting_target', 'trajectory_target',
                        'trajectory_weight'):
                labels.set_field(torch.from_numpy(results[key]), key)
        sample.gt_instance_labels = labels
        meta = {k: results[k] for k in self.meta_keys if k in results}
        if results.get('cameras') is not None:
            sample.cameras = results['cameras']
        sample.set_metainfo(meta)
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'
