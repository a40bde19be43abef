# CMU Panoptic for SelfPose3d training (image mode): the panoptic_image
# base with SelfPose3d's per-view pseudo 2D labels (no 2D or 3D GT is
# used for training) and three view-sets per sample: two affine
# augmentations (rotation p=0.5 in +-45 deg, zoom p=0.5) with RandAugment-
# style photometric noise and Cutout, and the plain letterboxed set.
# `pseudo_file` is the safe npz written by
# tools/dataset_converters/panoptic_pseudo_pkl_to_npz.py from
# group_train_cam5_pseudo_hrnet_{soft,hard}_9videos.pkl. Validation: the
# GT frames of the 4 validation sequences (panoptic_image).
_base_ = ['./panoptic_image.py']

# --- dataset variables ---
pseudo_file = 'data/panoptic/group_train_cam5_pseudo_hrnet_soft_9videos.npz'
ssv_aug_pipeline = [
    dict(type='MultiViewPhotometricAug', num_ops=2, prob=0.5),
    dict(type='MultiViewCutout', num_range=(2, 15), size_range=(20, 40)),
]

# --- pipelines ---
train_pipeline = [
    dict(type='LoadMultiViewImages'),
    dict(type='FilterPseudoLabels', mode='soft'),
    dict(
        type='MultiViewAffine',
        input_size={{_base_.input_size}},
        heatmap_size={{_base_.heatmap_size}}),
    dict(
        type='GenerateViewSets',
        num_aug_sets=2,
        rot_prob=0.5,
        rot_range=45.,
        scale_prob=0.5,
        scale_range=(0.1, 0.35),
        aug_pipeline=ssv_aug_pipeline),
]

# --- dataloaders ---
train_dataloader = dict(
    dataset=dict(
        ann_source='pseudo',
        pseudo_file=pseudo_file,
        pipeline=train_pipeline))
