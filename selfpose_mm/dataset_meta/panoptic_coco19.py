# CMU Panoptic meta info, all 19 joints of ``hdPose3d_stage1_coco19``:
#   0 neck  1 nose  2 mid_hip (body centre, the root)  3 left_shoulder
#   4 left_elbow  5 left_wrist  6 left_hip  7 left_knee  8 left_ankle
#   9 right_shoulder  10 right_elbow  11 right_wrist  12 right_hip
#   13 right_knee  14 right_ankle  15 left_eye  16 left_ear  17 right_eye
#   18 right_ear
# flip_indices = [0, 1, 2, 9, 10, 11, 12, 13, 14, 3, 4, 5, 6, 7, 8,
#                 17, 18, 15, 16].
# Joints 0-14 are ``panoptic_body3d.py`` (inherited below) (VoxelPose / SelfPose3d's 15 joints).
# The face order 15-18 (l-eye, l-ear, r-eye, r-ear) is the panoptic-toolbox
# and mmpose order; it was checked on the 40 offline Panoptic frames
# (|15-17| = 6.7 cm eye-eye, |16-18| = 16.3 cm ear-ear, 15/16 lie on the
# left-shoulder side in every body).
#
# Adapted from mmpose 1.3.2 configs/_base_/datasets/panoptic_body3d.py
# (Copyright (c) OpenMMLab, Apache-2.0 licence): same joints, names, sigmas
# and joint weights. Changes: dataset_name 'panoptic_coco19' (mmpose says
# 'panoptic_pose_3d'), the missing spaces in the author list fixed, and 4 face
# links added to mmpose's 14 body links.
_base_ = ['./panoptic_body3d.py']

# Joints 0-14, their links and paper info come from panoptic_body3d.py; the
# lists (weights, sigmas) are restated in full because configs replace lists.
dataset_info = dict(
    dataset_name='panoptic_coco19',
    keypoint_info={
        15:
        dict(
            name='left_eye',
            id=15,
            color=[51, 153, 255],
            type='upper',
            swap='right_eye'),
        16:
        dict(
            name='left_ear',
            id=16,
            color=[51, 153, 255],
            type='upper',
            swap='right_ear'),
        17:
        dict(
            name='right_eye',
            id=17,
            color=[51, 153, 255],
            type='upper',
            swap='left_eye'),
        18:
        dict(
            name='right_ear',
            id=18,
            color=[51, 153, 255],
            type='upper',
            swap='left_ear')
    },
    skeleton_info={
        14: dict(link=('nose', 'left_eye'), id=14, color=[0, 255, 0]),
        15: dict(link=('left_eye', 'left_ear'), id=15, color=[0, 255, 0]),
        16: dict(link=('nose', 'right_eye'), id=16, color=[255, 128, 0]),
        17: dict(link=('right_eye', 'right_ear'), id=17, color=[255, 128, 0]),
    },
    joint_weights=[
        1.0, 1.0, 1.0, 1.0, 1.2, 1.5, 1.0, 1.2, 1.5, 1.0, 1.2, 1.5, 1.0, 1.2,
        1.5, 1.0, 1.0, 1.0, 1.0
    ],
    sigmas=[
        0.026, 0.026, 0.107, 0.079, 0.072, 0.062, 0.107, 0.087, 0.089, 0.079,
        0.072, 0.062, 0.107, 0.087, 0.089, 0.025, 0.035, 0.025, 0.035
    ])
