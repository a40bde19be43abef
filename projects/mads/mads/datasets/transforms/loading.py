"""Load the images of every view."""
from typing import Dict

import cv2
from mmcv.transforms import BaseTransform

from selfpose_mm.registry import TRANSFORMS

__all__ = ['LoadViewImages']


@TRANSFORMS.register_module()
class LoadViewImages(BaseTransform):
    """Read one image per view with OpenCV (BGR, uint8).

    Required Keys:
        - img_paths (list[str]): V image files.

    Added Keys:
        - imgs (list[np.ndarray]): V images ``(H, W, 3)``.
    """

    def transform(self, results: Dict) -> Dict:
        imgs = []
        for path in results['img_paths']:
            img = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if img is None:
                raise FileNotFoundError(
                    f'LoadViewImages: cannot read image {path!r} (missing '
                    'or not an image); re-run the frame extraction of '
                    'projects/mads/README.md')
            imgs.append(img)
        results['imgs'] = imgs
        return results
