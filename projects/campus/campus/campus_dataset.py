"""Campus in VoxelPose's layout: ``calibration_campus.json``,
``actorsGT.mat`` and the Mask R-CNN + HRNet COCO-17 detections."""
from typing import Callable, Optional, Sequence, Tuple, Union

from selfpose_mm.datasets import VoxelPoseLayoutDataset
from selfpose_mm.registry import DATASETS
from selfpose_mm.utils import resolve_dataset_meta_path

__all__ = ['CampusDataset']


@DATASETS.register_module()
class CampusDataset(VoxelPoseLayoutDataset):
    """Campus test frames 350-470 and 650-750 (3 cameras, 360 x 288) of
    VoxelPose.

    Data layout (``data_root``, VoxelPose's ``data/CampusSeq1``)::

        calibration_campus.json               # cameras "0".."2"
        actorsGT.mat                          # 3 actors, metres
        pred_campus_maskrcnn_hrnet_coco.pkl   # COCO-17 detections

    Samples are those of :class:`VoxelPoseLayoutDataset`: ``keypoints_3d``
    (M, 14, 3) mm with ``instance_ids`` (M,) (the file's zero-based actors
    0-2), ``keypoints_2d`` (V, P, 17, 2) px with ``keypoints_2d_scores``
    (V, P, 17), ``cameras`` (``MultiViewCameras`` ``(V,)``), ``camera_names``, ``frame_id``,
    ``sequence``.

    Args:
        data_root (str): The folder above.
        calibration_file (str): Defaults to ``'calibration_campus.json'``.
        gt_file (str, optional): Defaults to ``'actorsGT.mat'``; ``None``
            = no GT.
        pred_file (str, optional): Defaults to
            ``'pred_campus_maskrcnn_hrnet_coco.pkl'``; ``None`` = no
            detections.
        frame_ranges (Sequence[Tuple[int, int]]): Inclusive frame-number
            ranges. Defaults to ``[(350, 470), (650, 750)]`` (the test
            set; the mmpose mini files hold frames 0-2 only).
        actors (Sequence[int], optional): GT actors to keep. Defaults to
            all.
        image_size (Tuple[int, int]): Defaults to ``(360, 288)``.
        cameras (Sequence[str], optional): Camera ids, in order. Defaults
            to all.
        sequence (str): Defaults to ``'campus'``.
        pipeline (Sequence): Transforms. Defaults to ``()``.
        test_mode (bool): Defaults to ``True``.
        lazy_init (bool): Defaults to ``False``.
        max_refetch (int): Defaults to 1000.
    """

    METAINFO = dict(from_file=resolve_dataset_meta_path('campus'))

    def __init__(self,
                 data_root: str,
                 calibration_file: str = 'calibration_campus.json',
                 gt_file: Optional[str] = 'actorsGT.mat',
                 pred_file: Optional[str] = (
                     'pred_campus_maskrcnn_hrnet_coco.pkl'),
                 frame_ranges: Sequence[Tuple[int, int]] = ((350, 470),
                                                            (650, 750)),
                 actors: Optional[Sequence[int]] = None,
                 image_size: Tuple[int, int] = (360, 288),
                 cameras: Optional[Sequence[str]] = None,
                 sequence: str = 'campus',
                 pipeline: Sequence[Union[dict, Callable]] = (),
                 test_mode: bool = True,
                 lazy_init: bool = False,
                 max_refetch: int = 1000) -> None:
        super().__init__(
            data_root=data_root,
            calibration_file=calibration_file,
            frame_ranges=frame_ranges,
            image_size=image_size,
            gt_file=gt_file,
            pred_file=pred_file,
            actors=actors,
            cameras=cameras,
            sequence=sequence,
            pipeline=pipeline,
            test_mode=test_mode,
            lazy_init=lazy_init,
            max_refetch=max_refetch)
