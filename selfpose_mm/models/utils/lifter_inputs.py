"""Re-export of :mod:`selfpose_mm.structures.keypoint_checks` (the checks
live below datasets and models, which both use them)."""
from selfpose_mm.structures.keypoint_checks import (LifterInputError,
                                                    check_keypoints_2d)

__all__ = ['LifterInputError', 'check_keypoints_2d']
