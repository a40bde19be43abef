# Supervised baseline: Martinez-style residual MLP (1024 wide, 2 blocks,
# BN, dropout 0.25) on single camera-frames with 3D labels (MPJPE, metres),
# flip doubling. The CPU budget run: 8 epochs at batch 64, lr 1e-3 -> 1e-4.
_base_ = ['./_base_/mvlift_humaneva15.py']

# runtime
train_cfg = dict(by_epoch=True, max_epochs=8, val_interval=4)
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(interval=4, max_keep_ckpts=1))

# optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3, amsgrad=True))
param_scheduler = [
    dict(type='ExponentialLR', gamma=0.1**(1 / 8), by_epoch=True)
]
auto_scale_lr = dict(base_batch_size=64)

# model
model = dict(
    type='SingleFrameLifter',
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
    batch_size=64,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='VideoPose3DDataset',
        subjects={{_base_.train_subjects}},
        chunk_length=1,
        flip_doubling=True,
        pipeline=train_pipeline,
        **_base_.data_common))
