"""The Shelf release of the 4D Association project: calibration, GT and
OpenPose BODY_25 detections of the standard test range."""
import os.path as osp
from typing import Callable, List, Optional, Sequence, Union

import numpy as np
from mmengine.dataset import BaseDataset

from selfpose_mm.datasets import stack_cameras
from selfpose_mm.geometry import load_4d_association_calibration
from selfpose_mm.registry import DATASETS
from selfpose_mm.utils import resolve_dataset_meta_path
from .io_4da import read_4da_detections, read_4da_gt

__all__ = ['Shelf4DADataset']


@DATASETS.register_module()
class Shelf4DADataset(BaseDataset):
    """Shelf frames 300-600 with 4D Association's BODY_25 detections.

    Data layout (``data_root``, e.g. ``4d_association/data/shelf``)::

        calibration.json      # cameras "0".."4": K, RT (world->cam, m)
        gt.txt                # 15 joints (Shelf-14 + mid-hip), metres
        detection/<cam>.txt   # BODY_25 candidates (x / W, y / H) and PAFs

    One sample is one frame with the raw per-view candidates and PAF
    scores (``candidates``, ``pafs``; group them with
    ``GroupCandidatesByPAF``), ``image_size (V, 2)``, ``cameras`` (``MultiViewCameras`` ``(V,)``)
    (``K``, ``R``, ``t`` mm, ``dist``, each stacked over views),
    ``keypoints_3d (M, 14, 3)`` mm in Shelf order,
    ``keypoints_3d_visible (M, 14)`` and ``instance_ids (M,)`` (the
    file's zero-based actor ids), ``camera_names``, plus
    ``frame_id`` (the Shelf frame number, ``frame_offset`` + index) and
    ``sequence``. Detections are in pixels of 1032 x 776 images, scaled by
    each camera's ``imgSize``.

    Args:
        data_root (str): The folder above.
        calibration_file (str): Defaults to ``'calibration.json'``.
        gt_file (str, optional): Defaults to ``'gt.txt'``; ``None`` = no GT
            (inference only).
        detection_dir (str): Defaults to ``'detection'``.
        cameras (Sequence[str], optional): Camera ids to use, in order.
            Defaults to all of the calibration.
        frame_offset (int): Shelf frame number of the first frame.
            Defaults to 300.
        frame_range (Sequence[int], optional): ``(start, stop)`` indices of
            the frames to keep. Defaults to all.
        sequence (str): The ``sequence`` metainfo. Defaults to ``'shelf'``.
        pipeline (Sequence): Transforms. Defaults to ``()``.
        test_mode (bool): Defaults to ``True``.
        lazy_init (bool): Defaults to ``False``.
        max_refetch (int): Defaults to 1000.
    """

    METAINFO = dict(from_file=resolve_dataset_meta_path('shelf'))

    def __init__(self,
                 data_root: str,
                 calibration_file: str = 'calibration.json',
                 gt_file: Optional[str] = 'gt.txt',
                 detection_dir: str = 'detection',
                 cameras: Optional[Sequence[str]] = None,
                 frame_offset: int = 300,
                 frame_range: Optional[Sequence[int]] = None,
                 sequence: str = 'shelf',
                 pipeline: Sequence[Union[dict, Callable]] = (),
                 test_mode: bool = True,
                 lazy_init: bool = False,
                 max_refetch: int = 1000) -> None:
        self.calibration_file = calibration_file
        self.gt_file = gt_file
        self.detection_dir = detection_dir
        self.cameras = None if cameras is None else [str(c) for c in cameras]
        self.frame_offset = frame_offset
        self.frame_range = frame_range
        self.sequence = sequence
        super().__init__(
            data_root=data_root,
            pipeline=list(pipeline),
            test_mode=test_mode,
            lazy_init=lazy_init,
            max_refetch=max_refetch)

    def load_data_list(self) -> List[dict]:
        """Read the calibration, GT and detection files."""
        root = self.data_root
        if not osp.isdir(root):
            raise FileNotFoundError(
                f'Shelf4DADataset: data_root {root!r} does not exist; pass '
                '--cfg-options test_dataloader.dataset.data_root=<4DA '
                'shelf folder>')
        cams = load_4d_association_calibration(
            osp.join(root, self.calibration_file))
        names = self.cameras or list(cams)
        missing = [n for n in names if n not in cams]
        if missing:
            raise KeyError(f'{self.calibration_file}: no cameras {missing}; '
                           f'available {list(cams)}')
        cams = [cams[n] for n in names]
        if any(c.image_size is None for c in cams):
            raise ValueError(f'{self.calibration_file}: every camera needs '
                             'imgSize to scale the normalised detections')
        cameras = stack_cameras(cams)
        image_size = np.array([c.image_size for c in cams], dtype=np.float64)
        dets = [
            read_4da_detections(
                osp.join(root, self.detection_dir, f'{n}.txt'))
            for n in names
        ]
        num_frames = len(dets[0])
        if any(len(d) != num_frames for d in dets):
            raise ValueError(f'{root}: detection files differ in frame '
                             f'count {[len(d) for d in dets]}')
        gt = None
        if self.gt_file is not None:
            num_joints, gt = read_4da_gt(osp.join(root, self.gt_file))
            if num_joints < 14:
                raise ValueError(f'{self.gt_file}: {num_joints} joints, '
                                 'need the 14 Shelf joints first')
            if len(gt) != num_frames:
                raise ValueError(f'{self.gt_file}: {len(gt)} frames but '
                                 f'the detections have {num_frames}')
        start, stop = self.frame_range or (0, num_frames)
        data_list = []
        for i in range(start, min(stop, num_frames)):
            info = dict(
                frame_id=self.frame_offset + i,
                sequence=self.sequence,
                dataset_name='shelf',
                candidates=[d[i]['candidates'] for d in dets],
                pafs=[d[i]['pafs'] for d in dets],
                image_size=image_size,
                cameras=cameras,
                camera_names=list(names))
            if gt is not None:
                ids, joints = gt[i]
                info['keypoints_3d'] = joints[:, :14, :3].astype(
                    np.float32)
                info['keypoints_3d_visible'] = np.ones(
                    (len(joints), 14), np.float32)
                info['instance_ids'] = ids
            data_list.append(info)
        return data_list
