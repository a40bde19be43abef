"""Models. Importing this also registers mmpose's models (the parent
registry), so configs can use ``type='ResNet'`` or ``type='MPJPELoss'``."""
import mmpose.models  # noqa: F401

from .backbones import MLPLifterBackbone
from .estimators import GeometricBaseline, SingleFrameLifter
from .heads import LiftingRegressionHead

__all__ = [
    'MLPLifterBackbone', 'SingleFrameLifter', 'LiftingRegressionHead',
    'GeometricBaseline'
]
