# The smallest working config: a residual-MLP lifter trained on the
# procedural world (no download). Used by the tests and the distributed smoke
# test; trains in seconds on CPU.
_base_ = ['../_base_/default_runtime.py']

# runtime: iteration-based, so a killed run resumes at the exact iteration
train_cfg = dict(by_epoch=False, max_iters=40, val_interval=20)
default_hooks = dict(
    logger=dict(interval=10),
    checkpoint=dict(by_epoch=False, interval=10, max_keep_ckpts=2,
                    save_best='MPJPE', rule='less'))
log_processor = dict(by_epoch=False)

# optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3))
param_scheduler = [
    dict(type='ExponentialLR', gamma=0.99, by_epoch=False, end=1000),
]
auto_scale_lr = dict(base_batch_size=64)

# codec
codec = dict(type='PinholeLiftingLabel', num_keypoints=15, root_index=2)

# model
model = dict(
    type='SingleFrameLifter',
    backbone=dict(
        type='MLPLifterBackbone',
        in_channels=15 * 2,
        channels=64,
        num_blocks=1,
        dropout=0.1),
    head=dict(
        type='LiftingRegressionHead',
        in_channels=64,
        num_joints=15,
        loss=dict(type='MPJPELoss', use_target_weight=True),
        decoder=codec))

# data
dataset_type = 'SyntheticLiftingDataset'
train_pipeline = [
    dict(type='EncodeLiftingSample', codec=codec),
    dict(type='PackLiftingInputs'),
]
val_pipeline = train_pipeline

train_dataloader = dict(
    batch_size=64,
    num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        num_samples=512,
        seed=0,
        noise_px=1.,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=64,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        num_samples=128,
        seed=1,
        noise_px=1.,
        pipeline=val_pipeline,
        test_mode=True))
test_dataloader = val_dataloader

# evaluation
val_evaluator = dict(type='MPJPEMetric', modes=['mpjpe', 'p-mpjpe'])
test_evaluator = val_evaluator
