# Occlusion ablation (CPU-sized): CDRNet (rotation FTL) fine-tuned for 500
# iterations from the final checkpoint (iteration 2500) of the CDRNet run,
# with: Hide-and-Seek (6 of 4 x 4 cells, p=0.5 per view), hidden joints taken
# out of the loss (mask_scope='all'). Seeds: --cfg-options randomness.seed=0 /
# 1. Evaluated on the clean and on the occluded validation frames
# (benchmarks/eval_capsule_stereo.py).
_base_ = ['./cdrnet_res18-half-rot_1xb8-500it-ft_capsule-stereo-128-noaug.py']

occlusion = dict(
    type='HideAndSeek',
    prob=0.5, grid_size=4, hide_ratio=0.4,
    mask_scope='all')
train_dataloader = dict(dataset=dict(pipeline=[
    _base_.ft_pipeline[0], occlusion, *_base_.ft_pipeline[1:]]))
