# Multi-view self-supervised lifting (no 3D labels): the same residual MLP
# as the supervised baseline lifts each of the 3 synchronised views of a
# Train frame; every view's root-relative pose is placed at the root
# triangulated from the three 2D views, moved by the relative camera motion
# and projected (with distortion) into every view: self-reconstruction,
# cross-view reconstruction and cross-view consistency terms (2D joint
# distances / 2D pose size). Dropout 0.25 for the first half of training,
# then 0 (BatchNorm stays in train mode). Test: each view lifted alone.
# CPU budget run: 48 epochs of the 3,347 Train frames at batch 64 (2,544
# iterations, about the supervised baseline's 2,512).
_base_ = ['./_base_/mvlift_humaneva15.py']

# runtime
train_cfg = dict(by_epoch=True, max_epochs=48, val_interval=12)
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(interval=12, max_keep_ckpts=1))
custom_hooks = [
    dict(type='DropoutScheduleHook', switch_ratio=0.5, p_after=0.),
    dict(type='SyncBuffersHook'),
    dict(type='RNGStateHook'),
]

# optimizer
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3, amsgrad=True),
    clip_grad=dict(max_norm=5.))
param_scheduler = [
    dict(type='ExponentialLR', gamma=0.1**(1 / 48), by_epoch=True)
]
auto_scale_lr = dict(base_batch_size=64)

# model
model = dict(
    type='MultiViewSelfSupervisedLifter',
    backbone=dict(
        type='MLPLifterBackbone',
        in_channels=15 * 2,
        channels=1024,
        num_blocks=2,
        dropout=0.25),
    head=dict(
        type='LiftingRegressionHead',
        in_channels=1024,
        num_joints=15,
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

# data: multi-view Train frames, 2D only (with_3d=False: no 3D is loaded)
train_dataloader = dict(
    batch_size=64,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='MultiViewLiftingDataset',
        subjects={{_base_.train_subjects}},
        with_3d=False,
        pipeline={{_base_.multi_view_pipeline}},
        **_base_.data_common))
