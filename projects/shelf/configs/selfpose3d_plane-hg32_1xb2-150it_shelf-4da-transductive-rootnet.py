# Transductive SelfPose3d on Shelf, optional root step: the self-supervised
# root net (synthetic roots in the Shelf space + consistency of the
# augmented and plain view sets) adapts on the real Shelf detections,
# starting from the synthetic-trained plane-head root net. Measured: it
# lowers PCP (projects/shelf/README.md), so the pose-net config keeps the
# synthetic-trained root net.
# See _base_/selfpose3d_plane_shelf_4da_transductive.py.
#   OMP_NUM_THREADS=1 python tools/train.py projects/shelf/configs/fastervoxelpose_plane-hg32_1xb4-1200it_synthetic-shelf-4da.py
#   OMP_NUM_THREADS=1 python tools/train.py THIS_CONFIG
_base_ = ['./_base_/selfpose3d_plane_shelf_4da_transductive.py']

train_cfg = dict(by_epoch=False, max_iters=150, val_interval=100000)
param_scheduler = [
    dict(type='CosineAnnealingLR', by_epoch=False, begin=0, T_max=150,
         eta_min=1e-5),
]
default_hooks = dict(
    checkpoint=dict(by_epoch=False, interval=150, max_keep_ckpts=1))
model = dict(
    freeze_2d=True,
    attention=None,
    train_cfg=dict(stage='root'),
    stage_checkpoints=[
        dict(
            path=_base_.synthetic_shelf_work_dir,
            modules=['root_head'],
            produced_by=_base_.synthetic_shelf_config)
    ])
