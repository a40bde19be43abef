"""Backbones."""
from .mlp_lifter import MLPLifterBackbone

__all__ = ['MLPLifterBackbone']
