# The orthographic-plane heads at Faster VoxelPose's sizes (the recommended
# GPU setting), as variables that leaf configs swap into the full-size V2V
# models (root_head=_base_.full_ortho_root_head, ...). Root: 80x80x20 cells
# over 8 x 8 x 2 m, 2D hourglass width 32 with a width-32 head, 1D hourglass
# width 32 on the top-10 proposals' columns. Pose: the 64^3 person cube of
# 2 m (31.7 mm), 64x64 planes, hourglass width 32, the reference weight net
# (width 32, stride 1). Exact projection on a 17^3 lattice per cube,
# interpolated, in chunks of 8 cubes; Voronoi cube mask. The CPU sizes are
# in ortho_heads_cpu.py.
full_ortho_root_head = dict(
    _delete_=True,
    type='OrthoRootHead',
    net2d=dict(type='PlaneHourglass', in_channels=15, out_channels=1,
               mid_channels=32, head_channels=32),
    net1d=dict(type='PlaneHourglass', in_channels=15, out_channels=1,
               mid_channels=32, dims=1),
    space_size=(8000., 8000., 2000.),
    space_center=(0., -500., 800.),
    cube_shape=(80, 80, 20),
    input_joints=None,
    max_num=10,
    nms_kernel=3,
    score_threshold=0.3,
    target_sigma=200.,
    loss=dict(type='MSELoss', loss_weight=1.))
# SelfPose3d's root net sees the mid-hip channel only (synthetic roots)
full_ortho_ssl_root_head = dict(
    full_ortho_root_head,
    type='SSLOrthoRootHead',
    net2d=dict(full_ortho_root_head['net2d'], in_channels=1),
    net1d=dict(full_ortho_root_head['net1d'], in_channels=1),
    input_joints=[2],
    syn_box=((-1500., 2000.), (-3000., 2000.), (50., 1500.)),
    syn_max_people=9,
    syn_sigma=3.)
full_ortho_pose_head = dict(
    _delete_=True,
    type='OrthoPoseHead',
    net=dict(type='PlaneHourglass', in_channels=15, out_channels=15,
             mid_channels=32),
    weight_net=dict(type='PlaneWeightNet', mid_channels=32, stride=1),
    cube_size=(2000., 2000., 2000.),
    cube_shape=(64, 64, 64),
    beta=100.,
    loss=dict(type='L1Loss', use_target_weight=True, loss_weight=1.),
    plane_weight=1.,
    fused_weight=5.)
full_ortho_projector = dict(
    type='VoxelProjector', cache_size=16, mask_behind_camera=True,
    cube_lattice=17, cube_chunk=8)
