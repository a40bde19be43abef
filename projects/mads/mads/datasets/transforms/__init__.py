"""Transforms of the MADS project."""
from .crop import CropViews
from .formatting import EncodeViewHeatmaps, PackMultiViewPose
from .loading import LoadViewImages
from .occluders import RandomOccluders
from .occlusion import Cutout, HideAndSeek, hidden_joints
from .capsule_render import RenderCapsuleBodies
from .render import MADS_PARENTS, RenderStickFigures

__all__ = [
    'LoadViewImages', 'RenderStickFigures', 'MADS_PARENTS', 'CropViews',
    'Cutout', 'HideAndSeek', 'hidden_joints', 'EncodeViewHeatmaps',
    'PackMultiViewPose', 'RenderCapsuleBodies', 'RandomOccluders'
]
