# Training-free geometric baseline on the real Shelf test range (frames
# 300-600) with the 4D Association OpenPose BODY_25 detections: epipolar
# association, per-joint RANSAC triangulation, 3D duplicate merge, online
# tracking filter. Run from the repository root:
#   python tools/test.py \
#       projects/shelf/configs/geometric-baseline_shelf-4da.py none
_base_ = [
    '../../../configs/_base_/default_runtime.py',
    './_base_/shelf_4da_test.py',
]

# --- runtime -------------------------------------------------------------
# the temporal filter needs frames in time order: batch order = time order
# no training: the model has no parameters
train_cfg = None
default_hooks = dict(logger=dict(interval=100))
custom_hooks = []

# --- model ---------------------------------------------------------------
# BODY_25: the kinematic tree (fills joints that were not triangulated) and
# the hips as tracking root.
body25_skeleton = [(1, 0), (0, 15), (15, 17), (0, 16), (16, 18), (1, 2),
                   (2, 3), (3, 4), (1, 5), (5, 6), (6, 7), (1, 8), (8, 9),
                   (9, 10), (10, 11), (11, 22), (22, 23), (11, 24), (8, 12),
                   (12, 13), (13, 14), (14, 19), (19, 20), (14, 21)]
model = dict(
    type='GeometricBaseline',
    num_keypoints=25,
    skeleton_links=body25_skeleton,
    root_indices=(9, 12),
    assoc_cfg=dict(score_thr=0.3, min_joints=4, threshold=30., big_joints=8),
    triangulation_cfg=dict(score_thr=0.2, inlier_thr=25.),
    merge_cfg=dict(median_thr=200., close_thr=100., min_close=3),
    min_valid_joints=5,
    temporal_cfg=dict(
        gate=500., max_gap=10, jump_thr=150., max_hold=10, ema=0.7))

# --- data / evaluation: the base (PAF grouping, PackMultiViewDetections,
# PCPMetric with BODY_25 -> Shelf-14 by the 4D Association head rule)
