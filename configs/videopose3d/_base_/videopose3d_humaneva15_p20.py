# Supervised-only baseline of the HumanEva semi-supervised run: the same
# 20 % of the Train/S1-S3 3D labels (one contiguous block per video, as
# VideoPose3D's --subset 0.2) and the same CPU schedule (10 epochs, batch
# 64), no unlabelled data.
_base_ = ['./videopose3d_humaneva15.py']

train_cfg = dict(max_epochs=10, val_interval=5)
default_hooks = dict(logger=dict(interval=20), checkpoint=dict(interval=5))
param_scheduler = [dict(type='ExponentialLR', gamma=0.8, by_epoch=True)]
auto_scale_lr = dict(base_batch_size=64)
train_dataloader = dict(batch_size=64, dataset=dict(subset=0.2))
