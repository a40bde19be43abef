# SelfPose3d in heatmap-input mode at CPU sizes: no 2D network (the inputs
# are heatmaps drawn from 2D poses), a small conv attention net on the
# input heatmaps, 120x64 heatmaps with 2 px Gaussians, a 32x32x8 root grid
# over 6 x 6 x 2 m, 24^3 person cubes of 2 m, V2V widths 8. The stage
# (root / pose) and its checkpoints are set by the leaf.
_base_ = ['./selfpose3d_resnet.py']

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
    heatmap_sigma=2.,
    renderer=dict(sigma=2.),
    root_head=dict(
        net=dict(mid_channels=8),
        space_size=(6000., 6000., 2000.),
        space_center=(0., 0., 900.),
        cube_shape=(32, 32, 8),
        syn_box=((-2000., 2000.), (-2000., 2000.), (600., 1200.)),
        syn_max_people=5,
        syn_sigma=2.),
    pose_head=dict(net=dict(mid_channels=8), cube_shape=(24, 24, 24)))
# DDP: the frozen parts of each stage receive no gradient
model_wrapper_cfg = dict(
    type='MMDistributedDataParallel', find_unused_parameters=True)
