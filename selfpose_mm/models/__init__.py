"""Models. Importing this also registers mmpose's models (the parent
registry), so configs can use ``type='ResNet'`` or ``type='MPJPELoss'``."""
import mmpose.models  # noqa: F401

from .backbones import MLPLifterBackbone, TemporalConvLifter
from .estimators import SingleFrameLifter, VideoPoseLifter
from .heads import (LiftingRegressionHead, TemporalLiftingHead,
                    TemporalTrajectoryHead)
from .losses import BoneLengthLoss, ReprojectionLoss, WeightedMPJPELoss

__all__ = [
    'MLPLifterBackbone', 'SingleFrameLifter', 'LiftingRegressionHead',
    'TemporalConvLifter', 'VideoPoseLifter', 'TemporalLiftingHead',
    'TemporalTrajectoryHead', 'WeightedMPJPELoss', 'ReprojectionLoss',
    'BoneLengthLoss'
]
