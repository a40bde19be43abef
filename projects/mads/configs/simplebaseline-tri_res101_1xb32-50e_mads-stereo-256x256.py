# The 2D baseline on MADS stereo: Simple-Baselines ResNet-101 heatmaps trained
# on both views (the recipe used the right view only), argmax decoding, and
# confidence-weighted DLT. Initialise from the 2D pretraining via load_from.
_base_ = ['./_base_/mads-stereo-256.py']

# --- optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-4))

# --- model
model = dict(
    type='MultiViewTriangulator',
    data_preprocessor=dict(type='MultiViewImagePreprocessor'),
    backbone=dict(type='ResNet', depth=101),
    head=dict(
        type='TriangulationHeatmapHead',
        in_channels=2048,
        out_channels=19,
        loss=dict(type='KeypointMSELoss', use_target_weight=True),
        decoder=_base_.codec,
        confidence_weights=True))

# --- data: the per-view heatmap targets
train_pipeline = [
    *_base_.train_pipeline[:-1],
    dict(type='EncodeViewHeatmaps', codec=_base_.codec),
    _base_.train_pipeline[-1],
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
