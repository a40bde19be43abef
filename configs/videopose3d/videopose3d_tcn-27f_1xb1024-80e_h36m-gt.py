# VideoPose3D 27 frames (3,3,3), supervised, Human3.6M, 2D ground truth.
_base_ = ['./_base_/videopose3d_h36m.py']
