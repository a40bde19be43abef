# Supervised transformer sequence lifter: windows of 27 frames of 2D GT,
# per-frame linear embedding + sinusoidal positional encoding over time,
# 2 pre-LN encoder layers (128 wide, 4 heads), centre-frame readout, 1x1
# head to root-relative 3D (metres). Trained on single-output windows
# with flip doubling (VideoPose3D's pipeline and VideoPoseLifter); evaluated
# on whole edge-padded chunks, every output frame from its own window, no
# flip test-time augmentation (as the MLP rows). CPU budget: 8 epochs.
_base_ = ['./_base_/mvlift_humaneva15.py']

seq_len = 27

# runtime
train_cfg = dict(by_epoch=True, max_epochs=8, val_interval=4)
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(interval=4, max_keep_ckpts=1))

# optimizer
optim_wrapper = dict(
    optimizer=dict(type='AdamW', lr=5e-4, weight_decay=1e-4),
    clip_grad=dict(max_norm=1.))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, begin=0,
         end=200),
    dict(type='ExponentialLR', gamma=0.1**(1 / 8), by_epoch=True),
]
auto_scale_lr = dict(base_batch_size=128)

# model
model = dict(
    type='VideoPoseLifter',
    backbone=dict(
        type='TransformerLifterBackbone',
        in_channels=15 * 2,
        seq_len=seq_len,
        embed_dims=128,
        num_layers=2,
        num_heads=4,
        ffn_dims=256,
        dropout=0.1,
        pos_encoding='sinusoidal'),
    head=dict(
        type='TemporalLiftingHead',
        in_channels=128,
        num_joints=15,
        loss=dict(type='MPJPELoss'),
        decoder={{_base_.codec}}),
    test_cfg=dict(flip_test=False))

# data
train_pipeline = [
    dict(type='TemporalWindow', receptive_field=seq_len),
    dict(type='FlipVideoLifting'),
    dict(type='EncodeVideoLifting', codec={{_base_.codec}}),
    dict(type='PackVideoLiftingInputs'),
]
val_pipeline = [
    dict(type='TemporalWindow', receptive_field=seq_len),
    dict(type='EncodeVideoLifting', codec={{_base_.codec}}),
    dict(type='PackVideoLiftingInputs'),
]
train_dataloader = dict(
    batch_size=128,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='VideoPose3DDataset',
        subjects={{_base_.train_subjects}},
        chunk_length=1,
        flip_doubling=True,
        pipeline=train_pipeline,
        **_base_.data_common))
val_dataloader = dict(
    batch_size=4,
    dataset=dict(chunk_length=None, pipeline=val_pipeline))
test_dataloader = val_dataloader
