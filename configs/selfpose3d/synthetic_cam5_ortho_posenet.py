# Embedded default (make demo), step 2 of 2, with the orthographic-plane
# heads: SelfPose3d's render-and-compare pose net (attention, matched L1)
# on the three 64x64 planes of a 32^3-sampled cube (pose network width 16
# so that make demo stays within 10 minutes on 2 CPU cores); the root net
# comes from
# synthetic_cam5_ortho_rootnet.py. Everything else as
# synthetic_cam5_posenet.py (the V2V reproduction it inherits).
_base_ = [
    './synthetic_cam5_posenet.py',
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
            path='work_dirs/synthetic_cam5_ortho_rootnet',
            modules=['root_head'],
            produced_by='configs/selfpose3d/synthetic_cam5_ortho_rootnet.py')
    ])
