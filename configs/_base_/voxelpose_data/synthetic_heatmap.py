# Synthetic multi-view world in heatmap mode (VoxelPose's Shelf/Campus
# input mode, the CPU-friendly path): no download, no images. People
# (procedural bodies with smooth motion, 1-4 per frame) in a z-up world,
# seen by a Panoptic-like 5-camera rig (1920x1080, f 1390-1600 px, mild
# barrel distortion, ~3 m away); the 2D poses go through a detector
# emulator and are drawn as 15 x 128 x 240 input heatmaps.
#
# Root space for the model side: centre (0, 0, 800) mm, size
# 8000 x 8000 x 2000 mm (people stay within +-1800 mm of the origin).

# --- dataset variables ---
dataset_type = 'SyntheticMultiViewDataset'
heatmap_size = (240, 128)
space_size = (8000., 8000., 2000.)
space_center = (0., 0., 800.)
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

# --- pipelines ---
train_pipeline = [
    dict(type='ProjectPoses'),
    detector,
    dict(type='MultiViewAffine', input_size=heatmap_size),
    dict(type='RenderInputHeatmaps', sigma=3.),
    dict(type='PackMultiViewInputs'),
]
val_pipeline = train_pipeline

# --- dataloaders ---
train_dataloader = dict(
    batch_size=1,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
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
        type=dataset_type,
        num_samples=200,
        seed=1000,
        test_mode=True,
        pipeline=val_pipeline,
        **synthetic_world))
test_dataloader = val_dataloader

# --- evaluators ---
val_evaluator = dict(type='PanopticAPMetric')
test_evaluator = val_evaluator
