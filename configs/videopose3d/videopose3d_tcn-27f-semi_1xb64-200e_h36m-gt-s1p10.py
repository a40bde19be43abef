# VideoPose3D semi-supervised, 27 frames: 10 % of S1 labelled (one
# contiguous block per video), S5-S8 unlabelled through back-projection
# (trajectory model, real cameras with distortion, bone-length prior),
# 5 warm-up epochs (README: -k gt --subjects-train S1 --subset 0.1
# --subjects-unlabeled S5,S6,S7,S8 -e 200 -lrd 0.98 --warmup 5 -b 64).
_base_ = ['./_base_/videopose3d_h36m.py']

train_cfg = dict(max_epochs=200, val_interval=10)
param_scheduler = [dict(type='ExponentialLR', gamma=0.98, by_epoch=True)]
auto_scale_lr = dict(base_batch_size=64)

model = dict(
    traj_backbone=dict(
        type='TemporalConvLifter',
        in_channels=17 * 2,
        channels=1024,
        kernel_sizes={{_base_.kernel_sizes}},
        dropout=0.25),
    traj_head=dict(
        type='TemporalTrajectoryHead',
        in_channels=1024,
        loss=dict(type='WeightedMPJPELoss'),
        decoder={{_base_.codec}}),
    reprojection_loss=dict(type='ReprojectionLoss'),
    bone_loss=dict(
        type='BoneLengthLoss',
        parents=[-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15]),
    warmup_epochs=5)

data_common = dict(
    type='VideoPose3DDataset',
    dataset_name='h36m',
    data_root='data/h36m_videopose3d/',
    keypoint_2d_src='gt',
    camera_param_file='cameras.pkl')
train_dataloader = dict(
    batch_size=64,
    dataset=dict(
        _delete_=True,
        type='SemiSupervisedVideoDataset',
        labeled=dict(
            subjects=['S1'],
            subset=0.1,
            chunk_length=1,
            flip_doubling=True,
            pipeline={{_base_.train_pipeline}},
            **data_common),
        unlabeled=dict(
            subjects=['S5', 'S6', 'S7', 'S8'],
            with_3d=False,
            chunk_length=1,
            flip_doubling=True,
            pipeline={{_base_.train_pipeline}},
            **data_common)))
