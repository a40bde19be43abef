# Semi-supervised VideoPose3D on HumanEva-I (CPU budget): 20 % of the
# Train/S1-S3 3D labels (one contiguous block per video) + all Train/S1-S3
# 2D as unlabelled data, back-projected through the real HumanEva cameras
# (fitted intrinsics with OpenCV-order distortion) by the trajectory model,
# with the bone-length prior; 2 warm-up epochs of 10. VideoPose3D itself
# has no HumanEva intrinsics and so no semi-supervised HumanEva mode.
_base_ = ['./_base_/videopose3d_humaneva15_semi_p20.py']
