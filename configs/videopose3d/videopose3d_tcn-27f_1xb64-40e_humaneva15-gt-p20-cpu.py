# Supervised-only baseline at 20 % of the Train 3D labels (VideoPose3D's
# --subset 0.2), on the schedule of the semi-supervised run beside it:
# 40 epochs of the labelled set (63 iterations each at batch 64, 2,520 in
# all), lr 1e-3 -> 1.8e-5 (gamma 0.9045; both README recipes, HumanEva's
# 0.996 ** 1000 and H36M-semi's 0.98 ** 200, end at 1.8 % of the initial
# lr), BN momentum 0.1 -> 0.001. Final weights are reported.
_base_ = ['./_base_/videopose3d_humaneva15_p20.py']

train_cfg = dict(max_epochs=40, val_interval=5)
default_hooks = dict(
    logger=dict(interval=20),
    checkpoint=dict(interval=40, max_keep_ckpts=1, save_best=None))
param_scheduler = [dict(type='ExponentialLR', gamma=0.9045, by_epoch=True)]
