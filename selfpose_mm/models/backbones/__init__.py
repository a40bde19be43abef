"""Backbones."""

from .attention_net import AttentionNet
from .mlp_lifter import MLPLifterBackbone
from .temporal_conv_lifter import TemporalConvLifter, temporal_pads
from .transformer_lifter import TransformerLifterBackbone, sinusoidal_encoding

__all__ = [
    'MLPLifterBackbone', 'TemporalConvLifter', 'temporal_pads',
    'TransformerLifterBackbone', 'sinusoidal_encoding', 'AttentionNet'
]
