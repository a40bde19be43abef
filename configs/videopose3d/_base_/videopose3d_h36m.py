# VideoPose3D, supervised, on Human3.6M (17 joints): train S1,S5-S8, test
# S9,S11, all actions, 4 cameras, per-action averaging with test-time flip.
# Data: VideoPose3D's data_3d_h36m.npz + data_2d_h36m_<source>.npz and
# mmpose's cameras.pkl in `data_root` (../README.md, Human3.6M). Leaves set
# the receptive field (27/81/243 frames) and the 2D source.
_base_ = ['../../_base_/default_runtime.py']

# runtime: VideoPose3D's README recipe (-e 80 -lrd 0.95 -b 1024)
train_cfg = dict(by_epoch=True, max_epochs=80, val_interval=10)
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(
        interval=10, max_keep_ckpts=2, save_best='MPJPE', rule='less'))
custom_hooks = [
    dict(type='BNMomentumDecayHook', initial=0.1, final=0.001),
    dict(type='DatasetEpochHook'),
    dict(type='SyncBuffersHook'),
    dict(type='RNGStateHook'),
]

# optimizer: Adam with amsgrad, lr decayed after every epoch
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3, amsgrad=True))
param_scheduler = [dict(type='ExponentialLR', gamma=0.95, by_epoch=True)]
auto_scale_lr = dict(base_batch_size=1024)

# codec
codec = dict(type='VideoLiftingLabel', num_keypoints=17, root_index=0)
kernel_sizes = (3, 3, 3)
receptive_field = 27

# model
model = dict(
    type='VideoPoseLifter',
    backbone=dict(
        type='TemporalConvLifter',
        in_channels=17 * 2,
        channels=1024,
        kernel_sizes=kernel_sizes,
        dropout=0.25),
    head=dict(
        type='TemporalLiftingHead',
        in_channels=1024,
        num_joints=17,
        loss=dict(type='MPJPELoss'),
        decoder=codec),
    test_cfg=dict(flip_test=True))

# data
dataset_type = 'VideoPose3DDataset'
data_root = 'data/h36m_videopose3d/'
data_common = dict(
    type=dataset_type,
    dataset_name='h36m',
    data_root=data_root,
    keypoint_2d_src='gt',
    camera_param_file='cameras.pkl')
train_pipeline = [
    dict(type='TemporalWindow', receptive_field=receptive_field),
    dict(type='FlipVideoLifting'),
    dict(type='EncodeVideoLifting', codec=codec),
    dict(type='PackVideoLiftingInputs'),
]
val_pipeline = [
    dict(type='TemporalWindow', receptive_field=receptive_field),
    dict(type='EncodeVideoLifting', codec=codec),
    dict(type='PackVideoLiftingInputs'),
]
train_dataloader = dict(
    batch_size=1024,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        subjects=['S1', 'S5', 'S6', 'S7', 'S8'],
        chunk_length=1,
        flip_doubling=True,
        pipeline=train_pipeline,
        **data_common))
val_dataloader = dict(
    batch_size=4,
    num_workers=2,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        subjects=['S9', 'S11'],
        chunk_length=None,
        pipeline=val_pipeline,
        test_mode=True,
        **data_common))
test_dataloader = val_dataloader

# evaluation: per-action means (names cut at the first space), then their
# unweighted mean (VideoPose3D's reported numbers)
val_evaluator = dict(
    type='MPJPEMetric',
    modes=['mpjpe', 'p-mpjpe', 'n-mpjpe', 'mpjve'],
    group_by='action',
    root_index=0)
test_evaluator = val_evaluator
