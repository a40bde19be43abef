"""Backbones."""
from .mlp_lifter import MLPLifterBackbone
from .temporal_conv_lifter import TemporalConvLifter, temporal_pads

__all__ = ['MLPLifterBackbone', 'TemporalConvLifter', 'temporal_pads']
