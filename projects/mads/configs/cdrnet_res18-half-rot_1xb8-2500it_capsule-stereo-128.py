# CDRNet (rotation FTL, canonical frame = first camera) on the volumetric
# synthetic stereo world. As in the public recipe the encoder starts from a 2D
# pose model -- here the 2D baseline's checkpoint at iteration 2500 on the same
# renders (no MPII: nothing is downloaded) -- and so does the decoder (the
# baseline's HeatmapHead). 2500 iterations: 500 of heatmap + 2D supervision
# (the new fusion layers learn to pass the views through), then + 4 x 3D loss
# and gradient clipping. Total budget 2500 (shared warm-up) + 2500 iterations,
# the same as the 2D baseline's 5000.
_base_ = ['../../../configs/_base_/default_runtime.py',
          './_base_/capsule-stereo-128.py']

custom_imports = dict(
    imports=['projects.mads.mads'], allow_failed_imports=False)

warmup_ckpt = ('work_dirs/simplebaseline-tri_res18-half_1xb8-5000it_'
               'capsule-stereo-128/iter_2500.pth')

max_iters = 2500
train_cfg = dict(
    _delete_=True, by_epoch=False, max_iters=max_iters, val_interval=500)
val_cfg = dict()
test_cfg = dict()

# clip_grad is switched on by Loss3DWarmupHook after the 2D phase
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3), clip_grad=dict(max_norm=100.))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0,
         end=50),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=50,
         end=max_iters, eta_min=1e-5),
]
auto_scale_lr = dict(base_batch_size=8)

default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(
        type='CheckpointHook', by_epoch=False, interval=500,
        max_keep_ckpts=1))
custom_hooks = [
    dict(type='SyncBuffersHook'),
    dict(type='Loss3DWarmupHook', warmup_iters=500),
]
log_processor = dict(by_epoch=False)

backbone_channels = 256
model = dict(
    type='MultiViewTriangulator',
    data_preprocessor=dict(type='MultiViewImagePreprocessor'),
    backbone=dict(
        type='ResNet',
        depth=18,
        stem_channels=32,
        base_channels=32,
        strides=(1, 2, 2, 1),  # output stride 16 (8x8 features), as the
        dilations=(1, 1, 1, 2),  # baseline

        init_cfg=dict(
            type='Pretrained', checkpoint=warmup_ckpt, prefix='backbone.')),
    head=dict(
        type='CameraDisentangledHead',
        in_channels=backbone_channels,
        num_keypoints=19,
        input_size={{_base_.input_size}},
        transform='rotation',
        canonical_frame='first_view',
        latent_vectors=64,
        fusion_channels=256,
        out_channels=backbone_channels,
        deconv_head=dict(
            deconv_out_channels=(64, 64),
            deconv_kernel_sizes=(4, 4),
            init_cfg=dict(
                type='Pretrained', checkpoint=warmup_ckpt, prefix='head.')),
        # heatmaps trained towards MSRA Gaussians (peak 1, sigma 1.5 cells):
        # softmax(20 h) is a Gaussian of sigma 1.5 / sqrt(20) = 0.34 cells
        softmax_beta=20.,
        root_index=1,
        loss_2d=dict(type='SmoothKeypointMSELoss', threshold=400.),
        loss_3d=dict(
            type='SmoothKeypointMSELoss',
            threshold=400.,
            scale=0.1,
            loss_weight=4.),
        loss_heatmap=dict(
            type='KeypointMSELoss', use_target_weight=True,
            loss_weight=1000.)))
