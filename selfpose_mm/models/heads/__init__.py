"""Heads."""
from .lifting_regression_head import LiftingRegressionHead
from .temporal_lifting_head import (TemporalLiftingHead,
                                    TemporalTrajectoryHead)

__all__ = [
    'LiftingRegressionHead', 'TemporalLiftingHead', 'TemporalTrajectoryHead'
]
