# SelfPose3d stage 3 (self-supervised pose net, render-and-compare with
# attention) on CMU Panoptic images with the orthographic-plane heads; the
# 2D network and the root net come from panoptic_cam5_ortho_rootnet.py.
# Everything else as panoptic_cam5_posenet.py (the V2V reproduction it
# inherits). The recommended GPU setting; not trained here.
_base_ = [
    './panoptic_cam5_posenet.py',
    '../_base_/models/ortho_heads_full.py',
]

model = dict(
    cube_mask='voronoi',
    projector=_base_.full_ortho_projector,
    root_head=_base_.full_ortho_ssl_root_head,
    pose_head=_base_.full_ortho_pose_head,
    stage_checkpoints=[
        dict(
            path='work_dirs/panoptic_cam5_ortho_rootnet',
            modules=['backbone', 'heatmap_head', 'root_head'],
            produced_by='configs/selfpose3d/panoptic_cam5_ortho_rootnet.py')
    ])
