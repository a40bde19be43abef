# The recipe's 2D pretraining step: Simple-Baselines ResNet-101 (the same
# backbone + HeatmapHead as the MADS baseline, so its encoder initialises the
# MADS models via load_from) on COCO keypoints with mmpose's own top-down
# CocoDataset, pipeline and metric. 256x256 input, sigma 2, Adam 1e-3.
_base_ = [
    '../../../configs/_base_/default_runtime.py',
    './_base_/coco-topdown-256.py',
]

# --- runtime
train_cfg = dict(max_epochs=140, val_interval=10)

# --- optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3))

# --- learning policy
param_scheduler = [
    dict(
        type='LinearLR', begin=0, end=500, start_factor=0.001,
        by_epoch=False),
    dict(
        type='MultiStepLR',
        begin=0,
        end=140,
        milestones=[90, 120],
        gamma=0.1,
        by_epoch=True)
]
auto_scale_lr = dict(base_batch_size=32)

# --- hooks
default_hooks = dict(checkpoint=dict(save_best='coco/AP', rule='greater'))

# --- model
model = dict(
    type='TopdownPoseEstimator',
    data_preprocessor=dict(
        type='PoseDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(type='ResNet', depth=101),
    head=dict(
        type='HeatmapHead',
        in_channels=2048,
        out_channels=17,
        loss=dict(type='KeypointMSELoss', use_target_weight=True),
        decoder=_base_.codec),
    test_cfg=dict(flip_test=True, flip_mode='heatmap', shift_heatmap=True))
