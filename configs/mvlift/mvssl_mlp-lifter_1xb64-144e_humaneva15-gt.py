# The self-supervised multi-view MLP (no 3D labels) on a 3x longer CPU
# schedule: 144 epochs of the 3,347 Train frames at batch 64 (7,632
# iterations), lr 1e-3 -> 1e-4 over the run, dropout 0.25 -> 0 at half
# time. Everything else as the 48-epoch run it inherits. Its supervised
# control at the same step count is supervised_mlp-lifter_1xb64-24e_*.
_base_ = ['./mvssl_mlp-lifter_1xb64-48e_humaneva15-gt.py']

train_cfg = dict(max_epochs=144, val_interval=24)
default_hooks = dict(checkpoint=dict(interval=24, max_keep_ckpts=1))
param_scheduler = [
    dict(type='ExponentialLR', gamma=0.1**(1 / 144), by_epoch=True)
]
