# VoxelPose (supervised) on the procedural synthetic world, 5 cameras,
# heatmap-input mode, sized for a 2-core CPU: root net on the mid-hip
# channel over a 48x48x12 grid (6 x 6 x 2 m), 32^3 person cubes of 2 m,
# V2V width 8, one supervised cube per GT person. Trains in minutes with
# no download; the data base (synthetic_heatmap) defines the
# dataloaders and evaluator.
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/models/voxelpose_heatmap.py',
    '../_base_/voxelpose_data/synthetic_heatmap.py',
]

# --- runtime: iteration-based, so a killed run resumes exactly
train_cfg = dict(by_epoch=False, max_iters=1500, val_interval=500)
val_cfg = dict()
test_cfg = dict()
log_processor = dict(by_epoch=False)

# --- optimizer
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3), clip_grad=dict(max_norm=1000.))

# --- learning policy
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, end=50),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=50, T_max=1450,
         eta_min=1e-5),
]
auto_scale_lr = dict(base_batch_size=8)

# --- hooks
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(
        by_epoch=False, interval=500, max_keep_ckpts=2,
        save_best='panoptic/mAP', rule='greater'),
    visualization=dict(
        type='VoxelPoseVisualizationHook', enable=True, interval=50,
        max_per_epoch=4))

# --- model
model = dict(
    root_head=dict(net=dict(mid_channels=8)),
    pose_head=dict(net=dict(mid_channels=8)),
    train_cfg=dict(one_cube_per_gt=True, gt_root_jitter=30.))
