# SelfPose3d stage 2 (self-supervised root net) on CMU Panoptic images with
# the orthographic-plane heads at Faster VoxelPose's sizes
# (configs/_base_/models/ortho_heads_full.py); everything else as
# panoptic_cam5_rootnet.py (the V2V reproduction it inherits). The
# recommended GPU setting; not trained on this project's CPU machines.
_base_ = [
    './panoptic_cam5_rootnet.py',
    '../_base_/models/ortho_heads_full.py',
]

model = dict(
    cube_mask='voronoi',
    projector=_base_.full_ortho_projector,
    root_head=_base_.full_ortho_ssl_root_head,
    pose_head=_base_.full_ortho_pose_head)
