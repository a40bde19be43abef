# Shared data/evaluation of the multi-view lifting configs on Human3.6M
# (17 joints) with 3 of the 4 cameras (54138969, 55011271, 58860488, as the
# multi-view self-supervised reference), VideoPose3D's npz files
# (data_3d_h36m.npz, data_2d_h36m_gt.npz) and mmpose's cameras.pkl under
# data_root. Train S1, S5-S8; evaluate S9, S11 single-view on the same 3
# cameras (root-relative P1 / Procrustes P2 per action, then the
# unweighted mean over the 15 actions).
_base_ = ['../../_base_/default_runtime.py']

codec = dict(type='VideoLiftingLabel', num_keypoints=17, root_index=0)

# data
data_root = 'data/h36m/'
data_common = dict(
    dataset_name='h36m',
    data_root=data_root,
    keypoint_2d_src='gt',
    camera_param_file='cameras.pkl',
    cameras=[0, 1, 2])
train_subjects = ['S1', 'S5', 'S6', 'S7', 'S8']
test_subjects = ['S9', 'S11']
single_view_pipeline = [
    dict(type='TemporalWindow', receptive_field=1),
    dict(type='EncodeVideoLifting', codec=codec),
    dict(type='PackVideoLiftingInputs'),
]
multi_view_pipeline = [
    dict(type='EncodeMultiViewLifting', root_index=0),
    dict(type='PackMultiViewLiftingInputs'),
]
val_dataloader = dict(
    batch_size=1024,
    num_workers=2,
    sampler=dict(type='DefaultSampler', shuffle=False, round_up=False),
    dataset=dict(
        type='VideoPose3DDataset',
        subjects=test_subjects,
        chunk_length=1,
        downsample=4,
        pipeline=single_view_pipeline,
        test_mode=True,
        **data_common))
test_dataloader = val_dataloader

# evaluation
val_evaluator = dict(
    type='MPJPEMetric',
    modes=['mpjpe', 'p-mpjpe'],
    group_by='action',
    root_index=0)
test_evaluator = val_evaluator
