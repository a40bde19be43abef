# Test-time adaptation of the self-supervised MLP (TRANSDUCTIVE): before
# evaluation, 200 self-supervised steps (Adam 4e-5, batch 64 multi-view
# frames, dropout off, BatchNorm statistics frozen) on the unlabelled
# multi-view 2D of the Validate split itself; then the usual single-view
# evaluation. Metric keys are prefixed 'transductive/'.
# Use with tools/test.py and a checkpoint of
# mvssl_mlp-lifter_1xb64-48e_humaneva15-gt.py.
_base_ = ['./mvssl_mlp-lifter_1xb64-48e_humaneva15-gt.py']

test_cfg = dict(
    _delete_=True,
    type='TestTimeAdaptLoop',
    steps=200,
    lr=4e-5,
    bn_mode='frozen',
    adapt_dataloader=dict(
        batch_size=64,
        num_workers=0,
        sampler=dict(type='DefaultSampler', shuffle=True),
        dataset=dict(
            type='MultiViewLiftingDataset',
            subjects={{_base_.test_subjects}},
            with_3d=False,
            pipeline={{_base_.multi_view_pipeline}},
            **_base_.data_common)))
