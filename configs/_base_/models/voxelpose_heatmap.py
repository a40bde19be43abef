# VoxelPose in heatmap-input mode (inputs are (V, K, H, W) heatmaps in
# [0, 1]), with CPU-friendly sizes: 48x48x12 root grid over a 6 x 6 x 2 m
# space, 32^3 person cubes of 2 m, V2V width 16. The root net sees only the
# mid-hip channel (SelfPose3d's choice; set input_joints=None and
# input_channels=15 for VoxelPose's all-joint root net).
model = dict(
    type='VoxelPose',
    data_preprocessor=dict(type='MultiViewDataPreprocessor'),
    projector=dict(type='VoxelProjector', cache_size=16,
                   mask_behind_camera=True),
    root_head=dict(
        type='VoxelRootHead',
        net=dict(type='V2VNet', input_channels=1, output_channels=1,
                 mid_channels=16),
        space_size=(6000., 6000., 2000.),
        space_center=(0., 0., 900.),
        cube_shape=(48, 48, 12),
        input_joints=[2],
        max_num=10,
        nms_kernel=3,
        score_threshold=0.3,
        target_sigma=200.,
        loss=dict(type='MSELoss', loss_weight=1.),
        channels_last=True),
    pose_head=dict(
        type='VoxelPoseHead',
        net=dict(type='V2VNet', input_channels=15, output_channels=15,
                 mid_channels=16),
        cube_size=(2000., 2000., 2000.),
        cube_shape=(32, 32, 32),
        beta=100.,
        loss=dict(type='L1Loss', use_target_weight=True, loss_weight=1.),
        channels_last=True),
    root_index=2,
    train_cfg=dict(
        match_threshold=500.,
        gt_root_fallback=True,
        gt_root_jitter=0.,
        one_cube_per_gt=False))
