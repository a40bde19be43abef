# MADS stereo (2 calibrated views, 256x256 crops) with the reference
# schedule (50 epochs, batch 32, Adam 1e-4): data, runtime and the
# by-movement MPJPE evaluation of the CDRNet and 2D-baseline recipes.
# Leaves add the model.
_base_ = ['../../../../configs/_base_/default_runtime.py']

custom_imports = dict(
    imports=['projects.mads.mads'], allow_failed_imports=False)

# --- runtime
train_cfg = dict(by_epoch=True, max_epochs=50, val_interval=1)
val_cfg = dict()
test_cfg = dict()

# --- learning policy
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[40], gamma=0.1)
]
auto_scale_lr = dict(base_batch_size=32)

# --- hooks
default_hooks = dict(
    checkpoint=dict(save_best='MPJPE', rule='less', max_keep_ckpts=1))

# --- codec
input_size = (256, 256)
codec = dict(
    type='MSRAHeatmap', input_size=input_size, heatmap_size=(64, 64), sigma=2)

# --- data
dataset_type = 'MADSDataset'
data_root = 'data/MADS'

train_pipeline = [
    dict(type='LoadViewImages'),
    dict(
        type='CropViews',
        input_size=input_size,
        mode='center_square',
        scale_sigma=0.25,
        rot_sigma=30.,
        rot_prob=0.6),
    dict(type='Cutout', prob=0.3, num_holes=6, hole_size=40),
    dict(type='PackMultiViewPose'),
]
val_pipeline = [
    dict(type='LoadViewImages'),
    dict(
        type='CropViews',
        input_size=input_size,
        mode='center_square',
        check_boundary=False),
    dict(type='PackMultiViewPose'),
]

train_dataloader = dict(
    batch_size=32,
    num_workers=8,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='train',
        mode='stereo',
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=32,
    num_workers=4,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        split='val',
        mode='stereo',
        test_mode=True,
        pipeline=val_pipeline))

# --- evaluation: absolute (world) and pelvis-relative errors, mm, by movement
val_evaluator = [
    dict(type='MPJPEMetric', modes=('mpjpe', 'p-mpjpe'), group_by='action'),
    dict(type='MPJPEMetric', modes=('mpjpe', ), root_index=1, prefix='rel'),
]
test_dataloader = val_dataloader
test_evaluator = val_evaluator
