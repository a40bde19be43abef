# VoxelPose in image mode at the Panoptic sizes of the reference: a
# Simple-Baselines 2D network (mmpose ResNet-50 + HeatmapHead with three
# 256-channel deconvolutions, stride 4: 960x512 -> 240x128), an 80x80x20
# root grid over 8 x 8 x 2 m, 64^3 cubes of 2 m, V2V width 32, root net on
# all 15 joints (VoxelPose). Inputs are raw BGR 0..255; the preprocessor
# converts to RGB and applies ImageNet statistics. The 2D part is frozen by
# default: load a trained 2D checkpoint with `load_from` or
# `model.backbone.init_cfg`, or set `freeze_2d=False` to train it with the
# 2D heatmap loss.
model = dict(
    type='VoxelPose',
    data_preprocessor=dict(
        type='MultiViewDataPreprocessor',
        mean=[123.675, 116.28, 103.53],
        std=[58.395, 57.12, 57.375],
        bgr_to_rgb=True),
    backbone=dict(type='ResNet', depth=50, out_indices=(3, )),
    heatmap_head=dict(
        type='HeatmapHead',
        in_channels=2048,
        out_channels=15,
        deconv_out_channels=(256, 256, 256),
        deconv_kernel_sizes=(4, 4, 4),
        loss=dict(type='KeypointMSELoss', use_target_weight=True)),
    freeze_2d=True,
    heatmap_sigma=2.,
    projector=dict(type='VoxelProjector', cache_size=16,
                   mask_behind_camera=True),
    root_head=dict(
        type='VoxelRootHead',
        net=dict(type='V2VNet', input_channels=15, output_channels=1,
                 mid_channels=32),
        space_size=(8000., 8000., 2000.),
        space_center=(0., -500., 800.),
        cube_shape=(80, 80, 20),
        input_joints=None,
        max_num=10,
        nms_kernel=3,
        score_threshold=0.3,
        target_sigma=200.,
        loss=dict(type='MSELoss', loss_weight=1.),
        channels_last=True),
    pose_head=dict(
        type='VoxelPoseHead',
        net=dict(type='V2VNet', input_channels=15, output_channels=15,
                 mid_channels=32),
        cube_size=(2000., 2000., 2000.),
        cube_shape=(64, 64, 64),
        beta=100.,
        loss=dict(type='L1Loss', use_target_weight=True, loss_weight=1.),
        channels_last=True),
    root_index=2,
    train_cfg=dict(
        match_threshold=500.,
        gt_root_fallback=True,
        gt_root_jitter=0.,
        one_cube_per_gt=False))
