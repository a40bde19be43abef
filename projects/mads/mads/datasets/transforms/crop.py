"""Crop every view and express its camera in crop pixels."""
from typing import Dict, Optional, Tuple

import cv2
import numpy as np
import torch
from mmcv.transforms import BaseTransform

from selfpose_mm.geometry import Camera, get_affine_matrix
from selfpose_mm.registry import TRANSFORMS
from selfpose_mm.structures import MultiViewCameras

__all__ = ['CropViews']


@TRANSFORMS.register_module()
class CropViews(BaseTransform):
    """Warp each view to ``input_size`` and fold the warp into its camera.

    The crop is either MADS's centre square of side ``min(H, W)``
    (``mode='center_square'``) or a square around the projected visible
    joints (``mode='bbox'``, padded by ``bbox_padding``). Training
    augmentation draws one scale factor and one rotation per sample and
    applies them to every view, so the cameras stay consistent. Each
    camera becomes ``Camera.with_affine(A)``; the projection matrices and
    the 2D targets (projections of the 3D ground truth) are therefore in
    crop pixels and ``affine(project(X, P)) == project(X, A P)`` holds by
    construction.

    Required Keys:
        - imgs (list[np.ndarray]): V images
        - cameras (list[dict]): V dicts with K, R, t and optionally dist,
          name, image_size (the MADS readers' and renderers' raw
          calibration, before the crop)
        - keypoints_3d (K, 3) world mm, keypoints_3d_visible (K,)

    Modified Keys:
        - cameras: replaced by the crop cameras, a ``MultiViewCameras``
          ``(V,)`` in float64 whose ``K`` is in crop pixels (the crop
          affine is folded into ``K``, so its own ``affine`` is the
          identity), ``image_size`` = ``input_size`` = the crop size

    Added Keys:
        - imgs (cropped), input_size, input_affine (V, 2, 3) (original ->
          crop pixels, for reference), camera_names,
          keypoints_2d (V, K, 2), keypoints_2d_visible (V, K),
          keypoints_3d_weights (K,)

    Args:
        input_size (tuple): Output ``(width, height)``.
        mode (str): ``'center_square'`` or ``'bbox'``.
        bbox_padding (float): Box enlargement in ``'bbox'`` mode.
        scale_sigma (float): Std of the random scale factor (0 = off).
        scale_range (tuple): Clip range of the scale factor.
        rot_sigma (float): Std of the random rotation in degrees.
        rot_prob (float): Probability of rotating at all.
        rot_max (float): Clip of the rotation in degrees.
        check_boundary (bool): Joints outside the crop become invisible in
            that view (and get no 3D weight).
        use_distortion (bool): Project the targets with the lens
            distortion (the images are then not undistorted). MADS's
            recipe ignores the distortion. Defaults to False.
        border_value (int): Fill value outside the source image.
    """

    def __init__(self,
                 input_size: Tuple[int, int] = (256, 256),
                 mode: str = 'center_square',
                 bbox_padding: float = 1.25,
                 scale_sigma: float = 0.,
                 scale_range: Tuple[float, float] = (0.75, 1.25),
                 rot_sigma: float = 0.,
                 rot_prob: float = 0.,
                 rot_max: float = 60.,
                 check_boundary: bool = True,
                 use_distortion: bool = False,
                 border_value: int = 0) -> None:
        if mode not in ('center_square', 'bbox'):
            raise ValueError("mode must be 'center_square' or 'bbox', got "
                             f'{mode!r}')
        self.input_size = (int(input_size[0]), int(input_size[1]))
        self.mode = mode
        self.bbox_padding = bbox_padding
        self.scale_sigma = scale_sigma
        self.scale_range = scale_range
        self.rot_sigma = rot_sigma
        self.rot_prob = rot_prob
        self.rot_max = rot_max
        self.check_boundary = check_boundary
        self.use_distortion = use_distortion
        self.border_value = border_value

    def _box(self, img: np.ndarray, cam: Camera, X: np.ndarray,
             vis: np.ndarray) -> Tuple[np.ndarray, float]:
        h, w = img.shape[:2]
        if self.mode == 'center_square' or not vis.any():
            return np.array([(w - 1) / 2., (h - 1) / 2.]), float(min(w, h))
        uv = cam.project(X[vis > 0])
        lo, hi = uv.min(0), uv.max(0)
        return (lo + hi) / 2., float((hi - lo).max() * self.bbox_padding)

    def _augment(self) -> Tuple[float, float]:
        s, r = 1., 0.
        if self.scale_sigma > 0:
            s = float(
                np.clip(
                    np.random.normal(1., self.scale_sigma),
                    *self.scale_range))
        if self.rot_sigma > 0 and np.random.rand() < self.rot_prob:
            r = float(
                np.clip(
                    np.random.normal(0., self.rot_sigma), -self.rot_max,
                    self.rot_max))
        return s, r

    def transform(self, results: Dict) -> Optional[Dict]:
        X = np.asarray(results['keypoints_3d'], dtype=np.float64)
        vis3d = np.asarray(results['keypoints_3d_visible'], np.float32)
        s, r = self._augment()
        W, H = self.input_size
        imgs, affines, cams, kp2d, vis2d = [], [], [], [], []
        for v, (img, cd) in enumerate(zip(results['imgs'],
                                          results['cameras'])):
            cam = Camera(
                name=str(cd.get('name', f'view{v}')),
                K=cd['K'],
                R=cd['R'],
                t=cd['t'],
                dist=cd.get('dist', np.zeros(5)),
                image_size=(img.shape[1], img.shape[0]))
            center, side = self._box(img, cam, X, vis3d)
            A = get_affine_matrix(center, np.array([side, side]) * s,
                                  self.input_size, r)
            imgs.append(
                cv2.warpAffine(
                    img,
                    A, (W, H),
                    flags=cv2.INTER_LINEAR,
                    borderValue=(self.border_value, ) * 3))
            crop_cam = cam.with_affine(A, image_size=(W, H))
            if self.use_distortion:
                uv = crop_cam.project(X)
            else:
                P = crop_cam.projection_matrix
                xh = np.concatenate([X, np.ones((len(X), 1))], 1) @ P.T
                uv = xh[:, :2] / np.where(xh[:, 2:] == 0, 1., xh[:, 2:])
            front = crop_cam.world_to_camera(X)[:, 2] > 0
            vis = vis3d * front
            if self.check_boundary:
                inside = ((uv[:, 0] >= 0) & (uv[:, 0] <= W - 1) &
                          (uv[:, 1] >= 0) & (uv[:, 1] <= H - 1))
                vis = vis * inside
            affines.append(A)
            cams.append(crop_cam)
            kp2d.append(uv)
            vis2d.append(vis)
        vis2d = np.stack(vis2d).astype(np.float32)
        results['imgs'] = imgs
        results['input_size'] = (W, H)
        results['input_affine'] = np.stack(affines).astype(np.float32)
        results['camera_names'] = [c.name for c in cams]
        # the crop cameras (K in crop pixels, so the crop affine is
        # already folded in and the structure's affine is the identity);
        # float64, see mads.models.ops.stack_camera_tensors
        results['cameras'] = MultiViewCameras.from_cameras(
            cams, input_size=(W, H), dtype=torch.float64)
        results['keypoints_2d'] = np.stack(kp2d).astype(np.float32)
        results['keypoints_2d_visible'] = vis2d
        results['keypoints_3d_weights'] = (vis3d *
                                           vis2d.min(0)).astype(np.float32)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(input_size={self.input_size}, '
                f'mode={self.mode!r}, scale_sigma={self.scale_sigma}, '
                f'rot_sigma={self.rot_sigma})')
