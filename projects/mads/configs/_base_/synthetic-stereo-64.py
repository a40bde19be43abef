# The synthetic calibrated stereo rig of the CDRNet / 2D-baseline CPU runs:
# stick figures rendered into two views, 64x64 crops, a 1500-iteration
# schedule, world and pelvis-relative MPJPE. Leaves add the model.
_base_ = ['../../../../configs/_base_/default_runtime.py']

custom_imports = dict(
    imports=['projects.mads.mads'], allow_failed_imports=False)

# --- runtime
train_cfg = dict(
    _delete_=True, by_epoch=False, max_iters=1500, val_interval=500)
val_cfg = dict()
test_cfg = dict()

# --- learning policy
param_scheduler = [
    dict(
        type='MultiStepLR', by_epoch=False, milestones=[1200], gamma=0.1)
]
auto_scale_lr = dict(base_batch_size=8)

# --- hooks
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(
        type='CheckpointHook',
        by_epoch=False,
        interval=500,
        max_keep_ckpts=1,
        save_best='MPJPE',
        rule='less'))
log_processor = dict(by_epoch=False)

# --- codec
input_size = (64, 64)
codec = dict(
    type='MSRAHeatmap', input_size=input_size, heatmap_size=(16, 16), sigma=2)

# --- data
dataset_type = 'SyntheticStereoDataset'
rig = dict(num_views=2, baseline_deg=45., radius=3500., focal=300.)

train_pipeline = [
    dict(type='RenderStickFigures'),
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
    dict(type='RenderStickFigures'),
    dict(
        type='CropViews',
        input_size=input_size,
        mode='center_square',
        check_boundary=False),
    dict(type='PackMultiViewPose'),
]

train_dataloader = dict(
    batch_size=8,
    num_workers=1,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        num_samples=4000,
        seed=0,
        pipeline=train_pipeline,
        **rig))
val_dataloader = dict(
    batch_size=8,
    num_workers=1,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        num_samples=96,
        seed=1,
        test_mode=True,
        pipeline=val_pipeline,
        **rig))

# --- evaluation: absolute (world) and pelvis-relative errors, mm
val_evaluator = [
    dict(type='MPJPEMetric', modes=('mpjpe', 'p-mpjpe')),
    dict(type='MPJPEMetric', modes=('mpjpe', ), root_index=1, prefix='rel'),
]
test_dataloader = val_dataloader
test_evaluator = val_evaluator
