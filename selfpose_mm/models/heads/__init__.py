"""Heads."""
from .lifting_regression_head import LiftingRegressionHead

__all__ = ['LiftingRegressionHead']
