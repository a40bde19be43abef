# The faithfulness check against the unmodified VideoPose3D code: the
# HumanEva recipe at a budget both can run here twice each, 4 epochs, lr 1e-3 with a
# per-epoch decay of 0.8 (VideoPose3D: `-b 128 -e 4 -lrd 0.8`), BN momentum
# 0.1 -> 0.001 over the 4 epochs, flip augmentation at train and test,
# validation only after the last epoch (VideoPose3D run with --no-eval).
_base_ = ['./videopose3d_tcn-27f_1xb128-1000e_humaneva15-gt.py']

train_cfg = dict(max_epochs=4, val_interval=4)
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(interval=4, max_keep_ckpts=1, save_best=None))
param_scheduler = [dict(type='ExponentialLR', gamma=0.8, by_epoch=True)]
