# Semi-supervised at 20 % of the Train 3D labels on the schedule of the
# supervised-only baseline beside it (40 labelled epochs, batch 64 labelled
# + 64 unlabelled, lr 1e-3 -> 1.8e-5): VideoPose3D's losses (3D MPJPE,
# 1/z-weighted trajectory, back-projection of pose + trajectory through the
# real camera, bone-length tie to the labelled predictions), with a warm-up
# of 10 epochs (630 iterations: labelled pose + trajectory only, as
# VideoPose3D's --warmup) so that the trajectory model is usable before the
# back-projection starts. Unlabelled = all Train/S1-S3 2D (no Validate data).
_base_ = ['./_base_/videopose3d_humaneva15_semi_p20.py']

train_cfg = dict(max_epochs=40, val_interval=5)
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(interval=40, max_keep_ckpts=1, save_best=None))
param_scheduler = [dict(type='ExponentialLR', gamma=0.9045, by_epoch=True)]
model = dict(warmup_epochs=10)
