"""Datasets and transforms of the MADS project."""
from .capsule_stereo import CapsuleStereoDataset
from .mads_dataset import (MADS_MOVEMENTS, MADSDataset, load_bouguet_camera,
                           load_mads_gt, load_mads_stereo_cameras)
from .synthetic_stereo import (SyntheticStereoDataset, panoptic15_to_mads19,
                               stereo_rig)
from .transforms import (CropViews, Cutout, EncodeViewHeatmaps, HideAndSeek,
                         LoadViewImages, PackMultiViewPose,
                         RandomOccluders, RenderCapsuleBodies,
                         RenderStickFigures)

__all__ = [
    'MADSDataset', 'MADS_MOVEMENTS', 'load_bouguet_camera', 'load_mads_gt',
    'load_mads_stereo_cameras',
    'SyntheticStereoDataset', 'panoptic15_to_mads19', 'stereo_rig',
    'LoadViewImages', 'RenderStickFigures', 'CropViews', 'Cutout',
    'HideAndSeek', 'EncodeViewHeatmaps', 'PackMultiViewPose',
    'CapsuleStereoDataset', 'RenderCapsuleBodies', 'RandomOccluders'
]
