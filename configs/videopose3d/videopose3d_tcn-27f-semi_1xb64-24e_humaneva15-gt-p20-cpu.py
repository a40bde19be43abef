# The 20 %-label semi-supervised run with a longer CPU schedule: 24 epochs,
# 8 warm-up epochs (the trajectory model must be usable before the
# back-projection term starts), lr 1e-3 -> 1e-4.
_base_ = ['./_base_/videopose3d_humaneva15_semi_p20.py']

train_cfg = dict(max_epochs=24, val_interval=8)
default_hooks = dict(checkpoint=dict(interval=8))
param_scheduler = [dict(type='ExponentialLR', gamma=0.909, by_epoch=True)]
model = dict(warmup_epochs=8)
