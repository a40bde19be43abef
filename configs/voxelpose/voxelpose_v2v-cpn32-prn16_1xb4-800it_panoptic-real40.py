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
    '../_base_/schedules/voxelpose_adam_cosine_cpu.py',
]

# --- runtime
train_cfg = dict(by_epoch=False, max_iters=800, val_interval=400)
log_processor = dict(by_epoch=False, window_size=20)

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
        space_size=(6000., 6000., 2000.), space_center=(0., -500., 800.)))

# --- data
train_dataloader = dict(batch_size=4)
