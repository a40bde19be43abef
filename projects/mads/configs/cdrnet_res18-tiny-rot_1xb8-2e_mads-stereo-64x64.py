# Smoke-sized CDRNet on MADS-format data (the tiny synthetic-rig model on
# 64x64 centre-square crops, 2 epochs): checks a MADS tree end to end on CPU.
# For real training use the res101 256x256 config.
_base_ = ['./cdrnet_res18-tiny-rot_1xb8-1500it_synthetic-stereo.py']

# --- runtime
train_cfg = dict(_delete_=True, by_epoch=True, max_epochs=2, val_interval=1)

# --- learning policy
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[40], gamma=0.1)
]

# --- hooks
default_hooks = dict(
    logger=dict(interval=1),
    checkpoint=dict(by_epoch=True, interval=1))
custom_hooks = [
    dict(type='SyncBuffersHook'),
    dict(type='Loss3DWarmupHook', warmup_epochs=1),
]
log_processor = dict(by_epoch=True)

# --- codec / crop geometry (same as the base)
input_size = (64, 64)

# --- data
dataset_type = 'MADSDataset'
data_root = 'data/MADS'

train_pipeline = [
    dict(type='LoadViewImages'),
    dict(
        type='CropViews',
        input_size=input_size,
        mode='center_square',
        scale_sigma=0.1,
        rot_sigma=15.,
        rot_prob=0.5),
    dict(type='Cutout', prob=0.3, num_holes=6, hole_size=10),
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
    batch_size=8,
    num_workers=0,
    persistent_workers=False,
    dataset=dict(
        _delete_=True,
        type=dataset_type,
        data_root=data_root,
        split='train',
        mode='stereo',
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=8,
    num_workers=0,
    persistent_workers=False,
    dataset=dict(
        _delete_=True,
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
