# The tiny lifter with its loss swapped for mmpose's L1Loss: _delete_
# drops the inherited keys (use_target_weight) instead of merging them.
_base_ = ['./supervised_mlp-lifter-w64_1xb64-40it_synthetic-tiny.py']

model = dict(head=dict(loss=dict(_delete_=True, type='L1Loss')))
