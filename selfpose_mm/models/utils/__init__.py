"""Model utilities: camera batching (re-exported from
``selfpose_mm.structures``), voxel ops, the voxel projector, and the
geometric baseline's association, robust triangulation and tracking."""
from .association import (cluster_people, epipolar_distance_matrix,
                          fundamental_matrices)
from .heatmap_renderer import (DifferentiableHeatmapRenderer,
                               gaussian_heatmaps, project_to_heatmap)
from .lifter_inputs import LifterInputError, check_keypoints_2d
from .multiview_cameras import (CAMERA_FIELDS, MultiViewCameras,
                                batch_cameras, camera_set_key,
                                cameras_from_arrays)
from .plane_nets import PlaneHourglass, PlaneWeightNet
from .plane_ops import (fuse_plane_coordinates, gaussian_plane_target,
                        nms_topk_2d, orthographic_planes, soft_argmax_2d)
from .robust_triangulation import (fill_missing_joints, hop_distances,
                                   merge_duplicates, ransac_triangulate)
from .tracking import OnlinePoseFilter
from .voxel_ops import (gaussian_voxel_target, match_to_nearest,
                        nms_topk_3d, soft_argmax_3d, voxel_index_to_world,
                        voxel_offsets)
from .voxel_projector import VoxelProjector

__all__ = [
    'fundamental_matrices', 'epipolar_distance_matrix', 'cluster_people',
    'ransac_triangulate', 'merge_duplicates', 'hop_distances',
    'fill_missing_joints', 'OnlinePoseFilter', 'CAMERA_FIELDS',
    'MultiViewCameras',
    'batch_cameras', 'camera_set_key', 'cameras_from_arrays',
    'gaussian_voxel_target', 'match_to_nearest', 'nms_topk_3d',
    'soft_argmax_3d', 'voxel_index_to_world', 'voxel_offsets',
    'VoxelProjector', 'DifferentiableHeatmapRenderer', 'gaussian_heatmaps',
    'project_to_heatmap', 'PlaneHourglass', 'PlaneWeightNet',
    'fuse_plane_coordinates', 'gaussian_plane_target', 'nms_topk_2d',
    'orthographic_planes', 'soft_argmax_2d', 'LifterInputError',
    'check_keypoints_2d'
]
