"""Codecs: target encoding and output decoding kept together."""
from .pinhole_lifting import PinholeLiftingLabel

__all__ = ['PinholeLiftingLabel']
