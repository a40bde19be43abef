# Real-data check of the CPU VoxelPose: trained ONLY on the synthetic world
# (procedural people) seen through the five real CMU Panoptic HD cameras
# (160906 calibration, VoxelPose z-up frame), validated / tested on the 40
# real Panoptic frames that exist offline (160906_band1 and _band2, 3
# seated people each; real 3D GT and calibration, 2D from projection +
# detector emulation, drawn as input heatmaps). Same model and schedule as
# voxelpose_v2v-cpn32-prn16_1xb4-800it_synthetic-5cam.py; only the root
# space follows VoxelPose's Panoptic space (centred at y = -500 mm, where
# the synthetic people are placed). Results: README.md, "Voxel pipeline".
# Needs ../shared/data or SELFPOSE_SHARED_DATA (see the data base).
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/models/voxelpose_heatmap.py',
    '../_base_/voxelpose_data/panoptic_real40_heatmap.py',
]

# --- runtime
train_cfg = dict(by_epoch=False, max_iters=800, val_interval=400)
val_cfg = dict()
test_cfg = dict()
log_processor = dict(by_epoch=False, window_size=20)

# --- optimizer (losses: root MSE x 100, pose L1 in metres)
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=2e-3), clip_grad=dict(max_norm=100.))

# --- learning policy (independent of max_iters, see the synthetic config)
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
        type='VoxelPoseVisualizationHook', enable=True, interval=10,
        max_per_epoch=2))

# --- model
model = dict(
    root_head=dict(
        net=dict(mid_channels=8),
        space_size=(6000., 6000., 2000.),
        space_center=(0., -500., 800.),
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
