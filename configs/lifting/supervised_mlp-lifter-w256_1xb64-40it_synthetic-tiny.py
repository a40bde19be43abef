# Same as the tiny lifter, with a wider, deeper MLP: only the changed keys.
_base_ = ['./supervised_mlp-lifter-w64_1xb64-40it_synthetic-tiny.py']

model = dict(
    backbone=dict(channels=256, num_blocks=2),
    head=dict(in_channels=256))
