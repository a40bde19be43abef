# The same synthetic-trained Shelf voxel model, with VoxelPose's data layout
# instead of the 4D Association release: training through
# calibration_shelf.json, test on actorsGT.mat + the Mask R-CNN + HRNet
# COCO-17 detections pred_shelf_maskrcnn_hrnet_coco.pkl (COCO-17 ->
# Panoptic-15), i.e. VoxelPose's own test inputs. Both releases share the
# world frame, so a checkpoint of either config serves both. With a full copy
# of VoxelPose's data/Shelf:
#   python tools/test.py \
#       projects/shelf/configs/voxelpose_v2v-cpn32-prn16_1xb4-1200it_synthetic-shelf-voxelpose.py \
#       CKPT --cfg-options test_dataloader.dataset.data_root=/path/to/Shelf
_base_ = ['./voxelpose_v2v-cpn32-prn16_1xb4-1200it_synthetic-shelf-4da.py']

# --- dataset variables ---------------------------------------------------
voxelpose_root = '../shared/data/mmpose/shelf'  # the mini copy: see README

# --- pipelines -----------------------------------------------------------
test_pipeline = [
    dict(
        type='RemapKeypoints2D',
        mapping='coco17_to_panoptic15',
        num_input_keypoints=17),
    dict(type='MultiViewAffine', input_size={{_base_.heatmap_size}}),
    dict(type='RenderInputHeatmaps', sigma=2.),
    dict(type='PackMultiViewInputs'),
]

# --- dataloaders ---------------------------------------------------------
train_dataloader = dict(
    dataset=dict(
        calibration=dict(
            file=voxelpose_root + '/calibration_shelf.json',
            image_size=(1032, 776))))
test_dataloader = dict(
    dataset=dict(
        _delete_=True,
        type='ShelfDataset',
        data_root=voxelpose_root,
        pipeline=test_pipeline,
        test_mode=True))
val_dataloader = test_dataloader
