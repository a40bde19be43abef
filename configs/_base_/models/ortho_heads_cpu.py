# The orthographic-plane heads (Faster VoxelPose-style) at the CPU sizes,
# as variables that leaf configs swap into a V2V model with
#   model = dict(root_head=_base_.ortho_root_head,
#                pose_head=_base_.ortho_pose_head,
#                projector=_base_.ortho_projector,
#                cube_mask=_base_.ortho_cube_mask)
# Root: the mid-hip channel's space max-projected along z to a 64x64
# bird's-eye view (94 mm cells on 6 m; VoxelPose CPU: 32x32x8 voxels), a 2D
# hourglass (stride-2 stem), then a 1D hourglass on each top-10
# proposal's 16-cell column (both width 16). Pose: the 2 m person cube sampled at 32^3
# (63 mm) and max-projected to xy/xz/yz; one shared 2D hourglass (width
# 32) with one learned 2x up-sampling gives 64x64 output planes (31.7 mm
# cells), soft-argmax per plane (beta 100) and the weight net's fusion.
# Losses as the V2V base: root MSE x 100 (top view and columns), pose L1 in
# metres (fused x 5 + each plane x 1, Faster VoxelPose's weights).
# The leaf sets space_size / space_center for its rig.
ortho_root_head = dict(
    _delete_=True,
    type='OrthoRootHead',
    net2d=dict(type='PlaneHourglass', in_channels=1, out_channels=1,
               mid_channels=16, stem_stride=2, head_channels=16),
    net1d=dict(type='PlaneHourglass', in_channels=1, out_channels=1,
               mid_channels=16, dims=1),
    space_size=(6000., 6000., 2000.),
    space_center=(0., 0., 900.),
    cube_shape=(64, 64, 16),
    input_joints=[2],
    max_num=10,
    nms_kernel=3,
    score_threshold=0.3,
    target_sigma=200.,
    loss=dict(type='MSELoss', loss_weight=100.))
ortho_pose_head = dict(
    _delete_=True,
    type='OrthoPoseHead',
    net=dict(type='PlaneHourglass', in_channels=15, out_channels=15,
             mid_channels=32, upsample=1),
    weight_net=dict(type='PlaneWeightNet', mid_channels=16, stride=2),
    cube_size=(2000., 2000., 2000.),
    cube_shape=(32, 32, 32),
    beta=100.,
    loss=dict(type='L1Loss', use_target_weight=True, loss_weight=1e-3),
    plane_weight=1.,
    fused_weight=5.)
# each person cube keeps the top-view cells nearer its own centre than the
# other people's (VoxelPose.cube_mask; Faster VoxelPose crops a box)
ortho_cube_mask = 'voronoi'
ortho_projector = dict(
    type='VoxelProjector', cache_size=16, mask_behind_camera=True,
    cube_chunk=8)
# SelfPose3d's self-supervised root head on the same top-view network, with
# the synthetic roots of the embedded synthetic world (6 x 6 m, roots at
# 0.6-1.2 m, up to 5 per sample, 2 px heatmap Gaussians).
ortho_ssl_root_head = dict(
    ortho_root_head,
    type='SSLOrthoRootHead',
    loss=dict(type='MSELoss', loss_weight=1.),
    syn_box=((-2000., 2000.), (-2000., 2000.), (600., 1200.)),
    syn_max_people=5,
    syn_sigma=2.)
