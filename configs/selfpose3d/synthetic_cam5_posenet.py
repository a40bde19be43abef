# Embedded default, step 2 of 2 (the main job): SelfPose3d's render-and-
# compare pose net on the procedural synthetic world (5 Panoptic-like
# cameras, 1-4 people, detector-like pseudo 2D, heatmap input), no 2D or
# 3D label. Inherits the Panoptic pose-net stage and swaps in the synthetic
# world and CPU sizes (120x64 heatmaps, 24^3 cubes of 2 m, V2V width 8, a
# small conv attention net on the input heatmaps). The root net comes from
# synthetic_cam5_rootnet.py; `python tools/run_demo.py` runs both stages
# and evaluates against the hidden synthetic ground truth.
_base_ = ['./panoptic_cam5_posenet.py']

# --- dataset variables ---
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

# --- pipelines ---
train_pipeline = [
    dict(type='ProjectPoses'),
    detector,
    dict(type='PseudoLabelsFromDetections', min_score=0.),
    dict(type='MultiViewAffine', input_size=heatmap_size),
    dict(
        type='GenerateViewSets',
        num_aug_sets=2,
        rot_prob=0.5,
        rot_range=45.,
        scale_prob=0.5,
        scale_range=(0.1, 0.35),
        pipeline=[dict(type='RenderInputHeatmaps', sigma=heatmap_sigma)],
        aug_pipeline=ssv_aug_pipeline),
]
val_pipeline = [
    dict(type='ProjectPoses'),
    detector,
    dict(type='MultiViewAffine', input_size=heatmap_size),
    dict(type='RenderInputHeatmaps', sigma=heatmap_sigma),
    dict(type='PackMultiViewInputs'),
]

# --- dataloaders ---
train_dataloader = dict(
    _delete_=True,
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
    _delete_=True,
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

# --- runtime: iteration-based, so a killed run resumes exactly
train_cfg = dict(_delete_=True, by_epoch=False, max_iters=800,
                 val_interval=100000)
log_processor = dict(by_epoch=False)

# --- optimizer
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3), clip_grad=dict(max_norm=100.))

# --- learning policy
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, end=20),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=20, T_max=780,
         eta_min=1e-5),
]

# --- hooks
default_hooks = dict(
    visualization=dict(interval=25, max_per_epoch=4),
    logger=dict(interval=20),
    checkpoint=dict(
        _delete_=True, type='CheckpointHook', by_epoch=False, interval=800,
        max_keep_ckpts=1))

# --- model: heatmap input (no 2D network), CPU sizes
model = dict(
    data_preprocessor=dict(_delete_=True, type='MultiViewDataPreprocessor'),
    backbone=None,
    heatmap_head=None,
    attention=dict(
        _delete_=True,
        type='AttentionNet',
        in_channels=15,
        out_channels=15,
        mid_channels=16,
        num_convs=3),
    heatmap_sigma=heatmap_sigma,
    renderer=dict(sigma=heatmap_sigma),
    root_head=dict(
        net=dict(mid_channels=8),
        space_size=(6000., 6000., 2000.),
        space_center=(0., 0., 900.),
        cube_shape=(32, 32, 8),
        syn_box=((-2000., 2000.), (-2000., 2000.), (600., 1200.)),
        syn_max_people=5,
        syn_sigma=heatmap_sigma),
    pose_head=dict(net=dict(mid_channels=8), cube_shape=(24, 24, 24)),
    stage_checkpoints=[
        dict(
            path='work_dirs/synthetic_cam5_rootnet',
            modules=['root_head'],
            produced_by='configs/selfpose3d/synthetic_cam5_rootnet.py')
    ],
    train_cfg=dict(
        stage='pose',
        l1_start_epoch=None,
        l1_start_iter=480,
        sigma_start=6.,
        sigma_anneal_iters=480))
