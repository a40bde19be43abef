# The training-free geometric baseline (association + robust triangulation)
# for detections in the Panoptic-15 layout (VoxelPose order). Leaf configs
# inherit it with a data base and give a test pipeline that ends with
# PackMultiViewDetections. No training.
_base_ = ['../default_runtime.py']

# the dataset meta's links (selfpose_mm/dataset_meta/panoptic_body3d.py),
# used to fill missing joints
panoptic15_skeleton = [(1, 0), (0, 3), (0, 9), (3, 4), (9, 10), (4, 5),
                       (10, 11), (8, 7), (7, 6), (14, 13), (13, 12), (2, 6),
                       (2, 12), (2, 0)]
train_cfg = None
default_hooks = dict(logger=dict(interval=10))
custom_hooks = []

model = dict(
    type='GeometricBaseline',
    num_keypoints=15,
    skeleton_links=panoptic15_skeleton,
    root_indices=(2, ),
    assoc_cfg=dict(score_thr=0.3, min_joints=4, threshold=30., big_joints=8),
    triangulation_cfg=dict(score_thr=0.2, inlier_thr=25.),
    merge_cfg=dict(median_thr=200., close_thr=100., min_close=3),
    min_valid_joints=5,
    temporal_cfg=None)
