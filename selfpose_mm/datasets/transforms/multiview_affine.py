"""Load multi-view images and letterbox them to the network input."""
from typing import Dict, Optional, Sequence, Tuple

import cv2
import numpy as np
from mmcv.transforms import BaseTransform

from selfpose_mm.geometry import get_affine_matrix
from selfpose_mm.registry import TRANSFORMS
from ..camera_utils import results_cameras

__all__ = ['LoadMultiViewImages', 'MultiViewAffine', 'letterbox_affine']


def letterbox_affine(image_size: np.ndarray,
                     input_size: Tuple[int, int],
                     scale: np.ndarray = None,
                     rot_deg: np.ndarray = None) -> np.ndarray:
    """VoxelPose's resize: keep the aspect ratio, pad the short side.

    The image ``(W, H)`` is padded symmetrically to the input aspect ratio
    (VoxelPose ``get_scale``), its centre ``(W / 2, H / 2)`` maps to the
    input centre and the padded box fills the input.

    Args:
        image_size (np.ndarray): Original sizes (V, 2) as (W, H).
        input_size (tuple): Output (W, H).
        scale (np.ndarray, optional): Extra zoom-out factors (V,) applied
            to the box (> 1 shows more context). Defaults to 1.
        rot_deg (np.ndarray, optional): Rotations (V,) in degrees.

    Returns:
        np.ndarray: Affines (V, 2, 3) float64, original -> input pixels.
    """
    size = np.asarray(image_size, np.float64).reshape(-1, 2)
    w_in, h_in = float(input_size[0]), float(input_size[1])
    w, h = size[:, 0], size[:, 1]
    pad_w = np.where(w / w_in < h / h_in, h / h_in * w_in, w)
    pad_h = np.where(w / w_in < h / h_in, h, w / w_in * h_in)
    box = np.stack([pad_w, pad_h], -1)
    if scale is not None:
        box = box * np.asarray(scale, np.float64).reshape(-1, 1)
    rot = 0. if rot_deg is None else np.asarray(rot_deg, np.float64)
    return get_affine_matrix(size / 2., box, (w_in, h_in), rot)


@TRANSFORMS.register_module()
class LoadMultiViewImages(BaseTransform):
    """Read one image per view with OpenCV (BGR, uint8).

    Required Keys:
        - img_paths (list[str], V)
        - cameras (optional ``MultiViewCameras``: image sizes are checked
          against its ``image_size``)

    Added Keys:
        - img (list of V arrays (H, W, 3) uint8)

    Args:
        check_size (bool): Fail if an image's size differs from the
            calibration's ``image_size``. Defaults to True.
    """

    def __init__(self, check_size: bool = True) -> None:
        self.check_size = check_size

    def transform(self, results: Dict) -> Dict:
        imgs = []
        sizes = None
        if results.get('cameras') is not None:
            sizes = np.round(results_cameras(results, 'LoadMultiViewImages')
                             .image_size.numpy()).astype(np.int64)
        for v, path in enumerate(results['img_paths']):
            img = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if img is None:
                raise FileNotFoundError(
                    f'LoadMultiViewImages: cannot read image {path!r}; '
                    'check data_root / the hdImgs layout, or use the '
                    'heatmap-mode pipeline (no images needed)')
            if self.check_size and sizes is not None and tuple(
                    img.shape[1::-1]) != tuple(sizes[v]):
                raise ValueError(
                    f'LoadMultiViewImages: {path} is {img.shape[1]}x'
                    f'{img.shape[0]} but the calibration says '
                    f'{sizes[v][0]}x{sizes[v][1]}; resize the images or fix '
                    'the calibration resolution')
            imgs.append(img)
        results['img'] = imgs
        return results

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(check_size={self.check_size})'


@TRANSFORMS.register_module()
class MultiViewAffine(BaseTransform):
    """Letterbox every view to the network input and record the affine.

    Heatmap mode: ``input_size`` is the heatmap size (no image; the affine
    maps original pixels to heatmap pixels). Image mode: images are warped
    with ``cv2.warpAffine`` (bilinear, black padding) to ``input_size`` and
    ``heatmap_size`` (default ``input_size // 4``) is recorded.

    Optional augmentation (one draw per sample, shared by all views as in
    SelfPose3d): with probability ``aug_prob`` a rotation in
    ``+-rot_range`` degrees and a zoom factor in ``scale_range``.

    The affine is written into the sample's cameras
    (``MultiViewCameras.with_affine``: the letterbox maps *original*
    pixels, so it replaces any previous input affine) with the new
    ``input_size``.

    Required Keys:
        - cameras (``MultiViewCameras`` ``(V,)``; its ``image_size``)
        - img (optional, list of V images)
        - sample_seed (optional, for the augmentation draw)

    Modified Keys:
        - cameras (``affine`` (V, 2, 3), ``input_size``)
        - img (warped, if present)

    Added Keys:
        - input_size, heatmap_size

    Args:
        input_size (tuple): Network input (W, H).
        heatmap_size (tuple, optional): 2D network output (W, H). Defaults
            to ``input_size`` when there is no image, else input / 4.
        aug_prob (float): Augmentation probability. Defaults to 0.
        rot_range (float): Maximum rotation in degrees. Defaults to 0.
        scale_range (tuple): Zoom factor range (> 1 zooms out). Defaults to
            ``(1, 1)``.
    """

    def __init__(self,
                 input_size: Sequence[int],
                 heatmap_size: Optional[Sequence[int]] = None,
                 aug_prob: float = 0.,
                 rot_range: float = 0.,
                 scale_range: Tuple[float, float] = (1., 1.)) -> None:
        self.input_size = (int(input_size[0]), int(input_size[1]))
        self.heatmap_size = None if heatmap_size is None else (
            int(heatmap_size[0]), int(heatmap_size[1]))
        self.aug_prob = aug_prob
        self.rot_range = rot_range
        self.scale_range = tuple(scale_range)
        self._rng = np.random.default_rng(0)

    def transform(self, results: Dict) -> Dict:
        cams = results_cameras(results, 'MultiViewAffine')
        sizes = cams.image_size.double().numpy()
        V = sizes.shape[0]
        scale, rot = np.ones(V), np.zeros(V)
        if self.aug_prob > 0:
            rng = (np.random.default_rng([int(results['sample_seed']), 31])
                   if 'sample_seed' in results else self._rng)
            if rng.random() < self.aug_prob:
                rot[:] = rng.uniform(-self.rot_range, self.rot_range)
                scale[:] = rng.uniform(*self.scale_range)
        A = letterbox_affine(sizes, self.input_size, scale, rot)
        if 'img' in results:
            results['img'] = [
                cv2.warpAffine(
                    img, A[v], self.input_size, flags=cv2.INTER_LINEAR)
                for v, img in enumerate(results['img'])
            ]
            hm = self.heatmap_size or (self.input_size[0] // 4,
                                       self.input_size[1] // 4)
        else:
            hm = self.heatmap_size or self.input_size
        results['cameras'] = cams.with_affine(
            A.astype(np.float32), self.input_size)
        results['input_size'] = self.input_size
        results['heatmap_size'] = tuple(hm)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(input_size={self.input_size}, '
                f'heatmap_size={self.heatmap_size}, '
                f'aug_prob={self.aug_prob})')
