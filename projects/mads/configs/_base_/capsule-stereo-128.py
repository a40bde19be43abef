# The volumetric synthetic stereo world (CapsuleStereoDataset): shaded
# capsule people (left limbs warm, right limbs cool), 0-2 distractor people,
# 10 clutter capsules, a checkered floor, two look-at cameras 45 degrees
# apart at 3.5 m rendering 128x128 crops directly (f = 190 px, i.e. 18.4 mm
# per pixel at the rig target). Rendered once per split and cached under
# work_dirs/mads_capsule_cache/ (train 6000 frames, seed 0; val 200, seed 1)
# by `render_workers` processes.
input_size = (128, 128)
codec = dict(
    type='MSRAHeatmap',
    input_size=input_size,
    heatmap_size=(32, 32),
    sigma=1.5)
cache_dir = 'work_dirs/mads_capsule_cache'
dataset_type = 'CapsuleStereoDataset'
rig = dict(
    num_views=2,
    baseline_deg=45.,
    radius=3500.,
    focal=190.,
    image_size=input_size,
    position_jitter=250.,
    num_distractors=(0, 2),
    prerender=dict(type='RenderCapsuleBodies', num_clutter=10),
    render_workers=2)

occlusion_aug = []  # the occlusion ablation sets Cutout / HideAndSeek here
train_pipeline = [
    dict(
        type='CropViews',
        input_size=input_size,
        mode='center_square',
        scale_sigma=0.1,
        rot_sigma=15.,
        rot_prob=0.5),
    *occlusion_aug,
    dict(type='EncodeViewHeatmaps', codec=codec),
    dict(type='PackMultiViewPose'),
]
val_pipeline = [
    dict(
        type='CropViews',
        input_size=input_size,
        mode='center_square',
        check_boundary=False),
    dict(type='PackMultiViewPose'),
]
# the same validation frames with 1-2 textured occluders per view (fixed
# seed); labels unchanged
occluded_val_pipeline = [
    val_pipeline[0],
    dict(type='RandomOccluders', num_occluders=(1, 2), seed=0),
    val_pipeline[1],
]

train_dataloader = dict(
    batch_size=8,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=True),
    dataset=dict(
        type=dataset_type,
        num_samples=6000,
        seed=0,
        cache_file=f'{cache_dir}/train_seed0_n6000.npz',
        pipeline=train_pipeline,
        **rig))
val_dataloader = dict(
    batch_size=16,
    num_workers=0,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type=dataset_type,
        num_samples=200,
        seed=1,
        test_mode=True,
        cache_file=f'{cache_dir}/val_seed1_n200.npz',
        pipeline=val_pipeline,
        **rig))
test_dataloader = val_dataloader

# absolute (world) and Procrustes-aligned MPJPE, pelvis-relative MPJPE (mm),
# mean 2D error per view (crop px)
val_evaluator = [
    dict(type='MPJPEMetric', modes=('mpjpe', 'p-mpjpe')),
    dict(type='MPJPEMetric', modes=('mpjpe', ), root_index=1, prefix='rel'),
    dict(type='ViewKeypointError2D'),
]
test_evaluator = val_evaluator
