# CDRNet with the projection-pseudo-inverse FTL of the public
# re-implementations (normalised P), otherwise identical to the rotation run.
_base_ = ['./cdrnet_res18-tiny-rot_1xb8-1500it_synthetic-stereo.py']

model = dict(head=dict(transform='pinv'))
