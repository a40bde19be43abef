# VoxelPose in heatmap-input mode (inputs are (V, K, H, W) heatmaps in
# [0, 1]) with CPU-friendly sizes: 32x32x8 root grid over a 6 x 6 x 2 m space
# (leaf configs set the space of their rig), 16^3 person cubes of 2 m
# (133 mm voxels; soft-argmax interpolates between them), root V2V width 8,
# pose V2V width 32 (at width 8 the first layer squeezes the 15 joint
# channels into 4 and learns much slower). The root net sees only the
# mid-hip channel (SelfPose3d's choice; set input_joints=None and
# input_channels=15 for VoxelPose's all-joint root net). Losses: root MSE
# x 100, pose L1 in metres (x 1e-3 on mm). Training supervises one cube per
# GT person (its best matched proposal, else its GT root + 30 mm noise).
model = dict(
    type='VoxelPose',
    data_preprocessor=dict(type='MultiViewDataPreprocessor'),
    projector=dict(type='VoxelProjector', cache_size=16,
                   mask_behind_camera=True),
    root_head=dict(
        type='VoxelRootHead',
        net=dict(type='V2VNet', input_channels=1, output_channels=1,
                 mid_channels=8),
        space_size=(6000., 6000., 2000.),
        space_center=(0., 0., 900.),
        cube_shape=(32, 32, 8),
        input_joints=[2],
        max_num=10,
        nms_kernel=3,
        score_threshold=0.3,
        target_sigma=200.,
        loss=dict(type='MSELoss', loss_weight=100.),
        channels_last=True),
    pose_head=dict(
        type='VoxelPoseHead',
        net=dict(type='V2VNet', input_channels=15, output_channels=15,
                 mid_channels=32),
        cube_size=(2000., 2000., 2000.),
        cube_shape=(16, 16, 16),
        beta=100.,
        loss=dict(type='L1Loss', use_target_weight=True, loss_weight=1e-3),
        channels_last=True),
    root_index=2,
    train_cfg=dict(
        match_threshold=500.,
        gt_root_fallback=True,
        gt_root_jitter=30.,
        one_cube_per_gt=True))
