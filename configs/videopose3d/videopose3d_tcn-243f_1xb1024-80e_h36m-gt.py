# VideoPose3D 243 frames (3, 3, 3, 3, 3), supervised, H36M, 2D ground truth.
_base_ = ['./_base_/videopose3d_h36m.py']

kernel_sizes = (3, 3, 3, 3, 3)
receptive_field = 243
model = dict(backbone=dict(kernel_sizes=kernel_sizes))
train_pipeline = [
    dict(type='TemporalWindow', receptive_field=receptive_field),
    dict(type='FlipVideoLifting'),
    dict(type='EncodeVideoLifting', codec={{_base_.codec}}),
    dict(type='PackVideoLiftingInputs'),
]
val_pipeline = [
    dict(type='TemporalWindow', receptive_field=receptive_field),
    dict(type='EncodeVideoLifting', codec={{_base_.codec}}),
    dict(type='PackVideoLiftingInputs'),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(pipeline=val_pipeline))
test_dataloader = val_dataloader
