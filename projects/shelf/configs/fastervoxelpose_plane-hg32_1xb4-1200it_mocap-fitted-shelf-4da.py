# The synthetic Shelf world, closer to the real one on its data side (#14):
#  - people: half CMU motion capture (real motion and postures, 14 clips of
#    ../shared/data/cmu_mocap_cyun9601), half procedural bodies (bone-length
#    variety, seated people);
#  - the detector emulator fitted, without labels, to the real Shelf
#    BODY_25 detections (frames 300-600) by
#      python tools/analysis/fit_detector_emulation.py \
#          projects/shelf/configs/geometric-baseline_shelf-4da.py \
#          --remap body25_to_panoptic15
#    (noise 4.96 px + 0.0056 x box diagonal, 2.2 % outliers (the tool's
#    first version; judging swapped people in their swapped place, it now
#    measures 2.0 %), 0.25 % swaps,
#    10.0 % missed joints, 8.0 % dropped people, 0.097 false positives per
#    view, scores 0.75 +- 0.14; the base config guessed 3 px + 0.015,
#    3 %, 3 %, 8 %, 10 %, 0.3).
# Everything else (model, schedule, real test range) as the base:
#   OMP_NUM_THREADS=1 python tools/train.py THIS_CONFIG
_base_ = ['./fastervoxelpose_plane-hg32_1xb4-1200it_synthetic-shelf-4da.py']

mocap_dir = '../shared/data/cmu_mocap_cyun9601/data/CMU/asfamc/subjects'
pose_source = dict(
    type='MixturePoseSource',
    sources=[
        dict(type='MocapPoseSource', files=mocap_dir),
        dict(type='ProceduralPoseSource'),
    ],
    weights=[0.5, 0.5])
fitted_detector = dict(
    type='EmulateDetections',
    noise_px=4.96,
    noise_rel=0.0056,
    outlier_prob=0.022,
    swap_prob=0.0025,
    miss_joint_prob=0.1,
    drop_person_prob=0.08,
    false_positive_rate=0.097,
    occlusion=True,
    score_mean=0.747,
    score_std=0.144)
train_dataloader = dict(
    dataset=dict(
        pose_source=pose_source,
        pipeline=[
            dict(type='ProjectPoses'),
            fitted_detector,
            *_base_.train_pipeline[2:],
        ]))
