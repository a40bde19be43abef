"""Inputs of inference on user recordings: detections, frames,
recordings; and the writers of results."""
from .detections import (DETECTION_FORMATS, DetectionFormatError,
                         detect_detection_format, read_coco_keypoints,
                         read_detections, read_mmpose_predictions,
                         read_openpose_folder, read_openpose_json)
from .frames import (FrameSource, ImageFolderSource, VideoSource,
                     open_frame_source)
from .recording import SYNC_MODES, MultiViewRecording

__all__ = [
    'DETECTION_FORMATS', 'DetectionFormatError', 'detect_detection_format',
    'read_coco_keypoints', 'read_detections', 'read_mmpose_predictions',
    'read_openpose_folder', 'read_openpose_json', 'FrameSource',
    'ImageFolderSource', 'VideoSource', 'open_frame_source', 'SYNC_MODES',
    'MultiViewRecording'
]
