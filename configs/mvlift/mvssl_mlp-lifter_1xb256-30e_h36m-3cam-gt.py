# Multi-view self-supervised lifting on Human3.6M (3 synchronised cameras,
# 2D only, no 3D labels): the residual MLP of the supervised baseline,
# MultiViewConsistencyLoss (root triangulated from the 3 views, H36M
# distortion model), dropout 0.25 for the first half then 0.
_base_ = ['./_base_/mvlift_h36m.py']

# runtime
train_cfg = dict(by_epoch=True, max_epochs=30, val_interval=5)
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=5, max_keep_ckpts=1))
custom_hooks = [
    dict(type='DropoutScheduleHook', switch_ratio=0.5, p_after=0.),
    dict(type='SyncBuffersHook'),
    dict(type='RNGStateHook'),
]

# optimizer
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3, amsgrad=True),
    clip_grad=dict(max_norm=5.))
param_scheduler = [dict(type='ExponentialLR', gamma=0.95, by_epoch=True)]
auto_scale_lr = dict(base_batch_size=256)

# model
model = dict(
    type='MultiViewSelfSupervisedLifter',
    backbone=dict(
        type='MLPLifterBackbone',
        in_channels=17 * 2,
        channels=1024,
        num_blocks=2,
        dropout=0.25),
    head=dict(
        type='LiftingRegressionHead',
        in_channels=1024,
        num_joints=17,
        decoder={{_base_.codec}}),
    mv_loss=dict(
        type='MultiViewConsistencyLoss',
        self_weight=1.,
        cross_weight=1.,
        consistency_weight=1.,
        normalize='pose',
        root_index=0),
    root_index=0,
    target_scale=1000.)

# data: multi-view frames, 2D only
train_dataloader = dict(
    batch_size=256,
    num_workers=2,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='MultiViewLiftingDataset',
        subjects={{_base_.train_subjects}},
        downsample=2,
        with_3d=False,
        pipeline={{_base_.multi_view_pipeline}},
        **_base_.data_common))
