# HumanEva-I meta info, VideoPose3D's 15-joint 'humaneva15' layout
# (ConvertHumanEva.m; data_3d_humaneva15.npz / data_2d_humaneva15_*.npz):
#   0 pelvis (root)  1 thorax  2 left_shoulder  3 left_elbow  4 left_wrist
#   5 right_shoulder  6 right_elbow  7 right_wrist  8 left_hip  9 left_knee
#   10 left_ankle  11 right_hip  12 right_knee  13 right_ankle  14 head
# VideoPose3D: parents [-1, 0, 1, 2, 3, 1, 5, 6, 0, 8, 9, 0, 11, 12, 1],
# left [2, 3, 4, 8, 9, 10], right [5, 6, 7, 11, 12, 13]; so flip_indices =
#   [0, 1, 5, 6, 7, 2, 3, 4, 11, 12, 13, 8, 9, 10, 14].
# The skeleton below has exactly the 14 parent links. Names are inferred from
# the parents (VideoPose3D only names the layout); the left/right labels were
# checked on the offline 3D GT: in every Walking frame of Train/S1, Train/S2
# and Validate/S3 the 'left' joints lie on the up x walking-direction side.
#
# Not in mmpose. Sigmas are COCO-derived per joint type (shoulder .079,
# elbow .072, wrist .062, hip .107, knee .087, ankle .089), with mmpose's
# choices for the central joints: pelvis .107 (mpii pelvis, panoptic
# mid_hip), thorax and head .026 (mpii thorax/head_top, panoptic neck, shelf
# head). They matter only for OKS; HumanEva is scored by MPJPE. Joint weights
# follow mmpose's body pattern (1.0, 1.2 elbows/knees, 1.5 wrists/ankles).

dataset_info = dict(
    dataset_name='humaneva15',
    paper_info=dict(
        author='Sigal, Leonid and Balan, Alexandru O. and Black, Michael J.',
        title='HumanEva: Synchronized Video and Motion Capture Dataset '
        'and Baseline Algorithm for Evaluation of Articulated Human Motion',
        container='International Journal of Computer Vision',
        year='2010',
        homepage='http://humaneva.is.tue.mpg.de/',
    ),
    keypoint_info={
        0:
        dict(name='pelvis', id=0, color=[51, 153, 255], type='lower', swap=''),
        1:
        dict(name='thorax', id=1, color=[51, 153, 255], type='upper', swap=''),
        2:
        dict(
            name='left_shoulder',
            id=2,
            color=[0, 255, 0],
            type='upper',
            swap='right_shoulder'),
        3:
        dict(
            name='left_elbow',
            id=3,
            color=[0, 255, 0],
            type='upper',
            swap='right_elbow'),
        4:
        dict(
            name='left_wrist',
            id=4,
            color=[0, 255, 0],
            type='upper',
            swap='right_wrist'),
        5:
        dict(
            name='right_shoulder',
            id=5,
            color=[255, 128, 0],
            type='upper',
            swap='left_shoulder'),
        6:
        dict(
            name='right_elbow',
            id=6,
            color=[255, 128, 0],
            type='upper',
            swap='left_elbow'),
        7:
        dict(
            name='right_wrist',
            id=7,
            color=[255, 128, 0],
            type='upper',
            swap='left_wrist'),
        8:
        dict(
            name='left_hip',
            id=8,
            color=[0, 255, 0],
            type='lower',
            swap='right_hip'),
        9:
        dict(
            name='left_knee',
            id=9,
            color=[0, 255, 0],
            type='lower',
            swap='right_knee'),
        10:
        dict(
            name='left_ankle',
            id=10,
            color=[0, 255, 0],
            type='lower',
            swap='right_ankle'),
        11:
        dict(
            name='right_hip',
            id=11,
            color=[255, 128, 0],
            type='lower',
            swap='left_hip'),
        12:
        dict(
            name='right_knee',
            id=12,
            color=[255, 128, 0],
            type='lower',
            swap='left_knee'),
        13:
        dict(
            name='right_ankle',
            id=13,
            color=[255, 128, 0],
            type='lower',
            swap='left_ankle'),
        14:
        dict(name='head', id=14, color=[51, 153, 255], type='upper', swap=''),
    },
    skeleton_info={
        0: dict(link=('pelvis', 'thorax'), id=0, color=[51, 153, 255]),
        1: dict(link=('thorax', 'left_shoulder'), id=1, color=[0, 255, 0]),
        2: dict(link=('left_shoulder', 'left_elbow'), id=2, color=[0, 255, 0]),
        3: dict(link=('left_elbow', 'left_wrist'), id=3, color=[0, 255, 0]),
        4: dict(link=('thorax', 'right_shoulder'), id=4, color=[255, 128, 0]),
        5: dict(
            link=('right_shoulder', 'right_elbow'), id=5, color=[255, 128, 0]),
        6:
        dict(link=('right_elbow', 'right_wrist'), id=6, color=[255, 128, 0]),
        7: dict(link=('pelvis', 'left_hip'), id=7, color=[0, 255, 0]),
        8: dict(link=('left_hip', 'left_knee'), id=8, color=[0, 255, 0]),
        9: dict(link=('left_knee', 'left_ankle'), id=9, color=[0, 255, 0]),
        10: dict(link=('pelvis', 'right_hip'), id=10, color=[255, 128, 0]),
        11: dict(link=('right_hip', 'right_knee'), id=11, color=[255, 128, 0]),
        12:
        dict(link=('right_knee', 'right_ankle'), id=12, color=[255, 128, 0]),
        13: dict(link=('thorax', 'head'), id=13, color=[51, 153, 255]),
    },
    joint_weights=[
        1.0, 1.0, 1.0, 1.2, 1.5, 1.0, 1.2, 1.5, 1.0, 1.2, 1.5, 1.0, 1.2, 1.5,
        1.0
    ],
    sigmas=[
        0.107, 0.026, 0.079, 0.072, 0.062, 0.079, 0.072, 0.062, 0.107, 0.087,
        0.089, 0.107, 0.087, 0.089, 0.026
    ])
