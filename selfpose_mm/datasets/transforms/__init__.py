"""Data transforms (registered in ``selfpose_mm.registry.TRANSFORMS``)."""
from .lifting_transforms import EncodeLiftingSample, PackLiftingInputs

__all__ = ['EncodeLiftingSample', 'PackLiftingInputs']
