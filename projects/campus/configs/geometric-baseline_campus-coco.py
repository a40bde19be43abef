# The training-free geometric baseline on Campus (3 cameras, the COCO-17
# Mask R-CNN + HRNet detections of the VoxelPose release, VoxelPose layout).
# The real test frames need the full VoxelPose files (see ../README.md):
#   python tools/test.py projects/campus/configs/geometric-baseline_campus-coco.py \
#       none --cfg-options test_dataloader.dataset.data_root=/path/to/CampusSeq1
_base_ = ['../../../configs/_base_/default_runtime.py']

custom_imports = dict(
    imports=['projects.campus.campus'], allow_failed_imports=False)

# --- runtime -------------------------------------------------------------
train_cfg = None
custom_hooks = []

# --- model ---------------------------------------------------------------
coco17_skeleton = [(0, 1), (0, 2), (1, 3), (2, 4), (0, 5), (0, 6), (5, 7),
                   (7, 9), (6, 8), (8, 10), (5, 11), (6, 12), (11, 13),
                   (13, 15), (12, 14), (14, 16)]
model = dict(
    type='GeometricBaseline',
    num_keypoints=17,
    skeleton_links=coco17_skeleton,
    root_indices=(11, 12),
    # Campus images are 360x288: pixel thresholds scaled by about 1/3
    assoc_cfg=dict(score_thr=0.3, min_joints=4, threshold=10., big_joints=8),
    triangulation_cfg=dict(score_thr=0.2, inlier_thr=8.),
    temporal_cfg=dict(
        gate=500., max_gap=10, jump_thr=150., max_hold=10, ema=0.7))

# --- data ----------------------------------------------------------------
# the temporal filter needs frames in time order: no shuffling, batch 1
data_root = '../shared/data/mmpose/campus'  # the mini copy: see README
test_dataloader = dict(
    batch_size=1,
    num_workers=0,
    persistent_workers=False,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='CampusDataset',
        data_root=data_root,
        pipeline=[dict(type='PackMultiViewDetections')],
        test_mode=True))
val_dataloader = test_dataloader

# --- evaluation ----------------------------------------------------------
test_evaluator = dict(
    type='PCPMetric', dataset_name='campus', pred_layout='coco17')
val_evaluator = test_evaluator
val_cfg = dict()
test_cfg = dict()
