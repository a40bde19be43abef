# Transductive SelfPose3d on Shelf: the render-and-compare pose net with
# attention (the pose-net stage of configs/selfpose3d/
# selfpose3d_v2v-cpn32-prn24_1xb2-800it_synthetic-5cam-posenet.py) adapts on
# the real Shelf detections as pseudo labels, starting from the
# synthetic-trained plane-head model, whose root net stays frozen.
# See _base_/selfpose3d_plane_shelf_4da_transductive.py.
#   OMP_NUM_THREADS=1 python tools/train.py THIS_CONFIG
#   python tools/test.py THIS_CONFIG work_dirs/<THIS_CONFIG's name>/iter_300.pth
_base_ = ['./_base_/selfpose3d_plane_shelf_4da_transductive.py']

ssv_aug_pipeline = [
    dict(type='MultiViewPhotometricAug', heatmap_gain=(0.6, 1.)),
    dict(type='MultiViewCutout', num_range=(0, 3), size_range=(4, 10)),
]
train_pipeline = [
    *_base_.train_pipeline[:-1],
    dict(_base_.train_pipeline[-1], aug_pipeline=ssv_aug_pipeline),
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
train_cfg = dict(by_epoch=False, max_iters=300, val_interval=100000)
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=False, begin=0, T_max=300,
         eta_min=1e-5),
]
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=300, max_keep_ckpts=1))
model = dict(
    freeze_2d=False,
    # the pose net already places joints: the matched 2D L1 from the start,
    # no sigma annealing (the from-scratch demo recipe's)
    train_cfg=dict(stage='pose', l1_start_epoch=None, l1_start_iter=0),
    # both nets from the synthetic-trained model; the root net stays frozen
    # (adapting it first, ..._transductive-rootnet.py, lowered PCP here)
    stage_checkpoints=[
        dict(
            path=_base_.synthetic_shelf_work_dir,
            modules=['root_head', 'pose_head'],
            produced_by=_base_.synthetic_shelf_config),
    ])
