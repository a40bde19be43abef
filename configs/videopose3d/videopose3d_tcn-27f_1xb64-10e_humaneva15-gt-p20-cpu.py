# Supervised-only baseline of the HumanEva semi-supervised run: the same
# 20 % of the Train/S1-S3 3D labels (one contiguous block per video, as
# VideoPose3D's --subset 0.2) and the same CPU schedule (10 epochs, batch
# 64), no unlabelled data.
_base_ = ['./_base_/videopose3d_humaneva15_p20.py']
