# MADS (Martial Arts, Dancing and Sports) meta info, 19 joints in the order of
# ``GTpose2`` as used by CDRNet's reimplementation
# (eddie0509tw/Fast-3D-Human-Pose-Estimation):
#   0 neck (thorax; arms and head attach here)  1 pelvis (root, base_joint)
#   2 right_hip  3 right_knee  4 right_ankle  5 right_foot
#   6 left_hip  7 left_knee  8 left_ankle  9 left_foot
#   10 right_shoulder  11 right_elbow  12 right_wrist  13 right_hand
#   14 left_shoulder  15 left_elbow  16 left_wrist  17 left_hand  18 head
# parent_ids = [0, 0, 1, 2, 3, 4, 1, 6, 7, 8, 0, 10, 11, 12, 0, 14, 15, 16, 0]
# (the skeleton below has exactly these 18 links);
# flip_pairs = (2, 6), (3, 7), (4, 8), (5, 9), (10, 14), (11, 15), (12, 16),
# (13, 17); flip_indices =
#   [0, 1, 6, 7, 8, 9, 2, 3, 4, 5, 14, 15, 16, 17, 10, 11, 12, 13, 18].
# CAUTION: the repo never names the joints. The chains and the flip pairs are
# from its code; the names (which chain is 'right', and hip-knee-ankle-foot /
# shoulder-elbow-wrist-hand along each chain) are inferred from
# ``tools/utils.plot_body`` and were not checkable offline (no MADS data).
# Flipping is unaffected by a consistent left/right naming error.
#
# Not in mmpose. Sigmas are COCO-derived per joint type (shoulder .079,
# elbow .072, wrist .062, hip .107, knee .087, ankle .089), with foot .079
# (mmpose halpe26's toe/heel value), hand .062 (= wrist), pelvis .107, neck
# and head .026 (mmpose's panoptic neck / mpii head_top). Joint weights follow
# mmpose's body pattern (1.0, 1.2 elbows/knees, 1.5 wrists/ankles/hands/feet).

dataset_info = dict(
    dataset_name='mads',
    paper_info=dict(
        author='Zhang, Weichen and Liu, Zhiguang and Zhou, Liuyang and '
        'Leung, Howard and Chan, Antoni B.',
        title='Martial Arts, Dancing and Sports dataset: a Challenging '
        'Stereo and Multi-View Dataset for 3D Human Pose Estimation',
        container='Image and Vision Computing',
        year='2017',
        homepage='http://visal.cs.cityu.edu.hk/research/mads/',
    ),
    keypoint_info={
        0:
        dict(name='neck', id=0, color=[51, 153, 255], type='upper', swap=''),
        1:
        dict(name='pelvis', id=1, color=[51, 153, 255], type='lower', swap=''),
        2:
        dict(
            name='right_hip',
            id=2,
            color=[255, 128, 0],
            type='lower',
            swap='left_hip'),
        3:
        dict(
            name='right_knee',
            id=3,
            color=[255, 128, 0],
            type='lower',
            swap='left_knee'),
        4:
        dict(
            name='right_ankle',
            id=4,
            color=[255, 128, 0],
            type='lower',
            swap='left_ankle'),
        5:
        dict(
            name='right_foot',
            id=5,
            color=[255, 128, 0],
            type='lower',
            swap='left_foot'),
        6:
        dict(
            name='left_hip',
            id=6,
            color=[0, 255, 0],
            type='lower',
            swap='right_hip'),
        7:
        dict(
            name='left_knee',
            id=7,
            color=[0, 255, 0],
            type='lower',
            swap='right_knee'),
        8:
        dict(
            name='left_ankle',
            id=8,
            color=[0, 255, 0],
            type='lower',
            swap='right_ankle'),
        9:
        dict(
            name='left_foot',
            id=9,
            color=[0, 255, 0],
            type='lower',
            swap='right_foot'),
        10:
        dict(
            name='right_shoulder',
            id=10,
            color=[255, 128, 0],
            type='upper',
            swap='left_shoulder'),
        11:
        dict(
            name='right_elbow',
            id=11,
            color=[255, 128, 0],
            type='upper',
            swap='left_elbow'),
        12:
        dict(
            name='right_wrist',
            id=12,
            color=[255, 128, 0],
            type='upper',
            swap='left_wrist'),
        13:
        dict(
            name='right_hand',
            id=13,
            color=[255, 128, 0],
            type='upper',
            swap='left_hand'),
        14:
        dict(
            name='left_shoulder',
            id=14,
            color=[0, 255, 0],
            type='upper',
            swap='right_shoulder'),
        15:
        dict(
            name='left_elbow',
            id=15,
            color=[0, 255, 0],
            type='upper',
            swap='right_elbow'),
        16:
        dict(
            name='left_wrist',
            id=16,
            color=[0, 255, 0],
            type='upper',
            swap='right_wrist'),
        17:
        dict(
            name='left_hand',
            id=17,
            color=[0, 255, 0],
            type='upper',
            swap='right_hand'),
        18:
        dict(name='head', id=18, color=[51, 153, 255], type='upper', swap=''),
    },
    skeleton_info={
        0:
        dict(link=('neck', 'pelvis'), id=0, color=[51, 153, 255]),
        1:
        dict(link=('pelvis', 'right_hip'), id=1, color=[255, 128, 0]),
        2:
        dict(link=('right_hip', 'right_knee'), id=2, color=[255, 128, 0]),
        3:
        dict(link=('right_knee', 'right_ankle'), id=3, color=[255, 128, 0]),
        4:
        dict(link=('right_ankle', 'right_foot'), id=4, color=[255, 128, 0]),
        5:
        dict(link=('pelvis', 'left_hip'), id=5, color=[0, 255, 0]),
        6:
        dict(link=('left_hip', 'left_knee'), id=6, color=[0, 255, 0]),
        7:
        dict(link=('left_knee', 'left_ankle'), id=7, color=[0, 255, 0]),
        8:
        dict(link=('left_ankle', 'left_foot'), id=8, color=[0, 255, 0]),
        9:
        dict(link=('neck', 'right_shoulder'), id=9, color=[255, 128, 0]),
        10:
        dict(
            link=('right_shoulder', 'right_elbow'), id=10, color=[255, 128,
                                                                  0]),
        11:
        dict(link=('right_elbow', 'right_wrist'), id=11, color=[255, 128, 0]),
        12:
        dict(link=('right_wrist', 'right_hand'), id=12, color=[255, 128, 0]),
        13:
        dict(link=('neck', 'left_shoulder'), id=13, color=[0, 255, 0]),
        14:
        dict(link=('left_shoulder', 'left_elbow'), id=14, color=[0, 255, 0]),
        15:
        dict(link=('left_elbow', 'left_wrist'), id=15, color=[0, 255, 0]),
        16:
        dict(link=('left_wrist', 'left_hand'), id=16, color=[0, 255, 0]),
        17:
        dict(link=('neck', 'head'), id=17, color=[51, 153, 255]),
    },
    joint_weights=[
        1.0, 1.0, 1.0, 1.2, 1.5, 1.5, 1.0, 1.2, 1.5, 1.5, 1.0, 1.2, 1.5, 1.5,
        1.0, 1.2, 1.5, 1.5, 1.0
    ],
    sigmas=[
        0.026, 0.107, 0.107, 0.087, 0.089, 0.079, 0.107, 0.087, 0.089, 0.079,
        0.079, 0.072, 0.062, 0.062, 0.079, 0.072, 0.062, 0.062, 0.026
    ])
