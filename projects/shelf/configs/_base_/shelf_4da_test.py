# The real Shelf test range (frames 300-600) of the 4D Association release:
# calibration, GT and OpenPose BODY_25 detections grouped into people by
# their part affinity fields, evaluated with PCP (VoxelPose protocol:
# actors 1-3, nearest prediction, 10 parts; frames without predictions
# count as misses). Leaf configs append their transforms after the grouping
# (`test_pipeline`) and set the metric's `pred_layout`. data_root defaults
# to the shared copy, relative to the repository root; override it with
# --cfg-options test_dataloader.dataset.data_root=PATH.
custom_imports = dict(
    imports=['projects.shelf.shelf'], allow_failed_imports=False)

# --- dataset variables ---------------------------------------------------
data_root = '../shared/data/4d_association/data/shelf'
body25_paf_pairs = [(1, 8), (9, 10), (10, 11), (8, 9), (8, 12), (12, 13),
                    (13, 14), (1, 2), (2, 3), (3, 4), (2, 17), (1, 5),
                    (5, 6), (6, 7), (5, 18), (1, 0), (0, 15), (0, 16),
                    (15, 17), (16, 18), (14, 19), (19, 20), (14, 21),
                    (11, 22), (22, 23), (11, 24)]
group_by_paf = dict(
    type='GroupCandidatesByPAF',
    paf_pairs=body25_paf_pairs,
    paf_thr=0.05,
    min_joints=5)

# --- dataloaders ---------------------------------------------------------
# a temporal filter needs frames in time order: no shuffling, batch 1
test_dataloader = dict(
    batch_size=1,
    num_workers=0,
    persistent_workers=False,
    drop_last=False,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(
        type='Shelf4DADataset',
        data_root=data_root,
        pipeline=[group_by_paf, dict(type='PackMultiViewDetections')],
        test_mode=True))
val_dataloader = test_dataloader

# --- evaluators ----------------------------------------------------------
val_evaluator = dict(
    type='PCPMetric', dataset_name='shelf', pred_layout='body25')
test_evaluator = val_evaluator
