# SelfPose3d's promise on real data, transductive: the self-supervised
# root and pose nets adapt on the real Shelf test range's own OpenPose
# BODY_25 detections (frames 300-600, grouped by PAF, BODY_25 ->
# Panoptic-15) used as 2D pseudo labels. No 3D and no 2D ground truth is
# read for training (GenerateViewSets strips the GT from training
# samples); the evaluation is on the same frames, so every figure from these
# configs is labelled *transductive*. The model is the embedded SelfPose3d
# heatmap-mode model with the plane heads, at the sizes of the synthetic-
# trained Shelf model
# (fastervoxelpose_plane-hg32_1xb4-1200it_synthetic-shelf-4da.py), which the
# leaves start from (its default work dir).
_base_ = [
    '../../../../configs/_base_/default_runtime.py',
    '../../../../configs/_base_/models/selfpose3d_heatmap_cpu.py',
    '../../../../configs/_base_/models/ortho_heads_cpu.py',
]

custom_imports = dict(
    imports=['projects.shelf.shelf'], allow_failed_imports=False)

# --- dataset variables ---------------------------------------------------
data_root = '../shared/data/4d_association/data/shelf'
heatmap_size = (128, 96)  # 1032 x 776 letterboxed, as the Shelf model
heatmap_sigma = 2.
space_size = (6000., 6000., 2000.)
space_center = (450., -320., 800.)
synthetic_shelf_work_dir = (
    'work_dirs/fastervoxelpose_plane-hg32_1xb4-1200it_synthetic-shelf-4da')
synthetic_shelf_config = ('projects/shelf/configs/'
                          'fastervoxelpose_plane-hg32_1xb4-1200it_'
                          'synthetic-shelf-4da.py')
# as _base_/shelf_4da_test.py (BODY_25's PAF pairs)
group_by_paf = dict(
    type='GroupCandidatesByPAF',
    paf_pairs=[(1, 8), (9, 10), (10, 11), (8, 9), (8, 12), (12, 13),
               (13, 14), (1, 2), (2, 3), (3, 4), (2, 17), (1, 5), (5, 6),
               (6, 7), (5, 18), (1, 0), (0, 15), (0, 16), (15, 17),
               (16, 18), (14, 19), (19, 20), (14, 21), (11, 22), (22, 23),
               (11, 24)],
    paf_thr=0.05,
    min_joints=5)
remap = dict(
    type='RemapKeypoints2D',
    mapping='body25_to_panoptic15',
    num_input_keypoints=25)
ssv_aug_pipeline = []

# --- pipelines -----------------------------------------------------------
train_pipeline = [
    group_by_paf,
    remap,
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
test_pipeline = [
    group_by_paf,
    remap,
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
        type='Shelf4DADataset',
        data_root=data_root,
        pipeline=train_pipeline,
        test_mode=False))
test_dataloader = dict(
    batch_size=1,
    num_workers=0,
    persistent_workers=False,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='Shelf4DADataset',
        data_root=data_root,
        pipeline=test_pipeline,
        test_mode=True))
val_dataloader = test_dataloader
val_evaluator = dict(
    type='PCPMetric', dataset_name='shelf', pred_layout='panoptic15')
test_evaluator = val_evaluator

# --- runtime: iteration-based, so a killed run resumes exactly -----------
log_processor = dict(by_epoch=False)
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=2e-4), clip_grad=dict(max_norm=100.))
default_hooks = dict(logger=dict(interval=20))

# --- model: the plane heads in the Shelf space, at the synthetic-trained
# model's sizes (pose hourglass width 32)
model = dict(
    cube_mask=_base_.ortho_cube_mask,
    projector=_base_.ortho_projector,
    root_head=dict(
        _base_.ortho_ssl_root_head,
        space_size=space_size,
        space_center=space_center,
        # VoxelPose's ShelfSynthetic root range (Shelf world, mm)
        syn_box=((-1000., 2000.), (-1600., 1600.), (700., 1100.)),
        syn_sigma=heatmap_sigma),
    pose_head=_base_.ortho_pose_head,
    heatmap_sigma=heatmap_sigma,
    renderer=dict(sigma=heatmap_sigma))
