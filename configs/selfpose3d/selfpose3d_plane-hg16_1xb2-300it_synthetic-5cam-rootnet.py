# Embedded default (make demo), step 1 of 2, with the orthographic-plane heads:
# SelfPose3d's self-supervised root net (synthetic roots + view-set
# consistency) on a 64x64 top view with 16-cell columns, everything else
# (world, pseudo 2D, schedule) as
# selfpose3d_v2v-cpn32-prn24_1xb2-300it_synthetic-5cam-rootnet.py (the V2V
# reproduction it inherits).
_base_ = [
    './selfpose3d_v2v-cpn32-prn24_1xb2-300it_synthetic-5cam-rootnet.py',
    '../_base_/models/ortho_heads_cpu.py',
]

model = dict(
    cube_mask=_base_.ortho_cube_mask,
    projector=_base_.ortho_projector,
    root_head=_base_.ortho_ssl_root_head,
    pose_head=dict(
        _base_.ortho_pose_head,
        net=dict(_base_.ortho_pose_head.net, mid_channels=16)))
