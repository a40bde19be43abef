# VoxelPose (supervised) on the procedural synthetic world, 5 cameras,
# heatmap-input mode, sized to train on a 2-core CPU in about 10-15
# minutes: root net on the mid-hip channel over a 32x32x8 grid of the
# 6 x 6 x 2 m space (194 mm x 194 mm x 286 mm voxels), 16^3 person cubes
# of 2 m (133 mm voxels; soft-argmax interpolates between them), root V2V
# width 8, pose V2V width 32 (VoxelPose's: its first layer keeps >= 15
# channels; width 8 squeezes the 15 joint channels into 4 and learned
# much slower), batch 4, one supervised cube per GT person (its best matched
# proposal, else its GT root + 30 mm noise). No download; the data base
# (synthetic_heatmap) defines the dataloaders and the evaluator.
# Measured results and the baselines: README.md, "Voxel pipeline".
# On a shared machine, OMP_NUM_THREADS=1 is faster than 2 threads.
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/models/voxelpose_heatmap.py',
    '../_base_/voxelpose_data/synthetic_heatmap.py',
]

# --- runtime: iteration-based, so a killed run resumes exactly
train_cfg = dict(by_epoch=False, max_iters=800, val_interval=400)
val_cfg = dict()
test_cfg = dict()
log_processor = dict(by_epoch=False, window_size=20)

# --- optimizer (losses: root MSE x 100, pose L1 in metres; see the model)
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=2e-3), clip_grad=dict(max_norm=100.))

# --- learning policy: warm-up, then a cosine over the whole run. Neither
# needs max_iters (the cosine's end defaults to it), so
# --cfg-options train_cfg.max_iters=N works for any N.
param_scheduler = [
    dict(type='LinearLR', start_factor=0.05, by_epoch=False, begin=0,
         end=30),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=0, eta_min=2e-5),
]
auto_scale_lr = dict(base_batch_size=4)

# --- hooks
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(
        by_epoch=False, interval=400, max_keep_ckpts=2,
        save_best='panoptic/mAP', rule='greater'),
    visualization=dict(
        type='VoxelPoseVisualizationHook', enable=True, interval=100,
        max_per_epoch=2))

# --- model
model = dict(
    root_head=dict(
        net=dict(mid_channels=8),
        cube_shape=(32, 32, 8),
        target_sigma=200.,
        loss=dict(type='MSELoss', loss_weight=100.)),
    pose_head=dict(
        net=dict(mid_channels=32),
        cube_shape=(16, 16, 16),
        loss=dict(type='L1Loss', use_target_weight=True, loss_weight=1e-3)),
    train_cfg=dict(one_cube_per_gt=True, gt_root_jitter=30.))

# --- data
train_dataloader = dict(batch_size=4)
