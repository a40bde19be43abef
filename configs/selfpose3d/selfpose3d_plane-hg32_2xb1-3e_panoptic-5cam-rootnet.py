# SelfPose3d stage 2 (self-supervised root net) on CMU Panoptic images with the
# orthographic-plane heads at Faster VoxelPose's sizes
# (configs/_base_/models/ortho_heads_full.py); everything else as
# selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-rootnet.py (the V2V
# reproduction it inherits). The recommended GPU setting; not trained on this
# project's CPU machines.
_base_ = [
    './selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-rootnet.py',
    '../_base_/models/ortho_heads_full.py',
]

model = dict(
    cube_mask='voronoi',
    projector=_base_.full_ortho_projector,
    root_head=_base_.full_ortho_ssl_root_head,
    pose_head=_base_.full_ortho_pose_head)
