# SelfPose3d stage 2/4 on CMU Panoptic: the self-supervised root net.
# Synthetic roots (1..9 per sample in SelfPose3d's Panoptic range) rendered
# into each of the three view-sets as root heatmaps, 3D Gaussian targets
# (weight 100), plus the consistency of the real root cubes of the two
# augmented sets with the plain one (weight 1). The 2D network (from
# stage 1) is frozen; no photometric augmentation. Reference: 3 epochs,
# batch 1 per GPU, Adam 1e-4, x0.1 at epoch 2.
# Needs: work_dirs/selfpose3d_res50_2xb4-20e_panoptic-5cam-backbone
# (selfpose3d_res50_2xb4-20e_panoptic-5cam-backbone.py).
# Next stage: selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet.py.
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/models/selfpose3d_resnet.py',
    '../_base_/voxelpose_data/panoptic_ssv_image.py',
]

# --- runtime
train_cfg = dict(by_epoch=True, max_epochs=3, val_interval=1)
val_cfg = dict()
test_cfg = dict()

# --- optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-4))

# --- learning policy
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[2], gamma=0.1),
]
auto_scale_lr = dict(base_batch_size=2)

# --- hooks
default_hooks = dict(
    checkpoint=dict(interval=1, max_keep_ckpts=2,
                    save_best='panoptic/mAP', rule='greater'))

# --- data: three view-sets, no photometric augmentation / Cutout
train_dataloader = dict(
    batch_size=1,
    dataset=dict(pipeline=[
        dict(type='LoadMultiViewImages'),
        dict(type='FilterPseudoLabels', mode='soft'),
        dict(
            type='MultiViewAffine',
            input_size={{_base_.input_size}},
            heatmap_size={{_base_.heatmap_size}}),
        dict(type='GenerateViewSets', num_aug_sets=2),
    ]))

# --- model: root net only; the 2D network comes from stage 1
model = dict(
    freeze_2d=True,
    attention=None,
    stage_checkpoints=[
        dict(
            path='work_dirs/selfpose3d_res50_2xb4-20e_panoptic-5cam-backbone',
            modules=['backbone', 'heatmap_head'],
            produced_by=('configs/selfpose3d/'
                         'selfpose3d_res50_2xb4-20e_panoptic-5cam-backbone.py'))
    ],
    train_cfg=dict(stage='root'))
# DDP: frozen parts receive no gradient
model_wrapper_cfg = dict(
    type='MMDistributedDataParallel', find_unused_parameters=True)
