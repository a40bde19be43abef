# CDRNet (rotation FTL, canonical frame = first camera) on the synthetic
# calibrated stereo rig: a ResNet-18 at quarter width on 64x64 crops, sized
# to train on 2 CPU cores in minutes. 2D warm-up, then 3D loss + clipping.
_base_ = ['./_base_/synthetic-stereo-64.py']

# --- optimizer (clip_grad is switched on by Loss3DWarmupHook after warm-up)
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3), clip_grad=dict(max_norm=100.))

# --- hooks
custom_hooks = [
    dict(type='SyncBuffersHook'),
    dict(type='Loss3DWarmupHook', warmup_iters=600),
]

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
        input_size=_base_.input_size,
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
