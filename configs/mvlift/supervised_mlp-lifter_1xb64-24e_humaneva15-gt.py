# The supervised MLP baseline at the step count of the 144-epoch
# self-supervised run: 24 epochs of the flip-doubled Train camera-frames at
# batch 64 (7,536 iterations against 7,632), lr 1e-3 -> 1e-4 over the run.
_base_ = ['./supervised_mlp-lifter_1xb64-8e_humaneva15-gt.py']

train_cfg = dict(max_epochs=24, val_interval=4)
default_hooks = dict(checkpoint=dict(interval=24, max_keep_ckpts=1))
param_scheduler = [
    dict(type='ExponentialLR', gamma=0.1**(1 / 24), by_epoch=True)
]
