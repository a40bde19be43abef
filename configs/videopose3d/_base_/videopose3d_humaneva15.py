# VideoPose3D, supervised, on HumanEva-I (15 joints): the README recipe
# (-d humaneva15 -str Train/S1,Train/S2,Train/S3 -ste Validate/S1,...,S3
#  -a Walk,Jog,Box --by-subject -b 128 -e 1000 -lrd 0.996), 27 frames,
# 2D ground truth as input (`keypoint_2d_src`). Leaves change the 2D source,
# the receptive field or the schedule.
_base_ = ['../../_base_/default_runtime.py']

# runtime
train_cfg = dict(by_epoch=True, max_epochs=1000, val_interval=50)
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(
        interval=50, max_keep_ckpts=2, save_best='P-MPJPE', rule='less'))
custom_hooks = [
    dict(type='BNMomentumDecayHook', initial=0.1, final=0.001),
    dict(type='DatasetEpochHook'),
    dict(type='SyncBuffersHook'),
    dict(type='RNGStateHook'),
]

# optimizer: Adam with amsgrad, lr decayed after every epoch
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3, amsgrad=True))
param_scheduler = [dict(type='ExponentialLR', gamma=0.996, by_epoch=True)]
auto_scale_lr = dict(base_batch_size=128)

# codec: screen-normalised 2D in, root-relative metres out, mm decoded
codec = dict(type='VideoLiftingLabel', num_keypoints=15, root_index=0)
kernel_sizes = (3, 3, 3)
receptive_field = 27

# model
model = dict(
    type='VideoPoseLifter',
    backbone=dict(
        type='TemporalConvLifter',
        in_channels=15 * 2,
        channels=1024,
        kernel_sizes=kernel_sizes,
        dropout=0.25),
    head=dict(
        type='TemporalLiftingHead',
        in_channels=1024,
        num_joints=15,
        loss=dict(type='MPJPELoss'),
        decoder=codec),
    test_cfg=dict(flip_test=True))

# data
dataset_type = 'VideoPose3DDataset'
data_root = '../shared/data/humaneva_videopose3d/'
data_common = dict(
    type=dataset_type,
    dataset_name='humaneva15',
    data_root=data_root + 'data/',
    keypoint_2d_src='gt',
    camera_param_file='../humaneva_cameras_from_videopose3d.json',
    actions=['Walk', 'Jog', 'Box'])
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
    batch_size=128,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        subjects=['Train/S1', 'Train/S2', 'Train/S3'],
        chunk_length=1,
        flip_doubling=True,
        pipeline=train_pipeline,
        **data_common))
val_dataloader = dict(
    batch_size=4,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        subjects=['Validate/S1', 'Validate/S2', 'Validate/S3'],
        chunk_length=None,
        pipeline=val_pipeline,
        test_mode=True,
        **data_common))
test_dataloader = val_dataloader

# evaluation: per subject x action means, then their unweighted mean
val_evaluator = dict(
    type='MPJPEMetric',
    modes=['mpjpe', 'p-mpjpe', 'n-mpjpe', 'mpjve'],
    group_by='subject_action',
    root_index=0)
test_evaluator = val_evaluator
