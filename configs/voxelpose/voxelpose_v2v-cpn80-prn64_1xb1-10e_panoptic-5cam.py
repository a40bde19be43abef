# VoxelPose (supervised) on CMU Panoptic, 5 HD cameras, image mode, at the
# reference sizes: 960x512 input, ResNet-50 + 3 deconvs (240x128 heatmaps),
# 80x80x20 root grid over 8 x 8 x 2 m, 64^3 person cubes of 2 m. Schedule
# of mmpose 0.x's VoxelPose config: Adam 1e-4, 500-iteration linear warm-up,
# LR x0.1 at epochs 8 and 9. Needs a GPU to train in reasonable time; the
# data base (panoptic_5cam_image) defines the dataloaders and evaluator.
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/models/voxelpose_resnet.py',
    '../_base_/voxelpose_data/panoptic_image.py',
]

# --- runtime
train_cfg = dict(by_epoch=True, max_epochs=10, val_interval=1)
val_cfg = dict()
test_cfg = dict()

# --- optimizer
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-4), clip_grad=dict(max_norm=1000.))

# --- learning policy
param_scheduler = [
    dict(type='LinearLR', start_factor=0.001, by_epoch=False, end=500),
    dict(type='MultiStepLR', by_epoch=True, milestones=[8, 9], gamma=0.1),
]
auto_scale_lr = dict(base_batch_size=1)

# --- hooks
default_hooks = dict(
    checkpoint=dict(save_best='panoptic/mAP', rule='greater'),
    visualization=dict(
        type='VoxelPoseVisualizationHook', enable=True, interval=200,
        max_per_epoch=8))

# --- model (the 2D network is frozen: start from a trained 2D checkpoint,
# e.g. `load_from`, or set model.freeze_2d=False to train it too)
model = dict(freeze_2d=True)
