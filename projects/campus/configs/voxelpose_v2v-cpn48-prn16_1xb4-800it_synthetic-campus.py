# VoxelPose (heatmap-input mode) for Campus, trained WITHOUT any Campus
# label: synthetic people (procedural bodies with motion, Panoptic-15) placed
# in the Campus space (VoxelPose's CampusSynthetic root range) and seen
# through the real 3-camera Campus calibration (360 x 288), their 2D poses
# degraded by the detector emulator and drawn as input heatmaps with peak 1
# (VoxelPose's Campus mode).
#
# val: unseen synthetic clips through the same real cameras (the only
#      evaluation the data available offline allows, see ../README.md);
# test: the real Campus test frames (350-470, 650-750) in VoxelPose's layout
#      (actorsGT.mat + pred_campus_maskrcnn_hrnet_coco.pkl, COCO-17 ->
#      Panoptic-15) with PCP; point data_root at a full copy.
#
# CPU sizes: 120 x 96 heatmaps (the reference: 200 x 160), 48 x 48 x 8 root
# grid over 12 x 12 x 2 m (250 mm voxels; the reference: 80 x 80 x 20),
# 16^3 person cubes of 2 m (the reference: 64^3). From the repository root:
#   OMP_NUM_THREADS=1 python tools/train.py \
#       projects/campus/configs/voxelpose_v2v-cpn48-prn16_1xb4-800it_synthetic-campus.py
#   python tools/test.py projects/campus/configs/voxelpose_...py CKPT \
#       --cfg-options test_dataloader.dataset.data_root=/path/to/CampusSeq1
_base_ = [
    '../../../configs/_base_/default_runtime.py',
    '../../../configs/_base_/models/voxelpose_heatmap.py',
    '../../../configs/_base_/schedules/voxelpose_adam_cosine_cpu.py',
    './_base_/synthetic_campus_world.py',
]

# --- runtime (optimizer and learning policy: the shared CPU schedule)
train_cfg = dict(by_epoch=False, max_iters=800, val_interval=400)
log_processor = dict(by_epoch=False, window_size=20)

# --- hooks ---------------------------------------------------------------
default_hooks = dict(
    logger=dict(interval=50),
    checkpoint=dict(by_epoch=False, interval=400, max_keep_ckpts=1),
    visualization=dict(
        type='VoxelPoseVisualizationHook', enable=True, interval=100,
        max_per_epoch=2))

# --- model (the rest: the CPU sizes of the model base) -------------------
model = dict(
    root_head=dict(
        space_size=_base_.space_size,
        space_center=_base_.space_center,
        cube_shape=(48, 48, 8),
        target_sigma=250.))
