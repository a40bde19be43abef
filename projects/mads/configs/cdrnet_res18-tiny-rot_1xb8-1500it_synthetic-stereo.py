# CDRNet (rotation FTL, canonical frame = first camera) on the synthetic
# calibrated stereo rig: a ResNet-18 at quarter width on 64x64 crops, sized
# to train on 2 CPU cores in minutes. 2D warm-up, then 3D loss + clipping.
_base_ = ['../../../configs/_base_/default_runtime.py']

custom_imports = dict(
    imports=['projects.mads.mads'], allow_failed_imports=False)

# --- runtime
train_cfg = dict(
    _delete_=True, by_epoch=False, max_iters=1500, val_interval=500)
val_cfg = dict()
test_cfg = dict()

# --- optimizer (clip_grad is switched on by Loss3DWarmupHook after warm-up)
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3), clip_grad=dict(max_norm=100.))

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
custom_hooks = [
    dict(type='SyncBuffersHook'),
    dict(type='Loss3DWarmupHook', warmup_iters=600),
]
log_processor = dict(by_epoch=False)

# --- codec (unused by CDRNet's loss; kept for the shared crop geometry)
input_size = (64, 64)

# --- model
model = dict(
    type='MultiViewTriangulator',
    data_preprocessor=dict(type='MultiViewImagePreprocessor'),
    backbone=dict(
        type='ResNet', depth=18, stem_channels=16, base_channels=16),
    head=dict(
        type='CameraDisentangledHead',
        in_channels=128,
        num_keypoints=19,
        input_size=input_size,
        transform='rotation',
        canonical_frame='first_view',
        latent_vectors=32,
        fusion_channels=128,
        out_channels=128,
        deconv_head=dict(
            deconv_out_channels=(32, 32, 32), deconv_kernel_sizes=(4, 4, 4)),
        softmax_beta=1.,
        root_index=1,
        loss_2d=dict(type='SmoothKeypointMSELoss', threshold=400.),
        loss_3d=dict(
            type='SmoothKeypointMSELoss',
            threshold=400.,
            scale=0.1,
            loss_weight=4.)))

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
