# Test-time adaptation (TRANSDUCTIVE) of the H36M self-supervised MLP:
# 2000 self-supervised steps on the unlabelled 3-view 2D of S9/S11, then the
# single-view evaluation (keys prefixed 'transductive/').
_base_ = ['./mvssl_mlp-lifter_1xb256-30e_h36m-3cam-gt.py']

test_cfg = dict(
    _delete_=True,
    type='TestTimeAdaptLoop',
    steps=2000,
    lr=4e-5,
    bn_mode='frozen',
    adapt_dataloader=dict(
        batch_size=64,
        num_workers=2,
        sampler=dict(type='DefaultSampler', shuffle=True),
        dataset=dict(
            type='MultiViewLiftingDataset',
            subjects={{_base_.test_subjects}},
            downsample=4,
            with_3d=False,
            pipeline={{_base_.multi_view_pipeline}},
            **_base_.data_common)))
