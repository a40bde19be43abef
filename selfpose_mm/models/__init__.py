"""Models. Importing this also registers mmpose's models (the parent
registry), so configs can use ``type='ResNet'`` or ``type='MPJPELoss'``."""

import mmpose.models  # noqa: F401

from .backbones import (AttentionNet, MLPLifterBackbone, TemporalConvLifter,
                        TransformerLifterBackbone)
from .data_preprocessors import MultiViewDataPreprocessor
from .estimators import (GeometricBaseline, MultiViewSelfSupervisedLifter,
                         SelfPose3D, SingleFrameLifter, VideoPoseLifter,
                         VoxelPose)
from .heads import (LiftingRegressionHead, OrthoPoseHead, OrthoRootHead,
                    SSLOrthoRootHead, SSLRootHead, TemporalLiftingHead,
                    TemporalTrajectoryHead, VoxelPoseHead, VoxelRootHead)
from .losses import (AttentionHeatmapLoss, BoneLengthLoss, MatchedL1Loss,
                     MultiViewConsistencyLoss, ReprojectionLoss,
                     WeightedMPJPELoss)
from .utils import (DifferentiableHeatmapRenderer, PlaneHourglass,
                    PlaneWeightNet, VoxelProjector)

__all__ = [
    'MLPLifterBackbone', 'SingleFrameLifter', 'LiftingRegressionHead',
    'GeometricBaseline', 'MultiViewDataPreprocessor', 'VoxelPose',
    'VoxelPoseHead', 'VoxelRootHead', 'VoxelProjector', 'TemporalConvLifter',
    'VideoPoseLifter', 'TemporalLiftingHead', 'TemporalTrajectoryHead',
    'WeightedMPJPELoss', 'ReprojectionLoss', 'BoneLengthLoss',
    'MultiViewSelfSupervisedLifter', 'MultiViewConsistencyLoss',
    'TransformerLifterBackbone', 'AttentionNet', 'SelfPose3D', 'SSLRootHead',
    'AttentionHeatmapLoss', 'MatchedL1Loss', 'DifferentiableHeatmapRenderer',
    'OrthoRootHead', 'OrthoPoseHead', 'SSLOrthoRootHead', 'PlaneHourglass',
    'PlaneWeightNet'
]
