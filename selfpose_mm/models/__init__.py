"""Models. Importing this also registers mmpose's models (the parent
registry), so configs can use ``type='ResNet'`` or ``type='MPJPELoss'``."""
import mmpose.models  # noqa: F401

from .backbones import AttentionNet, MLPLifterBackbone
from .data_preprocessors import MultiViewDataPreprocessor
from .estimators import (GeometricBaseline, SelfPose3D, SingleFrameLifter,
                         VoxelPose)
from .heads import (LiftingRegressionHead, SSLRootHead, VoxelPoseHead,
                    VoxelRootHead)
from .losses import AttentionHeatmapLoss, MatchedL1Loss
from .utils import DifferentiableHeatmapRenderer, VoxelProjector

__all__ = [
    'MLPLifterBackbone', 'SingleFrameLifter', 'LiftingRegressionHead',
    'GeometricBaseline', 'MultiViewDataPreprocessor', 'VoxelPose',
    'VoxelPoseHead', 'VoxelRootHead', 'VoxelProjector', 'AttentionNet',
    'SelfPose3D', 'SSLRootHead', 'AttentionHeatmapLoss', 'MatchedL1Loss',
    'DifferentiableHeatmapRenderer'
]
