# CDRNet on MADS stereo (the public recipe): ResNet-101 encoder (initialise
# it from the 2D pretraining below via load_from), 256x256 centre-square
# crops, 20 epochs of 2D warm-up, then 4 x 3D loss + 2D loss with gradient
# clipping at 100; Adam 1e-4, x0.1 at epoch 40; Cutout with mask-aware labels.
_base_ = ['../../../configs/_base_/default_runtime.py']

custom_imports = dict(
    imports=['projects.mads.mads'], allow_failed_imports=False)

# --- runtime
train_cfg = dict(by_epoch=True, max_epochs=50, val_interval=1)
val_cfg = dict()
test_cfg = dict()

# --- optimizer (clip_grad is switched on by Loss3DWarmupHook after warm-up)
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-4), clip_grad=dict(max_norm=100.))

# --- learning policy
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[40], gamma=0.1)
]
auto_scale_lr = dict(base_batch_size=32)

# --- hooks
default_hooks = dict(
    checkpoint=dict(save_best='MPJPE', rule='less', max_keep_ckpts=1))
custom_hooks = [
    dict(type='SyncBuffersHook'),
    dict(type='Loss3DWarmupHook', warmup_epochs=20),
]
# encoder from the 2D pretraining (simplebaseline_res101_*), e.g.
# load_from = 'work_dirs/simplebaseline_res101_1xb32-150e_mpii-256x256/...'

# --- model
input_size = (256, 256)
model = dict(
    type='MultiViewTriangulator',
    data_preprocessor=dict(type='MultiViewImagePreprocessor'),
    backbone=dict(type='ResNet', depth=101),
    head=dict(
        type='CameraDisentangledHead',
        in_channels=2048,
        num_keypoints=19,
        input_size=input_size,
        transform='rotation',
        canonical_frame='first_view',
        latent_vectors=100,
        fusion_channels=400,
        deconv_head=dict(
            deconv_out_channels=(256, 256, 256),
            deconv_kernel_sizes=(4, 4, 4)),
        root_index=1,
        loss_2d=dict(type='SmoothKeypointMSELoss', threshold=400.),
        loss_3d=dict(
            type='SmoothKeypointMSELoss',
            threshold=400.,
            scale=0.1,
            loss_weight=4.)))

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
