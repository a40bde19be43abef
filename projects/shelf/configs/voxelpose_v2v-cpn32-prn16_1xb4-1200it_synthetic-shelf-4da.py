# VoxelPose (heatmap-input mode) trained WITHOUT any Shelf label: synthetic
# people (procedural bodies with motion, Panoptic-15 joints) placed in the
# Shelf space and seen through the real Shelf calibration, their 2D poses
# degraded by the detector emulator and drawn as input heatmaps (VoxelPose's
# and SelfPose3d's Shelf recipe, with our synthetic world as the pose pool).
# Tested on the real Shelf test range (frames 300-600) with heatmaps drawn
# from the real 4D Association OpenPose BODY_25 detections (grouped by PAF,
# BODY_25 -> Panoptic-15), PCP with the VoxelPose protocol.
#
# CPU sizes: 128 x 96 heatmaps (the reference: 200 x 152), 40 x 40 x 8 root
# grid over 6 x 6 x 2 m (150 mm x 150 mm x 250 mm voxels; the reference:
# 80 x 80 x 20 over 8 x 8 x 2 m), 16^3 person cubes of 2 m (the reference:
# 64^3), V2V widths 8 (root) and 32 (pose). Run from the repository root:
#   OMP_NUM_THREADS=1 python tools/train.py \
#       projects/shelf/configs/voxelpose_v2v-cpn32-prn16_1xb4-1200it_synthetic-shelf-4da.py
#   python tools/test.py projects/shelf/configs/voxelpose_...py \
#       work_dirs/voxelpose_..._synthetic-shelf-4da/iter_1200.pth
# Results: projects/shelf/README.md.
_base_ = [
    '../../../configs/_base_/default_runtime.py',
    '../../../configs/_base_/models/voxelpose_heatmap.py',
    '../../../configs/_base_/schedules/voxelpose_adam_cosine_cpu.py',
    './_base_/shelf_4da_test.py',
    './_base_/synthetic_shelf_world.py',
]

# --- runtime (optimizer and learning policy: the shared CPU schedule) ----
train_cfg = dict(by_epoch=False, max_iters=1200, val_interval=100000)
log_processor = dict(by_epoch=False, window_size=20)

# --- hooks ---------------------------------------------------------------
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(by_epoch=False, interval=400, max_keep_ckpts=1),
    visualization=dict(
        type='VoxelPoseVisualizationHook', enable=True, interval=400,
        max_per_epoch=2))

# --- model (the rest: the CPU sizes of the model base) -------------------
model = dict(
    root_head=dict(
        space_size=_base_.space_size,
        space_center=_base_.space_center,
        cube_shape=(40, 40, 8)))

# --- pipelines: the real test range -----------------------------------
test_pipeline = [
    {{_base_.group_by_paf}},
    dict(
        type='RemapKeypoints2D',
        mapping='body25_to_panoptic15',
        num_input_keypoints=25),
    dict(type='MultiViewAffine', input_size=_base_.heatmap_size),
    dict(type='RenderInputHeatmaps', sigma=2.),
    dict(type='PackMultiViewInputs'),
]

test_dataloader = dict(dataset=dict(pipeline=test_pipeline))
val_dataloader = test_dataloader

# --- evaluators ----------------------------------------------------------
# VoxelPose protocol (actors 1-3, nearest prediction, 10 parts); frames
# without predictions count as misses; Panoptic-15 -> Shelf-14 with the
# SelfPose3d head rule.
val_evaluator = dict(pred_layout='panoptic15')
test_evaluator = val_evaluator
