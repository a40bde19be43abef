# The training-free geometric baseline on the 40 real Panoptic frames, with
# the same 2D input as the learned models' real-40 configs: the real 3D
# people projected through the five real HD cameras and passed through the
# same detector emulation (noise, missed joints, swaps, false positives,
# occlusion), here as per-view detections (x, y, score) instead of rendered
# heatmaps. No temporal filter (two 20-frame pieces of two sequences).
_base_ = [
    '../_base_/models/geometric_baseline_panoptic15.py',
    '../_base_/voxelpose_data/panoptic_real40_heatmap.py',
]

train_dataloader = None  # the data base's training set is not used
test_pipeline = [
    dict(type='ProjectPoses'),
    _base_.detector,
    dict(type='PackMultiViewDetections'),
]
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
val_dataloader = test_dataloader
