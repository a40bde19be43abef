# Comparison baseline of the orthographic-head demo: supervised VoxelPose (3D
# ground truth) with the same plane heads, world, validation split and heatmaps
# as selfpose3d_plane-hg16_1xb2-{300it_synthetic-5cam-rootnet,
# 800it_synthetic-5cam-posenet}.py, trained for as many iterations as the two
# SSL stages together (voxelpose_v2v-cpn32-prn24_1xb2-1100it_synthetic-5cam.py,
# the V2V version it inherits).
_base_ = [
    './voxelpose_v2v-cpn32-prn24_1xb2-1100it_synthetic-5cam.py',
    '../_base_/models/ortho_heads_cpu.py',
]

model = dict(
    cube_mask=_base_.ortho_cube_mask,
    projector=_base_.ortho_projector,
    root_head=_base_.ortho_root_head,
    pose_head=dict(
        _base_.ortho_pose_head,
        net=dict(_base_.ortho_pose_head.net, mid_channels=16)))
