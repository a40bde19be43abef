# Shared data/evaluation of the multi-view lifting configs on HumanEva-I
# (15 joints, cameras C1-C3): 2D ground truth, actions Walk/Jog/Box,
# Train/S1-S3 for training, Validate/S1-S3 for evaluation. Evaluation is
# single-view: every camera-frame is lifted on its own and scored
# root-relative (P1) and Procrustes-aligned (P2) in that camera's frame,
# per subject x action, then the unweighted mean over the 9 groups.
_base_ = ['../../_base_/default_runtime.py']

# codec: screen-normalised 2D in, root-relative metres out, mm decoded
codec = dict(type='VideoLiftingLabel', num_keypoints=15, root_index=0)

# data
data_root = '../shared/data/humaneva_videopose3d/'
data_common = dict(
    dataset_name='humaneva15',
    data_root=data_root + 'data/',
    keypoint_2d_src='gt',
    camera_param_file='../humaneva_cameras_from_videopose3d.json',
    actions=['Walk', 'Jog', 'Box'])
train_subjects = ['Train/S1', 'Train/S2', 'Train/S3']
test_subjects = ['Validate/S1', 'Validate/S2', 'Validate/S3']
# single-view camera-frames (supervised training, all evaluation)
single_view_pipeline = [
    dict(type='TemporalWindow', receptive_field=1),
    dict(type='EncodeVideoLifting', codec=codec),
    dict(type='PackVideoLiftingInputs'),
]
# synchronised multi-view frames, 2D only (self-supervised training, TTA)
multi_view_pipeline = [
    dict(type='EncodeMultiViewLifting', root_index=0),
    dict(type='PackMultiViewLiftingInputs'),
]
val_dataloader = dict(
    batch_size=512,
    num_workers=0,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        type='VideoPose3DDataset',
        subjects=test_subjects,
        chunk_length=1,
        pipeline=single_view_pipeline,
        test_mode=True,
        **data_common))
test_dataloader = val_dataloader

# evaluation
val_evaluator = dict(
    type='MPJPEMetric',
    modes=['mpjpe', 'p-mpjpe'],
    group_by='subject_action',
    root_index=0)
test_evaluator = val_evaluator
