# Embedded default, step 2 of 2 (the main job): SelfPose3d's render-and-
# compare pose net on the procedural synthetic world (5 Panoptic-like cameras,
# 1-4 people, detector-like pseudo 2D, heatmap input), no 2D or 3D label: the
# Panoptic pose-net stage
# (selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet.py: cross-set
# rendering with attention, matched 2D L1 later) at CPU sizes (120x64 heatmaps,
# 24^3 cubes of 2 m, V2V width 8, a small conv attention net on the input
# heatmaps). The root net comes from
# selfpose3d_v2v-cpn32-prn24_1xb2-300it_synthetic-5cam-rootnet.py; `python
# tools/run_demo.py` runs both stages and evaluates against the hidden
# synthetic ground truth.
_base_ = [
    '../_base_/default_runtime.py',
    '../_base_/models/selfpose3d_heatmap_cpu.py',
    '../_base_/voxelpose_data/synthetic_ssv_heatmap.py',
]

# --- runtime: iteration-based, so a killed run resumes exactly
train_cfg = dict(by_epoch=False, max_iters=800, val_interval=100000)
log_processor = dict(by_epoch=False)
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=1e-3), clip_grad=dict(max_norm=100.))
param_scheduler = [
    dict(type='LinearLR', start_factor=0.1, by_epoch=False, end=20),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=20, T_max=780,
         eta_min=1e-5),
]
auto_scale_lr = dict(base_batch_size=2)
default_hooks = dict(
    visualization=dict(
        type='VoxelPoseVisualizationHook', enable=True, interval=25,
        max_per_epoch=4),
    logger=dict(interval=20),
    checkpoint=dict(by_epoch=False, interval=800, max_keep_ckpts=1))

# --- model: the pose net (+ attention); the root net from step 1, frozen
model = dict(
    freeze_2d=False,
    stage_checkpoints=[
        dict(
            path=('work_dirs/'
                  'selfpose3d_v2v-cpn32-prn24_1xb2-300it_synthetic-5cam-rootnet'),
            modules=['root_head'],
            produced_by=('configs/selfpose3d/'
                         'selfpose3d_v2v-cpn32-prn24_1xb2-300it_synthetic-5cam-rootnet.py'))
    ],
    train_cfg=dict(
        stage='pose',
        cross_sets=True,
        l1_start_epoch=None,
        l1_start_iter=480,
        sigma_start=6.,
        sigma_anneal_iters=480))
