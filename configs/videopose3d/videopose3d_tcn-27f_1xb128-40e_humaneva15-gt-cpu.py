# CPU recipe for the supervised 27-frame TCN on HumanEva-I (one core, about
# 30 min idle): the README recipe (batch 128, Adam amsgrad, lr 1e-3, per-epoch
# exponential decay, BN momentum 0.1 -> 0.001) compressed from 1000 to 40
# epochs. The decay is chosen so that the final lr equals the full recipe's
# (1e-3 * 0.996 ** 1000 = 1.8e-5): gamma = 0.018 ** (1 / 40) = 0.9045.
# 40 epochs = 6,280 iterations (20,082 flip-doubled samples per epoch).
# Final weights are reported (no epoch selection): save_best is off.
_base_ = ['./videopose3d_tcn-27f_1xb128-1000e_humaneva15-gt.py']

train_cfg = dict(max_epochs=40, val_interval=4)
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(interval=40, max_keep_ckpts=1, save_best=None))
param_scheduler = [dict(type='ExponentialLR', gamma=0.9045, by_epoch=True)]
