# The recipe's MPII variant of the 2D pretraining (16 joints, 150 epochs,
# milestones 90/120), with mmpose's MpiiDataset and PCKh metric.
_base_ = ['./simplebaseline_res101_1xb32-140e_coco-256x256.py']

# --- runtime
train_cfg = dict(max_epochs=150, val_interval=10)

# --- learning policy
param_scheduler = [
    dict(
        type='LinearLR', begin=0, end=500, start_factor=0.001,
        by_epoch=False),
    dict(
        type='MultiStepLR',
        begin=0,
        end=150,
        milestones=[90, 120],
        gamma=0.1,
        by_epoch=True)
]

# --- hooks
default_hooks = dict(checkpoint=dict(save_best='PCK', rule='greater'))

# --- model
model = dict(head=dict(out_channels=16))

# --- data
dataset_type = 'MpiiDataset'
data_root = 'data/mpii/'
train_dataloader = dict(
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations/mpii_train.json',
        data_prefix=dict(img='images/')))
val_dataloader = dict(
    dataset=dict(
        type=dataset_type,
        data_root=data_root,
        ann_file='annotations/mpii_val.json',
        headbox_file=data_root + 'annotations/mpii_gt_val.mat',
        data_prefix=dict(img='images/')))

# --- evaluation
val_evaluator = dict(_delete_=True, type='MpiiPCKAccuracy')
test_dataloader = val_dataloader
test_evaluator = val_evaluator
