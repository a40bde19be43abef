"""Training-free multi-view 3D pose: association + robust triangulation."""
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import torch
from mmengine.dist import get_world_size
from mmengine.logging import print_log
from mmengine.model import BaseModel
from mmengine.structures import InstanceData
from torch import Tensor

from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras
from selfpose_mm.utils.typing import OptConfigType, SampleList
from ..utils.association import (cluster_people, epipolar_distance_matrix,
                                 fundamental_matrices)
from ..utils.robust_triangulation import (fill_missing_joints, hop_distances,
                                          merge_duplicates,
                                          ransac_triangulate)
from ..utils.tracking import OnlinePoseFilter

__all__ = ['GeometricBaseline']


def _sample_cameras(sample) -> MultiViewCameras:
    """A data sample's ``cameras``, or a clear error."""
    if '_cameras' not in getattr(sample, '_data_fields', ()):
        legacy = 'camera_params' in getattr(sample, 'metainfo', {})
        raise KeyError(
            'GeometricBaseline: data sample has no cameras (pack it with '
            'PackMultiViewDetections from a dataset that puts a '
            'MultiViewCameras under "cameras")' +
            ('; found a legacy metainfo camera_params dict' if legacy
             else ''))
    return sample.cameras


@MODELS.register_module()
class GeometricBaseline(BaseModel):
    """Multi-person 3D pose from per-view 2D detections, without training.

    Per frame:

    1. **Association.** Every pair of 2D people in different views gets the
       median symmetric epipolar distance over their common confident
       joints (fundamental matrices from the cameras, vectorised over all
       pairs); people are clustered greedily (average linkage, at most one
       per view), big people first, fragments after.
    2. **Triangulation.** Per joint, every pair of member observations is
       triangulated; the hypothesis with most inliers (reprojection,
       one per view) wins and is re-solved by confidence-weighted DLT
       (:func:`~selfpose_mm.geometry.triangulate_dlt`, one batched call).
    3. **Duplicate merge.** 3D people closer than ``merge_cfg`` thresholds
       are merged and re-triangulated from the union of their 2D members;
       this repairs people split by bad 2D grouping.
    4. **Temporal filter** (optional, ``temporal_cfg``): causal tracking and
       per-joint jump rejection / hold / EMA
       (:class:`~selfpose_mm.models.utils.tracking.OnlinePoseFilter`).
    5. **Filling.** Missing joints are filled from their nearest valid
       neighbours on ``skeleton_links`` so no output is NaN.

    Temporal filtering is a stateful post-process over consecutive
    ``predict`` calls. It needs the test dataloader to yield frames in time
    order: ``sampler=dict(type='DefaultSampler', shuffle=False)`` and a
    single process (a distributed sampler interleaves frames across ranks,
    so it is switched off with a warning when the world size is above 1).
    The state resets when the sample's ``sequence`` metainfo changes or its
    ``frame_id`` does not increase. We chose this online design over an
    offline smoother because MMEngine's test loop hands each batch's
    predictions to the evaluator immediately, metrics must not alter
    predictions, and the same code then serves live multi-camera rigs; the
    offline two-sided smoother of ``shelf_baseline.md`` is only about 0.2
    PCP better on Shelf.

    Inputs per sample: ``(V, P, K, 3)`` detections ``(x, y, score)`` in
    pixels of the original (distorted) images, score 0 for missing joints
    and padded people; the cameras are the sample's ``cameras`` (a
    ``MultiViewCameras`` ``(V,)``, set by ``PackMultiViewDetections``):
    ``K``, world-to-camera ``R``, ``t`` mm, ``dist`` and ``dist_model``
    (its input affine is not used: detections are original pixels).
    Outputs ``pred_instances`` with ``keypoints_3d (N, K, 3)`` mm,
    ``keypoint_scores (N, K)`` (0 for filled joints), ``scores (N,)`` and
    ``instance_ids (N,)`` (track ids, or the row index without tracking).

    Args:
        num_keypoints (int): K of the detections.
        skeleton_links (Sequence, optional): Joint pairs of the layout's
            kinematic tree, used to fill missing joints. Defaults to
            ``None`` (fill with the person's centroid).
        root_indices (Sequence[int]): Joints averaged into the tracking
            root (e.g. the hips). Defaults to ``(0, )``.
        assoc_cfg (dict, optional): ``score_thr`` (0.3), ``min_joints``
            (4), ``threshold`` (30 px), ``big_joints`` (8): association.
        triangulation_cfg (dict, optional): ``score_thr`` (0.2),
            ``inlier_thr`` (25 px).
        merge_cfg (dict, optional): ``median_thr`` (200 mm), ``close_thr``
            (100 mm), ``min_close`` (3), ``min_common`` (3); ``None`` keeps
            the defaults, ``dict(enable=False)`` turns merging off.
        min_valid_joints (int): 3D people with fewer valid joints are
            dropped. Defaults to 5.
        temporal_cfg (dict, optional): Arguments of ``OnlinePoseFilter``
            except ``root_indices``; ``None`` = per-frame results.
        data_preprocessor (dict, optional): Defaults to
            ``BaseDataPreprocessor``.
        init_cfg (dict, optional): Unused (no weights).
    """

    def __init__(self,
                 num_keypoints: int,
                 skeleton_links: Optional[Sequence[Sequence[int]]] = None,
                 root_indices: Sequence[int] = (0, ),
                 assoc_cfg: OptConfigType = None,
                 triangulation_cfg: OptConfigType = None,
                 merge_cfg: OptConfigType = None,
                 min_valid_joints: int = 5,
                 temporal_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: OptConfigType = None) -> None:
        super().__init__(
            data_preprocessor=data_preprocessor or dict(
                type='BaseDataPreprocessor'),
            init_cfg=init_cfg)
        self.num_keypoints = num_keypoints
        self.assoc_cfg = dict(
            score_thr=0.3, min_joints=4, threshold=30., big_joints=8)
        self.assoc_cfg.update(assoc_cfg or {})
        self.tri_cfg = dict(score_thr=0.2, inlier_thr=25.)
        self.tri_cfg.update(triangulation_cfg or {})
        self.merge_cfg = dict(enable=True)
        self.merge_cfg.update(merge_cfg or {})
        self.min_valid_joints = min_valid_joints
        self.temporal_cfg = temporal_cfg
        self.filter = (None if temporal_cfg is None else OnlinePoseFilter(
            root_indices=root_indices, **temporal_cfg))
        self._warned_dist = False
        # a buffer so the Runner has a device and dtype; nothing is learnt
        self.register_buffer('_dummy', torch.zeros(1), persistent=False)
        self.register_buffer(
            'hops',
            torch.as_tensor(hop_distances(num_keypoints, skeleton_links),
                            dtype=torch.float32),
            persistent=False)
        self._cam_cache: Dict[str, Tuple[MultiViewCameras, Tensor,
                                           Tensor]] = {}

    # ------------------------------------------------------------------
    def forward(self,
                inputs: Union[Tensor, List[Tensor]],
                data_samples: Optional[SampleList] = None,
                mode: str = 'predict'):
        """MMEngine's entry; only ``predict`` and ``tensor`` exist.

        ``tensor`` returns the per-sample list of ``(N, K, 3)`` joints.
        """
        if mode == 'loss':
            raise RuntimeError('GeometricBaseline has no parameters to '
                               'train; evaluate it with tools/test.py '
                               'CONFIG none')
        if mode not in ('predict', 'tensor'):
            raise ValueError(f'Invalid mode "{mode}"; use predict/tensor.')
        if isinstance(inputs, Tensor) and inputs.dim() == 4:
            inputs = [inputs]
        if data_samples is None:
            raise ValueError('GeometricBaseline needs data_samples with '
                             'their cameras (MultiViewCameras)')
        outputs = []
        for dets, sample in zip(inputs, data_samples):
            X, scores, kpt_scores, ids = self.predict_frame(
                dets, _sample_cameras(sample), sample.metainfo)
            if mode == 'tensor':
                outputs.append(X)
                continue
            pred = InstanceData()
            pred.keypoints_3d = X
            pred.keypoint_scores = kpt_scores
            pred.scores = scores
            pred.instance_ids = ids
            sample.pred_instances = pred
            outputs.append(sample)
        return outputs

    # ------------------------------------------------------------------
    def _cameras(self, cameras: MultiViewCameras, ref: Tensor
                 ) -> Tuple[MultiViewCameras, Tensor, Tensor]:
        """The sample's cameras ``(V,)`` with their projection ``(V, 3,
        4)`` and fundamental matrices (cached per calibration)."""
        if not isinstance(cameras, MultiViewCameras) or cameras.is_batched:
            raise TypeError('GeometricBaseline: the cameras of a sample must '
                            'be an unbatched MultiViewCameras (V,), got '
                            f'{cameras!r}')
        key = cameras.key()
        hit = self._cam_cache.get(key)
        if hit is not None and hit[0].device == ref.device:
            return hit
        cams = cameras.to(device=ref.device, dtype=ref.dtype)
        out = (cams, cams.projection_matrices,
               fundamental_matrices(cams.K, cams.R, cams.t))
        if len(self._cam_cache) > 16:
            self._cam_cache.clear()
        self._cam_cache[key] = out
        return out

    def _triangulate(self, groups: List[List[int]], flat: Tensor,
                     views: Tensor,
                     P: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        """Pad member lists and run the per-joint RANSAC triangulation."""
        M = max(len(g) for g in groups)
        idx = torch.full((len(groups), M), -1, dtype=torch.long)
        for c, g in enumerate(groups):
            idx[c, :len(g)] = torch.as_tensor(g)
        idx = idx.to(flat.device)
        members = flat[idx.clamp_min(0)] * (idx >= 0)[..., None, None]
        mviews = torch.where(idx >= 0, views[idx.clamp_min(0)], -1)
        return ransac_triangulate(members, mviews, P, **self.tri_cfg)

    def predict_frame(self, dets: Tensor, cameras: MultiViewCameras,
                      metainfo: Dict[str, Any]
                      ) -> Tuple[Tensor, Tensor, Tensor, Tensor]:
        """3D people of one frame.

        Args:
            dets (Tensor): ``(V, P, K, 3)`` detections.
            cameras (MultiViewCameras): The frame's ``(V,)`` cameras.
            metainfo (dict): ``sequence`` and
                ``frame_id`` for temporal filtering.

        Returns:
            Tuple[Tensor, Tensor, Tensor, Tensor]: ``keypoints_3d (N, K,
            3)``, ``scores (N,)``, ``keypoint_scores (N, K)`` and
            ``instance_ids (N,)``.
        """
        dets = dets.to(self._dummy.device, torch.float32)
        V, Pn, K, _ = dets.shape
        if K != self.num_keypoints:
            raise ValueError(f'detections have {K} joints, the model was '
                             f'configured with num_keypoints='
                             f'{self.num_keypoints}')
        cams, P, F = self._cameras(cameras, dets)
        if cams.num_views != V:
            raise ValueError(f'{V} views of detections but '
                             f'{cams.num_views} cameras')
        if cams.has_distortion:
            xy = cams.undistort(dets[..., :2].reshape(V, -1, 2))
            dets = torch.cat([xy.reshape(V, Pn, K, 2), dets[..., 2:]], -1)
        flat = dets.reshape(V * Pn, K, 3)
        views = torch.arange(V, device=dets.device).repeat_interleave(Pn)
        present = (flat[..., 2] > 0).any(-1)
        flat, views = flat[present], views[present]
        X = dets.new_zeros((0, K, 3))
        valid = torch.zeros((0, K), dtype=torch.bool, device=dets.device)
        inl = None
        if len(flat):
            cfg = self.assoc_cfg
            dist = epipolar_distance_matrix(flat, views, F,
                                            cfg['score_thr'],
                                            cfg['min_joints'])
            big = ((flat[..., 2] > cfg['score_thr']).sum(-1) >=
                   cfg['big_joints'])
            groups = cluster_people(dist.cpu().numpy(),
                                    views.cpu().numpy(),
                                    big.cpu().numpy(), cfg['threshold'])
            if groups:
                X, valid, inl = self._triangulate(groups, flat, views, P)
                if self.merge_cfg.get('enable', True):
                    X, valid, inl = self._merge(groups, X, valid, inl, flat,
                                                views, P)
        keep = valid.sum(-1) >= self.min_valid_joints
        X, valid = X[keep], valid[keep]
        nviews = (inl[keep].sum(1) if inl is not None else valid.float())
        ids = torch.arange(len(X), device=X.device)
        if self.filter is not None and self._temporal_ok():
            fX, fvalid, fids = self.filter(X.cpu().double().numpy(),
                                           valid.cpu().numpy(),
                                           int(metainfo.get('frame_id', 0)),
                                           metainfo.get('sequence'))
            X = torch.as_tensor(fX, dtype=X.dtype, device=X.device)
            valid = torch.as_tensor(fvalid, device=X.device)
            ids = torch.as_tensor(fids, device=X.device)
            keep = valid.any(-1)
            X, valid, ids, nviews = X[keep], valid[keep], ids[keep], nviews[
                keep]
        kpt_scores = valid.float() * (nviews.float() / V).clamp(max=1.)
        scores = kpt_scores.mean(-1)
        X = fill_missing_joints(X, valid, self.hops.to(X.dtype))
        return X, scores, kpt_scores, ids

    def _merge(self, groups, X, valid, inl, flat, views, P):
        """Merge 3D duplicates and re-triangulate merged groups."""
        for _ in range(3):
            cfg = {k: v for k, v in self.merge_cfg.items() if k != 'enable'}
            dup = merge_duplicates(X.cpu().double().numpy(),
                                   valid.cpu().numpy(), **cfg)
            if len(dup) == len(groups):
                break
            groups = [sorted(sum((groups[i] for i in d), [])) for d in dup]
            X, valid, inl = self._triangulate(groups, flat, views, P)
        return X, valid, inl

    def _temporal_ok(self) -> bool:
        """Temporal filtering is only meaningful in a single process."""
        if get_world_size() > 1:
            if not self._warned_dist:
                print_log(
                    'GeometricBaseline: temporal filtering needs frames in '
                    'time order in one process; it is off under '
                    'distributed testing.',
                    logger='current',
                    level=30)
                self._warned_dist = True
            return False
        return True
