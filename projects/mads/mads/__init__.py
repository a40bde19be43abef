"""MADS project: CDRNet, the triangulated 2D baseline, occlusion
augmentation, the MADS and synthetic stereo datasets.

Everything registers into the core registries of :mod:`selfpose_mm`;
configs load it with ``custom_imports = dict(imports=['projects.mads.mads'],
allow_failed_imports=False)``.
"""
import selfpose_mm  # noqa: F401  (mmcv.ops stand-in before mmpose)

from .datasets import (CapsuleStereoDataset, CropViews, Cutout,
                       EncodeViewHeatmaps, HideAndSeek, LoadViewImages,
                       MADSDataset, PackMultiViewPose,
                       RandomOccluders, RenderCapsuleBodies,
                       RenderStickFigures, SyntheticStereoDataset,
                       load_mads_stereo_cameras)
from .evaluation import ViewKeypointError2D
from .hooks import Loss3DWarmupHook
from .models import (CameraDisentangledHead, MultiViewImagePreprocessor,
                     MultiViewTriangulator, SmoothKeypointMSELoss,
                     TriangulationHeatmapHead)

__all__ = [
    'CameraDisentangledHead', 'TriangulationHeatmapHead',
    'MultiViewTriangulator', 'MultiViewImagePreprocessor',
    'SmoothKeypointMSELoss', 'Loss3DWarmupHook', 'MADSDataset',
    'SyntheticStereoDataset', 'load_mads_stereo_cameras', 'LoadViewImages',
    'RenderStickFigures', 'CropViews', 'Cutout', 'HideAndSeek',
    'EncodeViewHeatmaps', 'PackMultiViewPose', 'CapsuleStereoDataset',
    'RenderCapsuleBodies', 'RandomOccluders', 'ViewKeypointError2D'
]
