# Intended settings for the geometric baseline on Campus (3 cameras, COCO-17
# detections of the VoxelPose release). INCOMPLETE: there is no dataloader
# yet, because the real Campus GT and detections are not available offline
# (see ../README.md). The VoxelPose-layout loader comes with the voxel-model
# work.
_base_ = ['../../../configs/_base_/default_runtime.py']

# --- runtime -------------------------------------------------------------
train_cfg = None
custom_hooks = []

# --- model ---------------------------------------------------------------
coco17_skeleton = [(0, 1), (0, 2), (1, 3), (2, 4), (0, 5), (0, 6), (5, 7),
                   (7, 9), (6, 8), (8, 10), (5, 11), (6, 12), (11, 13),
                   (13, 15), (12, 14), (14, 16)]
model = dict(
    type='GeometricBaseline',
    num_keypoints=17,
    skeleton_links=coco17_skeleton,
    root_indices=(11, 12),
    # Campus images are 360x288: pixel thresholds scaled by about 1/3
    assoc_cfg=dict(score_thr=0.3, min_joints=4, threshold=10., big_joints=8),
    triangulation_cfg=dict(score_thr=0.2, inlier_thr=8.),
    temporal_cfg=dict(
        gate=500., max_gap=10, jump_thr=150., max_hold=10, ema=0.7))

# --- data ----------------------------------------------------------------
# TODO(voxel-model work): test_dataloader with a VoxelPose-layout Campus
# dataset (frames 350-470 and 650-750) and PackMultiViewDetections.

# --- evaluation ----------------------------------------------------------
test_evaluator = dict(
    type='PCPMetric', dataset_name='campus', pred_layout='coco17')
