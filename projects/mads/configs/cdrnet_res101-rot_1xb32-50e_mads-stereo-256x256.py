# CDRNet on MADS stereo (the public recipe): ResNet-101 encoder (initialise
# it from the 2D pretraining below via load_from), 256x256 centre-square
# crops, 20 epochs of 2D warm-up, then 4 x 3D loss + 2D loss with gradient
# clipping at 100; Adam 1e-4, x0.1 at epoch 40; Cutout with mask-aware labels.
_base_ = ['./_base_/mads-stereo-256.py']

# --- optimizer (clip_grad is switched on by Loss3DWarmupHook after warm-up)
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-4), clip_grad=dict(max_norm=100.))

# --- hooks
custom_hooks = [
    dict(type='SyncBuffersHook'),
    dict(type='Loss3DWarmupHook', warmup_epochs=20),
]

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
        input_size=_base_.input_size,
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
