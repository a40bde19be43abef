# VideoPose3D 27-frame supervised model on HumanEva-I (Walk/Jog/Box,
# Train/S1-S3 -> Validate/S1-S3, 2D ground truth): the full README recipe.
_base_ = ['./_base_/videopose3d_humaneva15.py']
