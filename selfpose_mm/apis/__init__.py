"""High-level inference: build an estimator, run it on user recordings,
write results, check calibrations."""
from .calibration_check import (check_calibration, check_pose_size,
                                format_report, reprojection_report)
from .calibration_sanity import (check_body_size, check_reprojection,
                                 median_bone_length)
from .inference import (build_test_pipeline, geometric_baseline_config,
                        inference_multiview, init_estimator)
from .inferencer import GreedyTracker, MultiViewInferencer
from .io import (MultiViewRecording, open_frame_source, read_detections)
from .layouts import LAYOUTS, KeypointLayout, get_layout
from .results import (FramePoses, PoseSequence, load_poses_json,
                      load_poses_npz, strict_json)
from .synthetic_recording import write_synthetic_recording

__all__ = [
    'check_calibration', 'check_pose_size', 'check_body_size',
    'check_reprojection',
    'median_bone_length', 'format_report', 'reprojection_report',
    'build_test_pipeline',
    'geometric_baseline_config', 'inference_multiview', 'init_estimator',
    'GreedyTracker', 'MultiViewInferencer', 'MultiViewRecording',
    'open_frame_source', 'read_detections', 'LAYOUTS', 'KeypointLayout',
    'get_layout', 'FramePoses', 'PoseSequence', 'load_poses_json',
    'strict_json',
    'load_poses_npz', 'write_synthetic_recording'
]
