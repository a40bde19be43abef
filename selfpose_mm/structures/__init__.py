"""Data structures shared by datasets, models and evaluation (layer 2):
the multi-view camera tensor and the multi-view data sample."""
from .multiview_cameras import (CAMERA_FIELDS, MultiViewCameras,
                                batch_cameras, camera_set_key)
from .multiview_data_sample import MultiViewPoseDataSample

__all__ = [
    'CAMERA_FIELDS', 'MultiViewCameras', 'batch_cameras', 'camera_set_key',
    'MultiViewPoseDataSample'
]
