"""Evaluation metrics (``BaseMetric`` subclasses registered in ``METRICS``).

Data-sample contract
--------------------
MMEngine's evaluator calls ``.to_dict()`` on every data sample, so
``process(data_batch, data_samples)`` receives plain dicts. Values may be
numpy arrays or torch tensors (any device); all coordinates are in
**millimetres**.

Instance fields:

- ``data_sample['pred_instances']['keypoints_3d']``: ``(N, K, 3)``,
  N people of one frame (multi-person metrics) or T frames of one sequence
  (``MPJPEMetric``; ``(K, 3)`` is read as T = 1). Only valid predictions:
  filter invalid proposals before packing. N may be 0.
- ``data_sample['pred_instances']['scores']``: ``(N,)``, optional;
  detection confidence used to rank predictions (``PanopticAPMetric``).
- ``data_sample['gt_instances']['keypoints_3d']``: ``(M, K, 3)``.
- ``data_sample['gt_instances']['keypoints_3d_visible']``: ``(M, K)``
  (``(M, K, 1)`` and per-coordinate ``(M, K, 3)`` are accepted), optional;
  nonzero = visible, missing = all visible. Raw confidences must be
  thresholded by the dataset (VoxelPose uses conf > 0.1 on Panoptic).
- ``data_sample['gt_instances']['instance_ids']``: ``(M,)``, optional;
  zero-based actor ids (``PCPMetric``; Shelf/Campus actor k has id k - 1).

Metainfo keys, at the top level of the dict (all optional unless a metric
option needs them):

- ``action`` (str): action name, e.g. ``'Walking 1 chunk0'``
  (``MPJPEMetric(group_by=...)``).
- ``subject`` (str): subject name, e.g. ``'Validate/S1'``
  (``group_by='subject_action'``).
- ``sequence`` (str): identifies one continuous video (e.g. take and
  camera); single-frame samples of one ``(subject, action, sequence)`` are
  chained for MPJVE.
- ``frame_id`` (int or ``(T,)`` ints): frame index in the sequence, used to
  order frames for MPJVE.

Metrics never parse file names; datasets put what metrics need into the
metainfo above.

Metrics
-------
- :class:`MPJPEMetric`: MPJPE, P-MPJPE, N-MPJPE, MPJVE (mm), optionally
  per action (VideoPose3D averaging); no default prefix.
- :class:`PanopticAPMetric`: AP@25..150, recall, mAP, recall@500 (percent)
  and MPJPE (mm); prefix ``'panoptic'``.
- :class:`PCPMetric`: per-actor PCP, average and recall@500 (percent);
  prefix ``dataset_name`` (e.g. ``'shelf'``) or ``'pcp'``.
"""
from .mpjpe_metric import MPJPEMetric
from .panoptic_ap_metric import PanopticAPMetric
from .pcp_metric import PCPMetric

__all__ = ['MPJPEMetric', 'PanopticAPMetric', 'PCPMetric']
