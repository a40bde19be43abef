# SelfPose3d stage 4/4 (optional) on CMU Panoptic: fine-tune the whole
# stage-3 model on the high-confidence ("hard") pseudo labels, L1 term from
# the first epoch. Reference: 3 epochs, Adam 5e-5, x0.1 at epoch 2.
# Needs: work_dirs/selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet
# (selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet.py).
_base_ = ['./selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet.py']

# --- runtime
train_cfg = dict(by_epoch=True, max_epochs=3, val_interval=1)

# --- optimizer
optim_wrapper = dict(optimizer=dict(type='Adam', lr=5e-5))

# --- learning policy
param_scheduler = [
    dict(type='MultiStepLR', by_epoch=True, milestones=[2], gamma=0.1),
]

# --- data: hard pseudo labels
pseudo_file = 'data/panoptic/group_train_cam5_pseudo_hrnet_hard_9videos.npz'
train_dataloader = dict(
    dataset=dict(
        pseudo_file=pseudo_file,
        pipeline=[
            dict(type='LoadMultiViewImages'),
            dict(type='FilterPseudoLabels', mode='hard'),
            dict(
                type='MultiViewAffine',
                input_size={{_base_.input_size}},
                heatmap_size={{_base_.heatmap_size}}),
            dict(
                type='GenerateViewSets',
                num_aug_sets=2,
                aug_pipeline={{_base_.ssv_aug_pipeline}}),
        ]))

# --- model: everything from stage 3
model = dict(
    stage_checkpoints=[
        dict(
            path=('work_dirs/'
                  'selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet'),
            modules=[
                'backbone', 'heatmap_head', 'root_head', 'pose_head',
                'attention'
            ],
            produced_by=('configs/selfpose3d/'
                         'selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet.py'))
    ],
    train_cfg=dict(l1_start_epoch=0))
