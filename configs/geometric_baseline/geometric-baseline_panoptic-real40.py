# The training-free geometric baseline (association + robust triangulation)
# on the 40 real Panoptic frames, with the same 2D input as the learned
# models' real-40 configs: the real 3D people projected through the five
# real HD cameras and passed through the same detector emulation (noise,
# missed joints, swaps, false positives, occlusion), here as per-view
# detections (x, y, score) instead of rendered heatmaps. No temporal
# filter (the 40 frames are two 20-frame pieces of different sequences).
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/voxelpose_data/panoptic_real40_heatmap.py',
]

train_cfg = None
train_dataloader = None
default_hooks = dict(logger=dict(interval=10))
custom_hooks = []

test_pipeline = [
    dict(type='ProjectPoses'),
    {{_base_.detector}},
    dict(type='PackMultiViewDetections'),
]
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
val_dataloader = test_dataloader

# Panoptic-15 links of the dataset meta (configs/_base_/datasets/
# panoptic_body3d.py), used to fill missing joints
panoptic15_skeleton = [(1, 0), (0, 3), (0, 9), (3, 4), (9, 10), (4, 5),
                       (10, 11), (8, 7), (7, 6), (14, 13), (13, 12), (2, 6),
                       (2, 12), (2, 0)]
model = dict(
    type='GeometricBaseline',
    num_keypoints=15,
    skeleton_links=panoptic15_skeleton,
    root_indices=(2, ),
    assoc_cfg=dict(score_thr=0.3, min_joints=4, threshold=30., big_joints=8),
    triangulation_cfg=dict(score_thr=0.2, inlier_thr=25.),
    merge_cfg=dict(median_thr=200., close_thr=100., min_close=3),
    min_valid_joints=5,
    temporal_cfg=None)
