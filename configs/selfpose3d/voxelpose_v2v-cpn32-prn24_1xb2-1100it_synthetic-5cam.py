# Comparison baseline for the embedded default: supervised VoxelPose (3D
# ground truth for roots and poses) on exactly the same synthetic world,
# validation split, heatmap input (120x64, sigma 2) and model sizes as
# selfpose3d_v2v-cpn32-prn24_1xb2-{300it_synthetic-5cam-rootnet,
# 800it_synthetic-5cam-posenet}.py, trained for as many iterations as the two
# SSL stages together, with the tuned supervised VoxelPose recipe
# (Adam 2e-3, root MSE x 100, pose L1; warm-up + cosine over the run). Not
# part of the demo; see README "SelfPose3d" for the figures.
_base_ = ['../voxelpose/voxelpose_v2v-cpn32-prn16_1xb4-800it_synthetic-5cam.py']

# --- dataset variables ---
heatmap_size = (120, 64)
heatmap_sigma = 2.
synthetic_world = _base_.synthetic_world  # synthetic_heatmap.py's
detector = _base_.detector

train_pipeline = [
    dict(type='ProjectPoses'),
    detector,
    dict(type='MultiViewAffine', input_size=heatmap_size),
    dict(type='RenderInputHeatmaps', sigma=heatmap_sigma),
    dict(type='PackMultiViewInputs'),
]
val_pipeline = train_pipeline

# --- dataloaders ---
train_dataloader = dict(
    batch_size=2,
    dataset=dict(pipeline=train_pipeline, **synthetic_world))
val_dataloader = dict(
    dataset=dict(num_samples=100, pipeline=val_pipeline, **synthetic_world))
test_dataloader = val_dataloader

# --- runtime (learning policy: the base's, independent of max_iters)
train_cfg = dict(by_epoch=False, max_iters=1100, val_interval=100000)

# --- hooks
default_hooks = dict(
    checkpoint=dict(interval=1100, save_best=None),
    visualization=dict(enable=False))

# --- model: the SSL demo's sizes
model = dict(
    root_head=dict(
        net=dict(mid_channels=8),
        space_size=(6000., 6000., 2000.),
        space_center=(0., 0., 900.),
        cube_shape=(32, 32, 8)),
    pose_head=dict(net=dict(mid_channels=8), cube_shape=(24, 24, 24)))
