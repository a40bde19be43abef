# The embedded SelfPose3d world: procedural people (1-4) seen by 5
# Panoptic-like cameras, their 2D poses degraded by the detector emulator
# (noise, misses, left/right swaps, false positives, occlusion) and used as
# the only 2D evidence: pseudo labels and input heatmaps (120x64). Training
# samples are SelfPose3d's three view-sets (two affine-augmented + plain;
# the augmented ones also get photometric noise and Cutout, which the root
# stage switches off); no ground truth reaches training. The world and the
# emulator are synthetic_heatmap.py's (the supervised VoxelPose configs').
# Validation: 100 unseen frames, PanopticAPMetric on the hidden GT.
_base_ = ['./synthetic_heatmap.py']  # its world and detector emulator

heatmap_size = (120, 64)
heatmap_sigma = 2.
# the CPU model's root space (models/selfpose3d_heatmap_cpu.py)
space_size = (6000., 6000., 2000.)
space_center = (0., 0., 900.)
synthetic_world = _base_.synthetic_world
detector = _base_.detector
ssv_aug_pipeline = [
    dict(type='MultiViewPhotometricAug', heatmap_gain=(0.6, 1.)),
    dict(type='MultiViewCutout', num_range=(0, 3), size_range=(4, 10)),
]
view_sets = dict(
    type='GenerateViewSets',
    num_aug_sets=2,
    rot_prob=0.5,
    rot_range=45.,
    scale_prob=0.5,
    scale_range=(0.1, 0.35),
    pipeline=[dict(type='RenderInputHeatmaps', sigma=heatmap_sigma)],
    aug_pipeline=ssv_aug_pipeline)

# --- pipelines -----------------------------------------------------------
train_pipeline = [
    dict(type='ProjectPoses'),
    detector,
    dict(type='PseudoLabelsFromDetections', min_score=0.),
    dict(type='MultiViewAffine', input_size=heatmap_size),
    view_sets,
]
val_pipeline = [
    dict(type='ProjectPoses'),
    detector,
    dict(type='MultiViewAffine', input_size=heatmap_size),
    dict(type='RenderInputHeatmaps', sigma=heatmap_sigma),
    dict(type='PackMultiViewInputs'),
]

# --- dataloaders ---------------------------------------------------------
train_dataloader = dict(
    batch_size=2,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='SyntheticMultiViewDataset',
        num_samples=3000,
        seed=0,
        pipeline=train_pipeline,
        **synthetic_world))
val_dataloader = dict(
    batch_size=1,
    num_workers=0,
    persistent_workers=False,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='SyntheticMultiViewDataset',
        num_samples=100,
        seed=1000,
        test_mode=True,
        pipeline=val_pipeline,
        **synthetic_world))
test_dataloader = val_dataloader
val_evaluator = dict(type='PanopticAPMetric')
test_evaluator = val_evaluator
