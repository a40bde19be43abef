# Control for the self-supervised row: the supervised baseline with the
# same dropout schedule as the self-supervised config (0.25 for the first
# half, then 0; BatchNorm stays in train mode). Same 2,512 iterations.
_base_ = ['./supervised_mlp-lifter_1xb64-8e_humaneva15-gt.py']

custom_hooks = [
    dict(type='DropoutScheduleHook', switch_ratio=0.5, p_after=0.),
    dict(type='SyncBuffersHook'),
    dict(type='RNGStateHook'),
]
