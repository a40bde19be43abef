# The synthetic Campus world of the VoxelPose Campus recipe: procedural
# people in VoxelPose's CampusSynthetic root range, seen through the real
# 3-camera Campus calibration (360 x 288), 2D poses degraded by the detector
# emulator and drawn as peak-1 input heatmaps; val = unseen synthetic clips,
# test = the real Campus frames in VoxelPose's layout with PCP (see the
# leaf config voxelpose_v2v-cpn48-prn16_1xb4-800it_synthetic-campus.py).
custom_imports = dict(
    imports=['projects.campus.campus'], allow_failed_imports=False)

# --- dataset variables ---------------------------------------------------
data_root = '../shared/data/mmpose/campus'  # the mini copy: see README
heatmap_size = (120, 96)  # 360 x 288
space_size = (12000., 12000., 2000.)
space_center = (3000., 4500., 1000.)  # VoxelPose's Campus space
synthetic_world = dict(
    clip_length=32,
    fps=30.,
    num_people=(1, 5),
    # VoxelPose's CampusSynthetic root range: x [-2500, 8500],
    # y [-1000, 10000] mm
    placement_range=((-2500., 8500.), (-1000., 10000.)),
    min_person_distance=500.,
    # VoxelPose's rule: each root seen 10 px inside >= 2 of the 3 images
    min_views=2,
    view_margin=10.,
    calibration=dict(
        file=data_root + '/calibration_campus.json', image_size=(360, 288)),
    pose_source=dict(type='ProceduralPoseSource'))
detector = dict(
    type='EmulateDetections',
    noise_px=1.5,
    noise_rel=0.015,
    outlier_prob=0.03,
    swap_prob=0.03,
    miss_joint_prob=0.08,
    drop_person_prob=0.1,
    false_positive_rate=0.2,
    occlusion=True)


# --- pipelines -----------------------------------------------------------
train_pipeline = [
    dict(type='ProjectPoses'),
    detector,
    dict(type='MultiViewAffine', input_size=heatmap_size),
    dict(type='RenderInputHeatmaps', sigma=2., peak_one=True),
    dict(type='PackMultiViewInputs'),
]
val_pipeline = train_pipeline
test_pipeline = [
    dict(
        type='RemapKeypoints2D',
        mapping='coco17_to_panoptic15',
        num_input_keypoints=17),
    dict(type='MultiViewAffine', input_size=heatmap_size),
    dict(type='RenderInputHeatmaps', sigma=2., min_score=0.1,
         peak_one=True),
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
        num_samples=3200,
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
        num_samples=200,
        seed=1000,
        test_mode=True,
        pipeline=val_pipeline,
        **synthetic_world))
test_dataloader = dict(
    batch_size=1,
    num_workers=0,
    persistent_workers=False,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='CampusDataset',
        data_root=data_root,
        pipeline=test_pipeline,
        test_mode=True))

# --- evaluators ----------------------------------------------------------
val_evaluator = dict(type='PanopticAPMetric')
# VoxelPose protocol on the real frames (actors 1-3, nearest prediction,
# 10 parts), Panoptic-15 -> Shelf/Campus-14 with the SelfPose3d head rule;
# frames without predictions count as misses.
test_evaluator = dict(
    type='PCPMetric', dataset_name='campus', pred_layout='panoptic15')
