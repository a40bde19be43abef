# Comparison baseline of the orthographic-head demo: supervised VoxelPose
# (3D ground truth) with the same plane heads, world, validation split and
# heatmaps as synthetic_cam5_ortho_{rootnet,posenet}.py, trained for as many
# iterations as the two SSL stages together (synthetic_cam5_supervised.py,
# the V2V version it inherits).
_base_ = [
    './synthetic_cam5_supervised.py',
    '../_base_/models/ortho_heads_cpu.py',
]

model = dict(
    cube_mask=_base_.ortho_cube_mask,
    projector=_base_.ortho_projector,
    root_head=_base_.ortho_root_head,
    pose_head=dict(
        _base_.ortho_pose_head,
        net=dict(_base_.ortho_pose_head.net, mid_channels=16)))
