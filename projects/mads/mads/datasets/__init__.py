"""Datasets and transforms of the MADS project."""
from .synthetic_stereo import (SyntheticStereoDataset, panoptic15_to_mads19,
                               stereo_rig)
from .transforms import (CropViews, Cutout, EncodeViewHeatmaps, HideAndSeek,
                         LoadViewImages, PackMultiViewPose,
                         RenderStickFigures)

__all__ = [
    'SyntheticStereoDataset', 'panoptic15_to_mads19', 'stereo_rig',
    'LoadViewImages', 'RenderStickFigures', 'CropViews', 'Cutout',
    'HideAndSeek', 'EncodeViewHeatmaps', 'PackMultiViewPose'
]
