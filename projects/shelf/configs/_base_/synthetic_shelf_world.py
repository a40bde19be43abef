# The synthetic Shelf world of the Shelf recipe (no Shelf label): procedural
# people (Panoptic-15, with motion) in VoxelPose's ShelfSynthetic root range,
# seen through the real Shelf calibration of the 4D Association release,
# their 2D poses degraded by the detector emulator and drawn as 128 x 96
# input heatmaps (1032 x 776 letterboxed). Leaves add the model, the
# schedule and the real test range (shelf_4da_test.py).
# --- dataset variables ---------------------------------------------------
# the calibration of the test data_root (the base's), for training
calibration_file = ('../shared/data/4d_association/data/shelf/'
                    'calibration.json')
heatmap_size = (128, 96)  # 1032 x 776 letterboxed
space_size = (6000., 6000., 2000.)
space_center = (450., -320., 800.)  # VoxelPose's Shelf centre
synthetic_world = dict(
    clip_length=32,
    fps=30.,
    num_people=(1, 4),
    # VoxelPose's ShelfSynthetic root range: x [-1000, 2000], y +-1600 mm
    placement_range=((-1000., 2000.), (-1600., 1600.)),
    min_person_distance=500.,
    calibration=dict(file=calibration_file),
    pose_source=dict(type='ProceduralPoseSource'))
detector = dict(
    type='EmulateDetections',
    noise_px=3.,
    noise_rel=0.015,
    outlier_prob=0.03,
    swap_prob=0.03,
    miss_joint_prob=0.08,
    drop_person_prob=0.1,
    false_positive_rate=0.3,
    occlusion=True,
    score_mean=0.75,
    score_std=0.15)


# --- pipelines -----------------------------------------------------------
train_pipeline = [
    dict(type='ProjectPoses'),
    detector,
    dict(type='MultiViewAffine', input_size=heatmap_size),
    dict(type='RenderInputHeatmaps', sigma=2.),
    dict(type='PackMultiViewInputs'),
]

# --- dataloaders ---------------------------------------------------------
train_dataloader = dict(
    batch_size=4,
    num_workers=0,
    persistent_workers=False,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type='SyntheticMultiViewDataset',
        num_samples=4800,
        seed=0,
        pipeline=train_pipeline,
        **synthetic_world))
