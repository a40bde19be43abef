# Iteration-based schedule of the CPU VoxelPose configs: Adam 2e-3 (losses:
# root MSE x 100, pose L1 in metres), gradient clipping, a 30-iteration
# warm-up and a cosine over the whole run. Neither scheduler needs
# max_iters (the cosine's end defaults to it), so
# --cfg-options train_cfg.max_iters=N works for any N. Iteration-based, so a
# killed run resumes exactly. Leaf configs set
# train_cfg = dict(by_epoch=False, max_iters=N, val_interval=M) and
# log_processor = dict(by_epoch=False) (default_runtime.py holds both, and
# MMEngine forbids a key in two bases).

# --- optimizer
optim_wrapper = dict(
    optimizer=dict(type='Adam', lr=2e-3), clip_grad=dict(max_norm=100.))

# --- learning policy
param_scheduler = [
    dict(type='LinearLR', start_factor=0.05, by_epoch=False, begin=0,
         end=30),
    dict(type='CosineAnnealingLR', by_epoch=False, begin=0, eta_min=2e-5),
]
auto_scale_lr = dict(base_batch_size=4)
