"""Shelf / Campus in VoxelPose's file layout: calibration json,
``actorsGT.mat`` and the Mask R-CNN + HRNet COCO-17 detections."""
import os.path as osp
from typing import Callable, List, Optional, Sequence, Tuple, Union

import numpy as np
from mmengine.dataset import BaseDataset

from selfpose_mm.geometry import load_shelf_campus_calibration
from selfpose_mm.registry import DATASETS
from selfpose_mm.structures import MultiViewCameras
from selfpose_mm.utils import resolve_dataset_meta_path
from ..camera_utils import stack_cameras
from .readers import (COCO_NUM_JOINTS, read_actors_gt,
                      read_voxelpose_predictions)

__all__ = ['VoxelPoseLayoutDataset']


@DATASETS.register_module()
class VoxelPoseLayoutDataset(BaseDataset):
    """Multi-view frames of a VoxelPose-layout dataset (Shelf, Campus).

    Data layout (``data_root``)::

        calibration_*.json                # cameras "0".."V-1": R, T, fx..
        actorsGT.mat                      # actor3D cells, metres
        pred_*_maskrcnn_hrnet_coco.pkl    # {"<cam>_<frame>": [{'pred'}]}

    One sample is one frame number of ``frame_ranges`` with

    - ``keypoints_3d`` (M, 14, 3) float32 mm, the GT actors (of
      ``actors``) present in that frame, Shelf joint order;
    - ``keypoints_3d_visible`` (M, 14) float32 ones;
    - ``instance_ids`` (M,) int64, zero-based actor indices of the file;
    - ``keypoints_2d`` (V, P, 17, 2) float32 pixels and
      ``keypoints_2d_scores`` (V, P, 17) float32: the COCO-17 detections of
      each view, zero-padded to the most detections over the views (P may
      be 0; padded rows have score 0);
    - ``cameras`` (a ``MultiViewCameras`` ``(V,)``, see
      :func:`stack_cameras`) and ``camera_names``;
    - ``frame_id`` (the frame number), ``sequence`` and ``sample_idx``.

    Without ``gt_file`` the GT keys are left out; without ``pred_file``
    the detection keys are left out (a pipeline may project the GT).

    A frame beyond the GT file is an error, and so is a ``(camera, frame)``
    key missing from the prediction file: VoxelPose's files hold a key,
    possibly with an empty list (no detections), for every test frame.

    Args:
        data_root (str): The folder above.
        calibration_file (str): VoxelPose calibration json, relative to
            ``data_root``.
        frame_ranges (Sequence[Tuple[int, int]]): ``(start, stop)`` frame
            numbers, both inclusive, e.g. ``[(300, 600)]``.
        image_size (Tuple[int, int]): ``(W, H)`` of every camera (the json
            has none).
        gt_file (str, optional): ``actorsGT.mat``; ``None`` = no GT.
            Defaults to ``'actorsGT.mat'``.
        pred_file (str, optional): 2D prediction pickle; ``None`` = no
            detections. Defaults to ``None``.
        actors (Sequence[int], optional): Zero-based GT actors to keep.
            Defaults to all actors of the file.
        cameras (Sequence[str], optional): Camera ids to use, in order.
            Defaults to all of the calibration.
        sequence (str, optional): The ``sequence`` metainfo. Defaults to
            the name of the ``data_root`` folder.
        metainfo (dict, optional): Overrides :attr:`METAINFO` (Shelf-14).
        pipeline (Sequence): Transforms. Defaults to ``()``.
        test_mode (bool): Defaults to ``True``.
        lazy_init (bool): Defaults to ``False``.
        max_refetch (int): Defaults to 1000.
    """

    METAINFO = dict(from_file=resolve_dataset_meta_path('shelf'))

    def __init__(self,
                 data_root: str,
                 calibration_file: str,
                 frame_ranges: Sequence[Tuple[int, int]],
                 image_size: Tuple[int, int],
                 gt_file: Optional[str] = 'actorsGT.mat',
                 pred_file: Optional[str] = None,
                 actors: Optional[Sequence[int]] = None,
                 cameras: Optional[Sequence[str]] = None,
                 sequence: Optional[str] = None,
                 metainfo: Optional[dict] = None,
                 pipeline: Sequence[Union[dict, Callable]] = (),
                 test_mode: bool = True,
                 lazy_init: bool = False,
                 max_refetch: int = 1000) -> None:
        name = type(self).__name__
        if image_size is None or len(image_size) != 2:
            raise ValueError(f'{name}: image_size must be (W, H) of the '
                             f'cameras, got {image_size!r}')
        ranges = [tuple(int(v) for v in r) for r in frame_ranges]
        if not ranges or any(len(r) != 2 or r[0] > r[1] for r in ranges):
            raise ValueError(f'{name}: frame_ranges must be a list of '
                             '(start, stop) frame numbers with start <= '
                             f'stop (both inclusive), got {frame_ranges!r}')
        self.calibration_file = calibration_file
        self.gt_file = gt_file
        self.pred_file = pred_file
        self.frame_ranges = ranges
        self.actors = None if actors is None else [int(a) for a in actors]
        self.image_size = (int(image_size[0]), int(image_size[1]))
        self.cameras = None if cameras is None else [str(c) for c in cameras]
        self.sequence = sequence
        super().__init__(
            data_root=data_root,
            metainfo=metainfo,
            pipeline=list(pipeline),
            test_mode=test_mode,
            lazy_init=lazy_init,
            max_refetch=max_refetch)

    @property
    def frame_ids(self) -> np.ndarray:
        """All frame numbers of ``frame_ranges``, shape (N,)."""
        return np.concatenate(
            [np.arange(a, b + 1, dtype=np.int64) for a, b in
             self.frame_ranges])

    def _cameras(self, root: str) -> Tuple[List[str], MultiViewCameras]:
        path = osp.join(root, self.calibration_file)
        cams = load_shelf_campus_calibration(path, image_size=self.image_size)
        names = self.cameras or list(cams)
        missing = [n for n in names if n not in cams]
        if missing:
            raise KeyError(f'{path}: no cameras {missing}; available '
                           f'{list(cams)}; fix the cameras argument')
        return names, stack_cameras([cams[n] for n in names])

    def _gt(self, root: str, frames: np.ndarray) -> Tuple[np.ndarray, ...]:
        path = osp.join(root, self.gt_file)
        poses, valid = read_actors_gt(path)
        A, F = valid.shape
        if frames.max() >= F or frames.min() < 0:
            raise ValueError(
                f'{path}: holds frames 0..{F - 1} but frame_ranges '
                f'{self.frame_ranges} asks for frame(s) outside them; pass '
                'frame_ranges within the file (e.g. [(0, 2)] for the '
                'mmpose mini files) or gt_file=None')
        actors = np.arange(A) if self.actors is None else np.asarray(
            self.actors, np.int64)
        bad = [int(a) for a in actors if not 0 <= a < A]
        if bad:
            raise ValueError(f'{path}: actors {bad} do not exist; the file '
                             f'has {A} actors (zero-based 0..{A - 1})')
        return actors, poses[actors], valid[actors]

    def _detections(self, root: str, names: List[str],
                    frames: np.ndarray) -> List[Tuple[np.ndarray, ...]]:
        path = osp.join(root, self.pred_file)
        preds = read_voxelpose_predictions(path)
        out = []
        for f in frames.tolist():
            missing = [f'{n}_{f}' for n in names if (n, f) not in preds]
            if missing:
                raise ValueError(
                    f'{path}: no keys {missing} (cameras {names}, frame '
                    f'{f}); restrict frame_ranges / cameras to the frames '
                    'the file covers (an empty list is how it marks a view '
                    'without detections)')
            views = [preds[(n, f)] for n in names]
            P = max(len(v) for v in views)
            kp = np.zeros((len(views), P, COCO_NUM_JOINTS, 3), np.float32)
            for i, v in enumerate(views):
                kp[i, :len(v)] = v
            out.append((kp[..., :2].copy(), kp[..., 2].copy()))
        return out

    def load_data_list(self) -> List[dict]:
        """Read the calibration, GT and prediction files."""
        root = self.data_root
        if not osp.isdir(root):
            raise FileNotFoundError(
                f'{type(self).__name__}: data_root {root!r} does not exist; '
                'pass --cfg-options test_dataloader.dataset.data_root=<the '
                'VoxelPose data folder>')
        frames = self.frame_ids
        names, cameras = self._cameras(root)
        gt = None if self.gt_file is None else self._gt(root, frames)
        dets = None if self.pred_file is None else self._detections(
            root, names, frames)
        sequence = self.sequence or osp.basename(osp.normpath(root))
        data_list = []
        for i, f in enumerate(frames.tolist()):
            info = dict(
                sample_idx=i,
                frame_id=f,
                sequence=sequence,
                cameras=cameras,
                camera_names=list(names))
            if gt is not None:
                ids, poses, valid = gt
                keep = valid[:, f]
                kp3d = poses[keep, f]
                info['keypoints_3d'] = kp3d
                info['keypoints_3d_visible'] = np.ones(kp3d.shape[:2],
                                                       np.float32)
                info['instance_ids'] = ids[keep].astype(np.int64)
            if dets is not None:
                info['keypoints_2d'], info['keypoints_2d_scores'] = dets[i]
            data_list.append(info)
        return data_list
