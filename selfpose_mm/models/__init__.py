"""Models. Importing this also registers mmpose's models (the parent
registry), so configs can use ``type='ResNet'`` or ``type='MPJPELoss'``."""

import mmpose.models  # noqa: F401

from .backbones import (MLPLifterBackbone, TemporalConvLifter,
                        TransformerLifterBackbone)
from .data_preprocessors import MultiViewDataPreprocessor
from .estimators import (GeometricBaseline, MultiViewSelfSupervisedLifter,
                         SingleFrameLifter, VideoPoseLifter, VoxelPose)
from .heads import (LiftingRegressionHead, TemporalLiftingHead,
                    TemporalTrajectoryHead, VoxelPoseHead, VoxelRootHead)
from .losses import (BoneLengthLoss, MultiViewConsistencyLoss,
                     ReprojectionLoss, WeightedMPJPELoss)
from .utils import VoxelProjector

__all__ = [
    'MLPLifterBackbone', 'SingleFrameLifter', 'LiftingRegressionHead',
    'GeometricBaseline', 'MultiViewDataPreprocessor', 'VoxelPose',
    'VoxelPoseHead', 'VoxelRootHead', 'VoxelProjector', 'TemporalConvLifter',
    'VideoPoseLifter', 'TemporalLiftingHead', 'TemporalTrajectoryHead',
    'WeightedMPJPELoss', 'ReprojectionLoss', 'BoneLengthLoss',
    'MultiViewSelfSupervisedLifter', 'MultiViewConsistencyLoss',
    'TransformerLifterBackbone'
]
