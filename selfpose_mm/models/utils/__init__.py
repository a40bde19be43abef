"""Model utilities: camera batching, voxel ops and the voxel projector."""
from .multiview_cameras import (CAMERA_FIELDS, batch_cameras,
                                camera_set_key, cameras_from_arrays)
from .voxel_ops import (gaussian_voxel_target, match_to_nearest,
                        nms_topk_3d, soft_argmax_3d, voxel_index_to_world,
                        voxel_offsets)
from .voxel_projector import VoxelProjector

__all__ = [
    'CAMERA_FIELDS', 'batch_cameras', 'camera_set_key', 'cameras_from_arrays',
    'gaussian_voxel_target', 'match_to_nearest', 'nms_topk_3d',
    'soft_argmax_3d', 'voxel_index_to_world', 'voxel_offsets',
    'VoxelProjector'
]
