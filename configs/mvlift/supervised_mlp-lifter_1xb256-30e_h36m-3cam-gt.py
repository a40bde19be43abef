# Supervised baseline on Human3.6M (3 cameras, 2D GT): residual MLP with 3D
# labels, flip doubling. Frames subsampled by 2 for training (50 -> 25 fps).
_base_ = ['./_base_/mvlift_h36m.py']

# runtime
train_cfg = dict(by_epoch=True, max_epochs=30, val_interval=5)
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(interval=5, max_keep_ckpts=1))

# optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3, amsgrad=True))
param_scheduler = [dict(type='ExponentialLR', gamma=0.95, by_epoch=True)]
auto_scale_lr = dict(base_batch_size=256)

# model
model = dict(
    type='SingleFrameLifter',
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
        loss=dict(type='MPJPELoss', use_target_weight=True),
        decoder={{_base_.codec}}))

# data
train_pipeline = [
    dict(type='TemporalWindow', receptive_field=1),
    dict(type='FlipVideoLifting'),
    dict(type='EncodeVideoLifting', codec={{_base_.codec}}),
    dict(type='PackVideoLiftingInputs'),
]
train_dataloader = dict(
    batch_size=256,
    num_workers=2,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='VideoPose3DDataset',
        subjects={{_base_.train_subjects}},
        chunk_length=1,
        downsample=2,
        flip_doubling=True,
        pipeline=train_pipeline,
        **_base_.data_common))
