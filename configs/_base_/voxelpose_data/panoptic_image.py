# CMU Panoptic in image mode (VoxelPose / SelfPose3d setting): the five HD
# cameras, 1920x1080 letterboxed to 960x512, 2D backbone heatmaps 240x128.
# Train: SelfPose3d's 9 training sequences, every 3rd frame; validation:
# the 4 validation sequences, every 12th frame (VoxelPose's intervals).
# Expects the panoptic-toolbox layout under `data_root` (hdImgs/<cam>/...,
# calibration_<seq>.json, hdPose3d_stage1_coco19/). For SelfPose3d's pseudo
# 2D labels add to the train dataset: ann_source='pseudo',
# pseudo_file='<npz from tools/dataset_converters/
# panoptic_pseudo_pkl_to_npz.py>' (never load an untrusted pickle).
# Root space for the model side: centre (0, -500, 800) mm, size
# 8000 x 8000 x 2000 mm.

# --- dataset variables ---
dataset_type = 'PanopticDataset'
data_root = 'data/panoptic'
hd_cameras = ['00_03', '00_06', '00_12', '00_13', '00_23']
input_size = (960, 512)
heatmap_size = (240, 128)
space_size = (8000., 8000., 2000.)
space_center = (0., -500., 800.)
train_sequences = [
    '160422_ultimatum1', '160224_haggling1', '160226_haggling1',
    '161202_haggling1', '160906_ian1', '160906_ian2', '160906_ian3',
    '160906_band1', '160906_band2'
]
val_sequences = [
    '160906_pizza1', '160422_haggling1', '160906_ian5', '160906_band4'
]

# --- pipelines ---
train_pipeline = [
    dict(type='LoadMultiViewImages'),
    dict(type='ProjectPoses'),
    dict(
        type='MultiViewAffine',
        input_size=input_size,
        heatmap_size=heatmap_size),
    dict(type='PackMultiViewInputs'),
]
val_pipeline = train_pipeline

# --- dataloaders ---
train_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        sequences=train_sequences,
        cameras=hd_cameras,
        frame_interval=3,
        pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1,
    num_workers=2,
    persistent_workers=True,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        sequences=val_sequences,
        cameras=hd_cameras,
        frame_interval=12,
        test_mode=True,
        pipeline=val_pipeline))
test_dataloader = val_dataloader

# --- evaluators ---
val_evaluator = dict(type='PanopticAPMetric')
test_evaluator = val_evaluator
