# Supervised VoxelPose with the orthographic-plane heads (Faster
# VoxelPose-style, configs/_base_/models/ortho_heads_cpu.py) on the
# procedural synthetic world, 5 cameras, heatmap input: the same data,
# schedule and iterations as the V2V config it inherits, so the two are a
# side-by-side comparison (README "Voxel pipeline").
_base_ = [
    './voxelpose_v2v-cpn32-prn16_1xb4-800it_synthetic-5cam.py',
    '../_base_/models/ortho_heads_cpu.py',
]

model = dict(
    cube_mask=_base_.ortho_cube_mask,
    projector=_base_.ortho_projector,
    root_head=_base_.ortho_root_head,
    pose_head=_base_.ortho_pose_head)
