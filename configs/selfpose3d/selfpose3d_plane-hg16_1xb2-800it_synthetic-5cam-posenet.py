# Embedded default (make demo), step 2 of 2, with the orthographic-plane heads:
# SelfPose3d's render-and-compare pose net (attention, matched L1) on the three
# 64x64 planes of a 32^3-sampled cube (pose network width 16 so that make demo
# stays within 10 minutes on 2 CPU cores); the root net comes from
# selfpose3d_plane-hg16_1xb2-300it_synthetic-5cam-rootnet.py. Everything else
# as selfpose3d_v2v-cpn32-prn24_1xb2-800it_synthetic-5cam-posenet.py (the V2V
# reproduction it inherits).
_base_ = [
    './selfpose3d_v2v-cpn32-prn24_1xb2-800it_synthetic-5cam-posenet.py',
    '../_base_/models/ortho_heads_cpu.py',
]

model = dict(
    cube_mask=_base_.ortho_cube_mask,
    projector=_base_.ortho_projector,
    root_head=_base_.ortho_ssl_root_head,
    pose_head=dict(
        _base_.ortho_pose_head,
        net=dict(_base_.ortho_pose_head.net, mid_channels=16)),
    stage_checkpoints=[
        dict(
            path=('work_dirs/'
                  'selfpose3d_plane-hg16_1xb2-300it_synthetic-5cam-rootnet'),
            modules=['root_head'],
            produced_by=('configs/selfpose3d/'
                         'selfpose3d_plane-hg16_1xb2-300it_synthetic-5cam-rootnet.py'))
    ])
