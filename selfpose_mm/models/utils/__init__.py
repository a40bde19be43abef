"""Pure helpers of the models (association, robust triangulation,
tracking)."""
from .association import (cluster_people, epipolar_distance_matrix,
                          fundamental_matrices)
from .robust_triangulation import (fill_missing_joints, hop_distances,
                                   merge_duplicates, ransac_triangulate)
from .tracking import OnlinePoseFilter

__all__ = [
    'fundamental_matrices', 'epipolar_distance_matrix', 'cluster_people',
    'ransac_triangulate', 'merge_duplicates', 'hop_distances',
    'fill_missing_joints', 'OnlinePoseFilter'
]
