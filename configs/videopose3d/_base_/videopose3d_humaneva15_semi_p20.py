# Semi-supervised VideoPose3D on HumanEva-I (CPU budget): 20 % of the
# Train/S1-S3 3D labels (one contiguous block per video) + all Train/S1-S3
# 2D as unlabelled data, back-projected through the real HumanEva cameras
# (fitted intrinsics with OpenCV-order distortion) by the trajectory model,
# with the bone-length prior; 2 warm-up epochs of 10. VideoPose3D itself
# has no HumanEva intrinsics and so no semi-supervised HumanEva mode.
_base_ = ['./videopose3d_humaneva15.py']

# --- the 20 % schedule (as videopose3d_humaneva15_p20.py)
train_cfg = dict(max_epochs=10, val_interval=5)
default_hooks = dict(logger=dict(interval=20), checkpoint=dict(interval=5))
param_scheduler = [dict(type='ExponentialLR', gamma=0.8, by_epoch=True)]
auto_scale_lr = dict(base_batch_size=64)

model = dict(
    traj_backbone=dict(
        type='TemporalConvLifter',
        in_channels=15 * 2,
        channels=1024,
        kernel_sizes=(3, 3, 3),
        dropout=0.25),
    traj_head=dict(
        type='TemporalTrajectoryHead',
        in_channels=1024,
        loss=dict(type='WeightedMPJPELoss'),
        decoder={{_base_.codec}}),
    reprojection_loss=dict(type='ReprojectionLoss'),
    bone_loss=dict(
        type='BoneLengthLoss',
        parents=[-1, 0, 1, 2, 3, 1, 5, 6, 0, 8, 9, 0, 11, 12, 1]),
    warmup_epochs=2)

data_common = dict(
    type='VideoPose3DDataset',
    dataset_name='humaneva15',
    data_root='../shared/data/humaneva_videopose3d/data/',
    keypoint_2d_src='gt',
    camera_param_file='../humaneva_cameras_from_videopose3d.json',
    actions=['Walk', 'Jog', 'Box'],
    subjects=['Train/S1', 'Train/S2', 'Train/S3'],
    chunk_length=1,
    flip_doubling=True,
    pipeline={{_base_.train_pipeline}})
train_dataloader = dict(
    batch_size=64,
    dataset=dict(
        _delete_=True,
        type='SemiSupervisedVideoDataset',
        labeled=dict(subset=0.2, **data_common),
        unlabeled=dict(with_3d=False, **data_common)))
