# The 40 real Panoptic frames with the orthographic-plane heads: trained
# only on synthetic people seen through the five real HD cameras, exactly
# as the V2V config it inherits (same data, schedule, iterations); the
# root space follows VoxelPose's Panoptic space (6 x 6 x 2 m around
# (0, -500, 800) mm). Results: README.md.
_base_ = [
    './voxelpose_v2v-cpn32-prn16_1xb4-800it_panoptic-real40.py',
    '../_base_/models/ortho_heads_cpu.py',
]

model = dict(
    cube_mask=_base_.ortho_cube_mask,
    projector=_base_.ortho_projector,
    root_head=dict(
        _base_.ortho_root_head,
        space_size=(6000., 6000., 2000.),
        space_center=(0., -500., 800.)),
    pose_head=_base_.ortho_pose_head)
