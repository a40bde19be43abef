"""Metrics of the MADS project."""
from .view_error_2d import ViewKeypointError2D

__all__ = ['ViewKeypointError2D']
