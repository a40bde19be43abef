"""Backbones."""
from .attention_net import AttentionNet
from .mlp_lifter import MLPLifterBackbone

__all__ = ['MLPLifterBackbone', 'AttentionNet']
