# Robustness check of the self-supervised row: the same training, but the
# multi-view 2D the loss sees (and the network input) carries i.i.d.
# Gaussian pixel noise (sigma 2 px, fresh every epoch), since ground-truth
# 2D is an exact projection and makes multi-view geometry perfect.
# Evaluation is unchanged (clean GT 2D, single view).
_base_ = ['./mvssl_mlp-lifter_1xb64-48e_humaneva15-gt.py']

train_dataloader = dict(
    dataset=dict(pipeline=[
        dict(type='AddKeypoint2DNoise', std=2.),
        dict(type='EncodeMultiViewLifting', root_index=0),
        dict(type='PackMultiViewLiftingInputs'),
    ]))
