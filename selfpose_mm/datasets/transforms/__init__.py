"""Data transforms (registered in ``selfpose_mm.registry.TRANSFORMS``)."""
from .lifting_transforms import EncodeLiftingSample, PackLiftingInputs
from .multiview_lifting_transforms import (AddKeypoint2DNoise,
                                           EncodeMultiViewLifting,
                                           PackMultiViewLiftingInputs)
from .video_lifting_transforms import (EncodeVideoLifting, FlipVideoLifting,
                                       PackVideoLiftingInputs,
                                       TemporalWindow, flip_camera,
                                       receptive_field_pad)

__all__ = [
    'EncodeLiftingSample', 'PackLiftingInputs', 'TemporalWindow',
    'FlipVideoLifting', 'EncodeVideoLifting', 'PackVideoLiftingInputs',
    'flip_camera', 'receptive_field_pad', 'AddKeypoint2DNoise',
    'EncodeMultiViewLifting', 'PackMultiViewLiftingInputs'
]
