"""Codecs: target encoding and output decoding kept together."""
from .pinhole_lifting import PinholeLiftingLabel
from .video_lifting import (VideoLiftingLabel, image_coordinates,
                            normalize_screen_coordinates)

__all__ = [
    'PinholeLiftingLabel', 'VideoLiftingLabel', 'image_coordinates',
    'normalize_screen_coordinates'
]
