# The smallest working config (tests, the distributed smoke test): the
# synthetic lifter shrunk to a 64-wide MLP, 40 iterations, seconds on CPU.
_base_ = ['./supervised_mlp-lifter_1xb256-3000it_synthetic.py']

train_cfg = dict(max_iters=40, val_interval=20)
default_hooks = dict(logger=dict(interval=10), checkpoint=dict(interval=10))
param_scheduler = [
    dict(type='ExponentialLR', gamma=0.99, by_epoch=False, end=1000),
]
auto_scale_lr = dict(base_batch_size=64)

model = dict(
    backbone=dict(channels=64, num_blocks=1),
    head=dict(in_channels=64))

train_dataloader = dict(
    batch_size=64, dataset=dict(num_samples=512, noise_px=1.))
val_dataloader = dict(
    batch_size=64, dataset=dict(num_samples=128, noise_px=1.))
test_dataloader = val_dataloader
