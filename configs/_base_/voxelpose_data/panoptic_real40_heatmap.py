# Real-data check in heatmap mode (no images needed, CPU-friendly).
#
# Validation/test: the 40 real CMU Panoptic frames that exist offline
# (160906_band1 frames 168-187, 160906_band2 frames 139-158, 3 seated
# people each; mmpose test data, see ../shared/data/SOURCES.md), i.e. the
# real 3D GT + real calibration, projected into the five HD cameras of
# VoxelPose/SelfPose3d and corrupted like a 2D detector (EmulateDetections),
# then drawn as 15 x 128 x 240 input heatmaps.
# Training: the synthetic world (procedural people, smooth motion) seen
# through the SAME five real cameras (160906 session calibration, VoxelPose
# z-up frame), so a model trained only on synthetic data is checked on real
# poses and a real rig. For a fully procedural rig, replace
# `synthetic_world['calibration']` by `rig=dict(num_cameras=5)`.
#
# The data lives outside the repo: `<repo>/../shared/data`, or the
# directory in the SELFPOSE_SHARED_DATA environment variable (MMEngine's
# `{{$VAR:default}}` substitution).
# Root space for the model side: VoxelPose's Panoptic space, centre
# (0, -500, 800) mm, size 8000 x 8000 x 2000 mm.
# --- dataset variables ---
shared_data = '{{$SELFPOSE_SHARED_DATA:../shared/data}}'
data_root = shared_data + '/mmpose_history/panoptic_body3d'
hd_cameras = ['00_03', '00_06', '00_12', '00_13', '00_23']
heatmap_size = (240, 128)
space_size = (8000., 8000., 2000.)
space_center = (0., -500., 800.)
synthetic_world = dict(
    clip_length=32,
    fps=30.,
    num_people=(1, 4),
    placement_range=((-2000., 2000.), (-2500., 1500.)),
    min_person_distance=700.,
    calibration=dict(
        file=data_root + '/160906_band1/calibration_160906_band1.json',
        convention='panoptic',
        camera_names=hd_cameras),
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
        type='PanopticDataset',
        data_root=data_root,
        sequences=['160906_band1', '160906_band2'],
        cameras=hd_cameras,
        frame_interval=1,
        seed=0,
        test_mode=True,
        pipeline=val_pipeline))
test_dataloader = val_dataloader

# --- evaluators ---
val_evaluator = dict(type='PanopticAPMetric')
test_evaluator = val_evaluator
