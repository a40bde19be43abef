"""Data transforms (registered in ``selfpose_mm.registry.TRANSFORMS``)."""
from .emulate_detections import EmulateDetections
from .lifting_transforms import EncodeLiftingSample, PackLiftingInputs
from .multiview_affine import (LoadMultiViewImages, MultiViewAffine,
                               letterbox_affine)
from .pack_detections import PackMultiViewDetections
from .pack_multiview import PackMultiViewInputs
from .project_poses import ProjectPoses
from .view_sets import (FilterPseudoLabels, GenerateViewSets,
                        MultiViewCutout, MultiViewPhotometricAug,
                        PseudoLabelsFromDetections, view_set_affine)
from .render_heatmaps import RenderInputHeatmaps, render_gaussian_heatmaps

__all__ = [
    'EncodeLiftingSample', 'PackLiftingInputs', 'EmulateDetections',
    'LoadMultiViewImages', 'MultiViewAffine', 'letterbox_affine',
    'PackMultiViewInputs', 'PackMultiViewDetections', 'ProjectPoses', 'RenderInputHeatmaps',
    'render_gaussian_heatmaps', 'GenerateViewSets', 'FilterPseudoLabels',
    'MultiViewCutout', 'MultiViewPhotometricAug',
    'PseudoLabelsFromDetections', 'view_set_affine'
]
