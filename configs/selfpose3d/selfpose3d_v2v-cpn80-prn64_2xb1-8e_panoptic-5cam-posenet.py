# SelfPose3d stage 3/4 on CMU Panoptic (the main SSL stage): root net
# frozen (eval mode); proposals from the plain view-set; the pose net
# regresses each proposal from both augmented sets; each set's 3D poses are
# projected into the other set's frames, rendered as Gaussian heatmaps and
# compared with that set's pseudo heatmaps under the attention net's
# weights (+ 0.1 x attention regulariser); the 2D network trains jointly
# on the pseudo labels (loss_2d); the Hungarian-matched 2D L1 (x0.01)
# starts at epoch 5. RandAugment-style noise and Cutout on the augmented
# sets. Reference: 8 epochs, batch 1 per GPU x 2, Adam 1e-4, x0.1 at
# epochs 5 and 7.
# Needs: work_dirs/selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-rootnet
# (selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-rootnet.py).
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/models/selfpose3d_resnet.py',
    '../_base_/voxelpose_data/panoptic_ssv_image.py',
]

# --- runtime
train_cfg = dict(by_epoch=True, max_epochs=8, val_interval=1)
val_cfg = dict()
test_cfg = dict()

# --- optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=1e-4))

# --- learning policy
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[5, 7], gamma=0.1),
]
auto_scale_lr = dict(base_batch_size=2)

# --- hooks
default_hooks = dict(
    checkpoint=dict(interval=1, max_keep_ckpts=2,
                    save_best='panoptic/mAP', rule='greater'),
    visualization=dict(
        type='VoxelPoseVisualizationHook', enable=True, interval=200,
        max_per_epoch=8))

# --- data: panoptic_ssv_image (soft labels, augmented sets with noise)
train_dataloader = dict(batch_size=1)

# --- model
model = dict(
    freeze_2d=False,
    stage_checkpoints=[
        dict(
            path=('work_dirs/'
                  'selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-rootnet'),
            modules=['backbone', 'heatmap_head', 'root_head'],
            produced_by=('configs/selfpose3d/'
                         'selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-rootnet.py'))
    ],
    train_cfg=dict(stage='pose', cross_sets=True, l1_start_epoch=5))
# DDP: the frozen root net receives no gradient
model_wrapper_cfg = dict(
    type='MMDistributedDataParallel', find_unused_parameters=True)
