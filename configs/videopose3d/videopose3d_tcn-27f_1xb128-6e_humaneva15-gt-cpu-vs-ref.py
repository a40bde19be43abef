# The faithfulness check against the unmodified VideoPose3D code: the
# HumanEva recipe at a budget both can run here, 6 epochs, lr 1e-3 with a
# per-epoch decay of 0.8 (VideoPose3D: `-b 128 -e 6 -lrd 0.8`), BN momentum
# 0.1 -> 0.001 over the 6 epochs, flip augmentation at train and test,
# validation only after the last epoch (VideoPose3D run with --no-eval).
_base_ = ['./videopose3d_tcn-27f_1xb128-1000e_humaneva15-gt.py']

train_cfg = dict(max_epochs=6, val_interval=6)
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(interval=6, max_keep_ckpts=1, save_best=None))
param_scheduler = [dict(type='ExponentialLR', gamma=0.8, by_epoch=True)]
