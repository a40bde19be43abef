"""Data transforms (registered in ``selfpose_mm.registry.TRANSFORMS``)."""

from .emulate_detections import EmulateDetections
from .lifting_transforms import EncodeLiftingSample, PackLiftingInputs
from .multiview_affine import (LoadMultiViewImages, MultiViewAffine,
                               letterbox_affine)
from .multiview_lifting_transforms import (AddKeypoint2DNoise,
                                           EncodeMultiViewLifting,
                                           PackMultiViewLiftingInputs)
from .pack_detections import PackMultiViewDetections, SplitDetectionScores
from .pack_multiview import PackMultiViewInputs
from .project_poses import ProjectPoses
from .remap_keypoints import (BODY25_TO_PANOPTIC15, COCO17_TO_PANOPTIC15,
                              KEYPOINT_MAPPINGS, RemapKeypoints2D,
                              coco17_to_panoptic15, remap_points)
from .render_heatmaps import RenderInputHeatmaps, render_gaussian_heatmaps
from .video_lifting_transforms import (EncodeVideoLifting, FlipVideoLifting,
                                       PackVideoLiftingInputs, TemporalWindow,
                                       flip_camera, receptive_field_pad)
from .view_sets import (FilterPseudoLabels, GenerateViewSets, MultiViewCutout,
                        MultiViewPhotometricAug, PseudoLabelsFromDetections,
                        view_set_affine)

__all__ = [
    'EncodeLiftingSample', 'PackLiftingInputs', 'EmulateDetections',
    'LoadMultiViewImages', 'MultiViewAffine', 'letterbox_affine',
    'PackMultiViewInputs', 'PackMultiViewDetections', 'ProjectPoses',
    'SplitDetectionScores',
    'RenderInputHeatmaps', 'render_gaussian_heatmaps', 'TemporalWindow',
    'FlipVideoLifting', 'EncodeVideoLifting', 'PackVideoLiftingInputs',
    'flip_camera', 'receptive_field_pad', 'AddKeypoint2DNoise',
    'EncodeMultiViewLifting', 'PackMultiViewLiftingInputs', 'GenerateViewSets',
    'FilterPseudoLabels', 'MultiViewCutout', 'MultiViewPhotometricAug',
    'PseudoLabelsFromDetections', 'view_set_affine', 'RemapKeypoints2D',
    'KEYPOINT_MAPPINGS', 'BODY25_TO_PANOPTIC15', 'COCO17_TO_PANOPTIC15',
    'coco17_to_panoptic15', 'remap_points'
]
