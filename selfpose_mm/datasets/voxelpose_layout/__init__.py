"""VoxelPose's Shelf / Campus file layout: readers and a dataset."""
from .readers import (COCO_NUM_JOINTS, SHELF_NUM_JOINTS, read_actors_gt,
                      read_pose_pool, read_voxelpose_predictions)
from .voxelpose_layout_dataset import VoxelPoseLayoutDataset

__all__ = [
    'COCO_NUM_JOINTS', 'SHELF_NUM_JOINTS', 'read_actors_gt',
    'read_pose_pool', 'read_voxelpose_predictions', 'VoxelPoseLayoutDataset'
]
