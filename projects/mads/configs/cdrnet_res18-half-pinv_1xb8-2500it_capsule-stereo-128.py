# CDRNet with the pinv feature transform (the public re-implementations);
# everything else as the rotation config.
_base_ = ['./cdrnet_res18-half-rot_1xb8-2500it_capsule-stereo-128.py']

model = dict(head=dict(transform='pinv'))
