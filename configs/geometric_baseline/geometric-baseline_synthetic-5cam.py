# The training-free geometric baseline on the validation split of the
# synthetic 5-camera world: the same people, cameras and detector emulation
# as the learned models' synthetic configs, as per-view detections.
_base_ = [
    '../_base_/models/geometric_baseline_panoptic15.py',
    '../_base_/voxelpose_data/synthetic_heatmap.py',
]

train_dataloader = None  # the data base's training set is not used
test_pipeline = [
    dict(type='ProjectPoses'),
    _base_.detector,
    dict(type='PackMultiViewDetections'),
]
test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
val_dataloader = test_dataloader
