# Embedded default, step 1 of 2: SelfPose3d's self-supervised root net on the
# procedural synthetic world (5 Panoptic-like cameras, 1-4 people,
# detector-like pseudo 2D from the detection emulator, heatmap input), no 2D or
# 3D label: the Panoptic root-net stage
# (selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-rootnet.py: synthetic roots
# x 100 + view-set consistency, 2D side frozen, no photometric augmentation) at
# CPU sizes (120x64 heatmaps, 32x32x8 root grid over 6 x 6 x 2 m, V2V width 8).
# `python tools/run_demo.py` chains it with
# selfpose3d_v2v-cpn32-prn24_1xb2-800it_synthetic-5cam-posenet.py and the
# evaluation.
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/models/selfpose3d_heatmap_cpu.py',
    '../_base_/voxelpose_data/synthetic_ssv_heatmap.py',
]

# --- data: the reference root stage has no photometric augmentation
ssv_aug_pipeline = []
train_pipeline = [
    *_base_.train_pipeline[:-1],
    dict(_base_.view_sets, aug_pipeline=ssv_aug_pipeline),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))

# --- runtime: iteration-based, so a killed run resumes exactly
train_cfg = dict(by_epoch=False, max_iters=300, val_interval=100000)
log_processor = dict(by_epoch=False)
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=2e-3), clip_grad=dict(max_norm=100.))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, end=20),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=20, T_max=280,
         eta_min=1e-5),
]
auto_scale_lr = dict(base_batch_size=2)
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(by_epoch=False, interval=300, max_keep_ckpts=1))

# --- model: the root net only
model = dict(
    freeze_2d=True,
    attention=None,
    train_cfg=dict(stage='root'))
