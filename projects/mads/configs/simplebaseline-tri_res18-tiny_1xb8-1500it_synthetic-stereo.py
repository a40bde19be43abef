# The 2D baseline: Simple-Baselines heatmaps trained per view (heatmap MSE),
# decoded by argmax and triangulated (confidence-weighted DLT). Same backbone,
# data and schedule as the CDRNet synthetic runs (64x64 crops).
_base_ = ['./_base_/synthetic-stereo-64.py']

# --- optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-3))

# --- model
model = dict(
    type='MultiViewTriangulator',
    data_preprocessor=dict(type='MultiViewImagePreprocessor'),
    backbone=dict(
        type='ResNet', depth=18, stem_channels=16, base_channels=16),
    head=dict(
        type='TriangulationHeatmapHead',
        in_channels=128,
        out_channels=19,
        deconv_out_channels=(32, 32, 32),
        deconv_kernel_sizes=(4, 4, 4),
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
