# Shelf with the orthographic-plane heads: the same synthetic training
# through the real Shelf calibration, the same real test range (frames
# 300-600, real BODY_25 detections of 4D Association) and the same schedule
# as the V2V config it inherits; no Shelf label is used for training.
_base_ = [
    './voxelpose_v2v-cpn32-prn16_1xb4-1200it_synthetic-shelf-4da.py',
    '../../../configs/_base_/models/ortho_heads_cpu.py',
]

model = dict(
    cube_mask=_base_.ortho_cube_mask,
    projector=_base_.ortho_projector,
    root_head=dict(
        _base_.ortho_root_head,
        space_size=_base_.space_size,
        space_center=_base_.space_center,
        cube_shape=(64, 64, 16)),
    pose_head=_base_.ortho_pose_head)
