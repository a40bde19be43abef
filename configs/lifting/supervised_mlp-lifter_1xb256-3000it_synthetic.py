# A residual-MLP single-frame lifter trained on the procedural world (people
# seen by a 5-camera ring, 2 px detector-like noise). Needs no download and
# trains on a 2-core CPU in about two minutes. `make demo` runs it.
_base_ = ['../_base_/default_runtime.py']

# runtime: iteration-based, so a killed run resumes at the exact iteration
train_cfg = dict(by_epoch=False, max_iters=3000, val_interval=1000)
default_hooks = dict(
    logger=dict(interval=100),
    checkpoint=dict(
        by_epoch=False,
        interval=500,
        max_keep_ckpts=2,
        save_best='MPJPE',
        rule='less'))
log_processor = dict(by_epoch=False)

# optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, end=100),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=100, T_max=2900,
         eta_min=1e-5),
]
auto_scale_lr = dict(base_batch_size=256)

# codec: one object encodes targets and decodes predictions
codec = dict(type='PinholeLiftingLabel', num_keypoints=15, root_index=2)

# model
model = dict(
    type='SingleFrameLifter',
    backbone=dict(
        type='MLPLifterBackbone',
        in_channels=15 * 2,
        channels=512,
        num_blocks=2,
        dropout=0.1),
    head=dict(
        type='LiftingRegressionHead',
        in_channels=512,
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
    batch_size=256,
    num_workers=0,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        num_samples=50000,
        seed=0,
        noise_px=2.,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=256,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        num_samples=2000,
        seed=1,
        noise_px=2.,
        pipeline=val_pipeline,
        test_mode=True))
test_dataloader = val_dataloader

# evaluation
val_evaluator = dict(type='MPJPEMetric', modes=['mpjpe', 'p-mpjpe'])
test_evaluator = val_evaluator
