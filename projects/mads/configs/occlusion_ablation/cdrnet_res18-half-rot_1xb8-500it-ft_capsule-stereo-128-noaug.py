# Occlusion ablation (CPU-sized): CDRNet (rotation FTL) fine-tuned for 500
# iterations from the final checkpoint (iteration 2500) of the CDRNet run, with
# the 3D loss on from the start, with: no occlusion augmentation. Seeds: --cfg-
# options randomness.seed=0 / 1. Evaluated on the clean and on the occluded
# validation frames (benchmarks/eval_capsule_stereo.py).
_base_ = ['../cdrnet_res18-half-rot_1xb8-2500it_capsule-stereo-128.py']

load_from = ('work_dirs/cdrnet_res18-half-rot_1xb8-2500it_'
             'capsule-stereo-128/iter_2500.pth')
max_iters = 500
train_cfg = dict(max_iters=max_iters, val_interval=max_iters)
optim_wrapper = dict(optimizer=dict(lr=2e-4))
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=False, begin=0, end=max_iters,
         eta_min=1e-5)
]
default_hooks = dict(
    checkpoint=dict(interval=max_iters, max_keep_ckpts=1))
custom_hooks = [
    dict(type='SyncBuffersHook'),
    dict(type='Loss3DWarmupHook', warmup_iters=0),
]

# the fine-tuning pipeline; the other ablation configs insert their
# occlusion augmentation after the crop
ft_pipeline = [
    dict(
        type='CropViews',
        input_size=_base_.input_size,
        mode='center_square',
        scale_sigma=0.1,
        rot_sigma=15.,
        rot_prob=0.5),
    dict(type='EncodeViewHeatmaps', codec=_base_.codec),
    dict(type='PackMultiViewPose'),
]
train_dataloader = dict(dataset=dict(pipeline=ft_pipeline))
