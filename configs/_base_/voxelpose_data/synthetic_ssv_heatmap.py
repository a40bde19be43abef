# The embedded SelfPose3d world: procedural people (1-4) seen by 5
# Panoptic-like cameras, their 2D poses degraded by the detector emulator
# (noise, misses, left/right swaps, false positives, occlusion) and used as
# the only 2D evidence: pseudo labels and input heatmaps (120x64). Training
# samples are SelfPose3d's three view-sets (two affine-augmented + plain;
# the augmented ones also get photometric noise and Cutout, which the root
# stage switches off); no ground truth reaches training. Validation: 100
# unseen frames, PanopticAPMetric on the hidden GT.
heatmap_size = (120, 64)
heatmap_sigma = 2.
synthetic_world = dict(
    clip_length=32,
    fps=30.,
    num_people=(1, 4),
    placement_range=((-1800., 1800.), (-1800., 1800.)),
    min_person_distance=700.,
    rig=dict(num_cameras=5),
    num_rigs=1,
    pose_source=dict(type='ProceduralPoseSource'))
detector = dict(
    type='EmulateDetections',
    noise_px=2.,
    noise_rel=0.01,
    outlier_prob=0.02,
    swap_prob=0.02,
    miss_joint_prob=0.05,
    drop_person_prob=0.05,
    false_positive_rate=0.3,
    occlusion=True)
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
