"""Models. Importing this also registers mmpose's models (the parent
registry), so configs can use ``type='ResNet'`` or ``type='MPJPELoss'``."""
import mmpose.models  # noqa: F401

from .backbones import (MLPLifterBackbone, TemporalConvLifter,
                        TransformerLifterBackbone)
from .estimators import (MultiViewSelfSupervisedLifter, SingleFrameLifter,
                         VideoPoseLifter)
from .heads import (LiftingRegressionHead, TemporalLiftingHead,
                    TemporalTrajectoryHead)
from .losses import (BoneLengthLoss, MultiViewConsistencyLoss,
                     ReprojectionLoss, WeightedMPJPELoss)

__all__ = [
    'MLPLifterBackbone', 'SingleFrameLifter', 'LiftingRegressionHead',
    'TemporalConvLifter', 'VideoPoseLifter', 'TemporalLiftingHead',
    'TemporalTrajectoryHead', 'WeightedMPJPELoss', 'ReprojectionLoss',
    'BoneLengthLoss', 'MultiViewSelfSupervisedLifter',
    'MultiViewConsistencyLoss', 'TransformerLifterBackbone'
]
