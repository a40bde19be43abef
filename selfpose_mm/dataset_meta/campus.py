# Campus meta info (14 joints, same layout as Shelf; order of actorsGT.mat as
# read by VoxelPose, SelfPose3d and mmpose):
#   0 right_ankle  1 right_knee  2 right_hip  3 left_hip  4 left_knee
#   5 left_ankle  6 right_wrist  7 right_elbow  8 right_shoulder
#   9 left_shoulder  10 left_elbow  11 left_wrist  12 bottom_head  13 top_head
# flip_indices = [5, 4, 3, 2, 1, 0, 11, 10, 9, 8, 7, 6, 12, 13].
#
# Taken unchanged from mmpose 1.3.2 configs/_base_/datasets/campus.py
# (Copyright (c) OpenMMLab, Apache-2.0 licence). The paper is the 3D
# annotation source (Belagiannis et al.); the Campus videos themselves come
# from Berclaz et al., TPAMI 2011.
# Everything but the name is Shelf's: inherit it.
_base_ = ['./shelf.py']

dataset_info = dict(dataset_name='campus')
