"""Models. Importing this also registers mmpose's models (the parent
registry), so configs can use ``type='ResNet'`` or ``type='MPJPELoss'``."""
import mmpose.models  # noqa: F401

from .backbones import MLPLifterBackbone
from .data_preprocessors import MultiViewDataPreprocessor
from .estimators import GeometricBaseline, SingleFrameLifter, VoxelPose
from .heads import LiftingRegressionHead, VoxelPoseHead, VoxelRootHead
from .utils import VoxelProjector

__all__ = [
    'MLPLifterBackbone', 'SingleFrameLifter', 'LiftingRegressionHead',
    'GeometricBaseline', 'MultiViewDataPreprocessor', 'VoxelPose',
    'VoxelPoseHead', 'VoxelRootHead', 'VoxelProjector'
]
