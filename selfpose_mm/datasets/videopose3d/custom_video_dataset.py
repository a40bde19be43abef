"""In-the-wild 2D keypoint videos in VideoPose3D's custom npz format."""
from typing import List, Optional, Sequence

import numpy as np

from selfpose_mm.registry import DATASETS
from selfpose_mm.structures.keypoint_checks import check_keypoints_2d
from .npz_io import load_positions_2d
from .video_lifting_dataset import (VideoPose3DDataset,
                                    symmetry_to_flip_indices)

__all__ = ['CustomVideoDataset']

#: COCO-17 left/right keypoints (VideoPose3D's ``detectron_pt_coco``).
COCO_SYMMETRY = ([1, 3, 5, 7, 9, 11, 13, 15], [2, 4, 6, 8, 10, 12, 14, 16])


@DATASETS.register_module()
class CustomVideoDataset(VideoPose3DDataset):
    """2D-only videos (``data_2d_custom_<name>.npz``) for inference.

    ``positions_2d = {video: {'custom': [(T, J, 2) pixels]}}`` and
    ``metadata = {'video_metadata': {video: {'w': W, 'h': H}},
    'keypoints_symmetry': [left, right], ...}`` (VideoPose3D's
    ``prepare_data_2d_custom.py`` output; COCO order by default). The 3D
    skeleton is ``output_dataset``'s (Human3.6M-17 for VideoPose3D's
    pretrained in-the-wild model). One whole-video sample per video.

    Args:
        ann_file (str): The npz path (absolute or under ``data_root``).
        data_root (str): Folder.
        videos (Sequence[str], optional): Videos to keep; None = all.
        output_dataset (str): Meta of the 3D output. Defaults to 'h36m'.
        pipeline (Sequence[dict]): Transforms.
        test_mode (bool): MMEngine flag. Defaults to True.
    """

    def __init__(self,
                 ann_file: str,
                 data_root: str = '',
                 videos: Optional[Sequence[str]] = None,
                 output_dataset: str = 'h36m',
                 pipeline: Sequence[dict] = (),
                 test_mode: bool = True) -> None:
        self.custom_file = ann_file
        self.videos = list(videos) if videos is not None else None
        super().__init__(
            dataset_name=output_dataset,
            data_root=data_root,
            keypoint_2d_src='custom',
            ann_file_2d=ann_file,
            chunk_length=None,
            with_3d=False,
            pipeline=pipeline,
            test_mode=test_mode)

    def load_data_list(self) -> List[dict]:
        """One sequence per video; no 3D and no camera."""
        path = self._path(self.custom_file)
        pos2d, meta = load_positions_2d(path)
        vmeta = meta.get('video_metadata', {})
        sym = meta.get('keypoints_symmetry', COCO_SYMMETRY)
        videos = self.videos if self.videos is not None else sorted(pos2d)
        self.sequences, data_list = [], []
        for video in videos:
            if video not in pos2d or video not in vmeta:
                raise KeyError(f'{path}: video {video!r} needs both '
                               'positions_2d and metadata.video_metadata')
            kp2d = check_keypoints_2d(
                np.asarray(pos2d[video]['custom'][0], np.float32), None,
                f'{path}: positions_2d[{video!r}]')
            if not hasattr(self, 'flip_indices_2d'):
                self.flip_indices_2d = symmetry_to_flip_indices(
                    kp2d.shape[1], sym)
            size = (float(vmeta[video]['w']), float(vmeta[video]['h']))
            self.sequences.append(
                dict(
                    subject=video,
                    action='custom',
                    camera_name='0',
                    keypoints_2d=kp2d,
                    keypoints_3d=None,
                    camera=None,
                    image_size=size,
                    length=len(kp2d)))
            data_list.extend(
                self._samples(len(self.sequences) - 1, len(kp2d)))
        return data_list
