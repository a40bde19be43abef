# Supervised VoxelPose with the orthographic-plane heads at Faster
# VoxelPose's sizes (configs/_base_/models/ortho_heads_full.py) on CMU
# Panoptic, 5 HD cameras, image mode: everything else (data, backbone,
# schedule) as the full-size V2V config it inherits. The recommended GPU
# setting; not trained on this project's CPU machines.
_base_ = [
    './voxelpose_v2v-cpn80-prn64_1xb1-10e_panoptic-5cam.py',
    '../_base_/models/ortho_heads_full.py',
]

model = dict(
    cube_mask='voronoi',
    projector=_base_.full_ortho_projector,
    root_head=_base_.full_ortho_root_head,
    pose_head=_base_.full_ortho_pose_head)
