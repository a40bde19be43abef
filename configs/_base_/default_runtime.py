# Runtime shared by every selfpose_mm config.
default_scope = 'selfpose_mm'

# hooks
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=3),
    sampler_seed=dict(type='DistSamplerSeedHook'),
)
# SyncBuffersHook keeps BatchNorm buffers identical across ranks;
# RNGStateHook saves the global RNG states with each checkpoint and
# restores them on resume (an interrupted run ends like an uninterrupted one)
custom_hooks = [dict(type='SyncBuffersHook'), dict(type='RNGStateHook')]

# multi-processing and distributed: NCCL on GPUs; tools switch to gloo when
# no GPU is present (selfpose_mm.engine.setup_runtime).
env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    dist_cfg=dict(backend='nccl'),
)

# visualizer (mmengine's; torchvision-free)
vis_backends = [dict(type='LocalVisBackend')]
visualizer = dict(
    type='Visualizer', vis_backends=vis_backends, name='visualizer')

# logger
log_processor = dict(
    type='LogProcessor', window_size=50, by_epoch=True, num_digits=6)
log_level = 'INFO'
load_from = None
resume = False

# file I/O backend
backend_args = dict(backend='local')

# training/validation/testing progress
train_cfg = dict(by_epoch=True)
val_cfg = dict()
test_cfg = dict()
randomness = dict(seed=0)
