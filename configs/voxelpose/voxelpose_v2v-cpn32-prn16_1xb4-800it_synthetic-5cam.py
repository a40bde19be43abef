# VoxelPose (supervised) on the procedural synthetic world, 5 cameras,
# heatmap-input mode, sized to train on a 2-core CPU in about 10-15
# minutes: the CPU sizes of the model base (root net on the mid-hip channel
# over a 32x32x8 grid of the 6 x 6 x 2 m space, 16^3 person cubes of 2 m,
# V2V widths 8 / 32), batch 4, 800 iterations of the shared CPU schedule.
# No download; the data base (synthetic_heatmap) defines the dataloaders
# and the evaluator.
# Measured results and the baselines: README.md, "Voxel pipeline".
# On a shared machine, OMP_NUM_THREADS=1 is faster than 2 threads.
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/models/voxelpose_heatmap.py',
    '../_base_/voxelpose_data/synthetic_heatmap.py',
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
        type='VoxelPoseVisualizationHook', enable=True, interval=100,
        max_per_epoch=2))

# --- data
train_dataloader = dict(batch_size=4)
