# SelfPose3d stage 1/4 on CMU Panoptic (5 HD cameras): train the 2D network
# (ResNet-50 + deconvolutions) on the soft HRNet pseudo 2D labels, plain
# letterbox only (no view-set augmentation), no validation. Reference: 20
# epochs, batch 4 per GPU x 2 GPUs, Adam 1e-4, x0.1 at epochs 10 and 15,
# initialised from COCO `pose_resnet_50_384x288.pth` (set
# model.backbone.init_cfg / load_from to your local copy; nothing is
# downloaded). Next stage:
# selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-rootnet.py.
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/models/selfpose3d_resnet.py',
    '../_base_/voxelpose_data/panoptic_ssv_image.py',
]

# --- runtime
train_cfg = dict(by_epoch=True, max_epochs=20, val_interval=1)
val_cfg = None
val_dataloader = None
val_evaluator = None

# --- optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-4))

# --- learning policy
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[10, 15], gamma=0.1),
]
auto_scale_lr = dict(base_batch_size=8)

# --- hooks
default_hooks = dict(checkpoint=dict(interval=1, max_keep_ckpts=2))

# --- data: the plain set only
train_dataloader = dict(
    batch_size=4,
    dataset=dict(pipeline=[
        dict(type='LoadMultiViewImages'),
        dict(type='FilterPseudoLabels', mode='soft'),
        dict(
            type='MultiViewAffine',
            input_size={{_base_.input_size}},
            heatmap_size={{_base_.heatmap_size}}),
        dict(type='GenerateViewSets', num_aug_sets=0),
    ]))

# --- model: only the 2D network trains
model = dict(
    freeze_2d=False,
    attention=None,
    train_cfg=dict(stage='backbone'))
