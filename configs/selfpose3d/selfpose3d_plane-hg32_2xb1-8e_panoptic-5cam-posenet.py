# SelfPose3d stage 3 (self-supervised pose net, render-and-compare with
# attention) on CMU Panoptic images with the orthographic-plane heads; the 2D
# network and the root net come from
# selfpose3d_plane-hg32_2xb1-3e_panoptic-5cam-rootnet.py. Everything else as
# selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet.py (the V2V
# reproduction it inherits). The recommended GPU setting; not trained here.
_base_ = [
    './selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet.py',
    '../_base_/models/ortho_heads_full.py',
]

model = dict(
    cube_mask='voronoi',
    projector=_base_.full_ortho_projector,
    root_head=_base_.full_ortho_ssl_root_head,
    pose_head=_base_.full_ortho_pose_head,
    stage_checkpoints=[
        dict(
            path=('work_dirs/'
                  'selfpose3d_plane-hg32_2xb1-3e_panoptic-5cam-rootnet'),
            modules=['backbone', 'heatmap_head', 'root_head'],
            produced_by=('configs/selfpose3d/'
                         'selfpose3d_plane-hg32_2xb1-3e_panoptic-5cam-rootnet.py'))
    ])
