# The training-free geometric baseline on the validation split of the
# synthetic 5-camera world: the same people, cameras and detector emulation
# as the learned models' synthetic configs, as per-view detections.
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/models/geometric_baseline_panoptic15.py',
    '../_base_/voxelpose_data/synthetic_heatmap.py',
]

train_cfg = None
train_dataloader = None
default_hooks = dict(logger=dict(interval=10))
custom_hooks = []

test_pipeline = [
    dict(type='ProjectPoses'),
    _base_.detector,
    dict(type='PackMultiViewDetections'),
]
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
val_dataloader = test_dataloader
