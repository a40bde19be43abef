# The 20 %-label supervised-only baseline with a longer CPU schedule: 24
# epochs, lr 1e-3 -> 1e-4 (per-epoch decay 0.1 ** (1 / 24)).
_base_ = ['./_base_/videopose3d_humaneva15_p20.py']

train_cfg = dict(max_epochs=24, val_interval=8)
default_hooks = dict(checkpoint=dict(interval=8))
param_scheduler = [dict(type='ExponentialLR', gamma=0.909, by_epoch=True)]
