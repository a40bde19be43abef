"""VoxelPose: multi-view heatmaps -> voxel root proposals -> 3D poses."""
import math
from typing import Dict, Optional, Tuple, Union

import numpy as np
import torch
from mmengine.model import BaseModel
from mmengine.structures import InstanceData
from torch import Tensor

from selfpose_mm.models.utils.compute_precision import (FrozenWeightCache,
                                                        net_autocast,
                                                        resolve_compute_dtype)
from selfpose_mm.models.utils.plane_ops import axis_centres, voronoi_xy_mask
from selfpose_mm.models.utils.voxel_ops import match_to_nearest
from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras, batch_cameras
from selfpose_mm.utils.typing import (ConfigType, LossDict, OptConfigType,
                                      SampleList)

__all__ = ['VoxelPose']


def _to_tensor(x, device, dtype=torch.float32) -> Tensor:
    return torch.as_tensor(np.asarray(x), dtype=dtype, device=device)


@MODELS.register_module()
class VoxelPose(BaseModel):
    """VoxelPose (Tu et al., ECCV 2020) with VoxelPose's supervised losses.

    The heads are swappable by config: the V2V heads (``VoxelRootHead``,
    ``VoxelPoseHead``, the faithful VoxelPose reproduction) or the
    orthographic-plane heads (``OrthoRootHead``, ``OrthoPoseHead``, Faster
    VoxelPose's 2D/1D CNNs). Both satisfy one interface: the root head's
    ``forward(space)`` output is passed back unchanged to its ``decode``
    and ``loss``; the pose head's ``forward_train(cubes, centres)`` gives
    joints and an auxiliary output for its ``loss``.

    Pipeline per batch: 2D heatmaps ``(B, V, K, H, W)`` (from the input in
    heatmap mode, or from ``backbone`` + ``heatmap_head`` in image mode)
    -> root space projection (cached per camera set) -> ``root_head``
    (3D CNN, NMS, top-k) -> one cube per proposal -> ``pose_head`` (3D CNN,
    soft-argmax). All views, samples and people are batched; a frame with
    nobody in it is valid.

    Training (``train_cfg``): the root loss is the MSE to a 3D Gaussian
    around the GT roots. Proposals (top-k, whatever their score, as
    VoxelPose's ProposalLayer) are matched to the nearest GT root within
    ``match_threshold`` mm and each matched proposal's cube is supervised
    with the L1 to that person's visible joints. With
    ``gt_root_fallback`` every GT person that no proposal matched also gets
    a cube centred at its GT root (plus ``gt_root_jitter`` mm Gaussian
    noise), so the pose net trains from the first iteration on; with
    ``one_cube_per_gt`` each GT person gets exactly one cube (its
    best-scored matched proposal, else its root), which bounds the cost.

    Loss scales: VoxelPose sums the root MSE (a 3D Gaussian target, mostly
    zeros, so about 1e-3) and the pose L1 in mm (hundreds at first). Only
    their scale differs from the reference when a config sets the heads'
    ``loss_weight`` (the CPU configs: root MSE x 100, pose L1 x 1e-3 =
    metres). Adam is invariant to a constant scale of each head's loss
    (their parameters are disjoint), but gradient clipping and a trained
    2D part are not, and the logs become readable.

    Args:
        root_head (dict): ``VoxelRootHead`` config.
        pose_head (dict): ``VoxelPoseHead`` config.
        projector (dict): ``VoxelProjector`` config.
        backbone (dict, optional): 2D backbone (e.g. mmpose ``ResNet``);
            ``None`` = heatmap-input mode. Defaults to None.
        heatmap_head (dict, optional): 2D head (e.g. mmpose
            ``HeatmapHead``); required with a backbone.
        freeze_2d (bool): Keep the 2D part in eval mode without gradients.
            Defaults to True.
        backbone_chunk (int | str, optional): Run the frozen 2D part over
            at most this many images per call instead of all ``B * V`` at
            once. Exact (the frozen part is in eval mode, so no batch
            statistic depends on the grouping). On CPU one 15-image
            ResNet-50 batch streams ~120 MB feature maps through every
            BatchNorm and ReLU, which measured slower and larger than
            one image per call (``benchmarks/bench_steps.py`` root row at
            scale 0.5: 10.2 -> 8.9 s, peak RSS 1350 -> 1090 MiB). ``'auto'``
            (default): one image per call on CPU inputs, one batched call
            on any other device; None: always one batched call. Ignored
            while the 2D part trains.
        compute_dtype (str, optional): Precision of every network call
            (2D backbone and head, root and pose nets, SelfPose3d's
            attention net): ``'bfloat16'`` runs them under autocast on
            channels-last inputs, ``'float16'`` on GPUs; the geometry
            (projection, soft-argmax, rendering, losses) stays float32
            (:mod:`~selfpose_mm.models.utils.compute_precision`). On a CPU
            with AMX it made the full-shape inference call 3.2-3.3x faster
            than float32 (``benchmarks/README.md``); without native
            bfloat16 kernels it is slower. None (default): float32.
        root_index (int): Root joint index (mid-hip). Defaults to 2.
        heatmap_sigma (float): Sigma (heatmap px) of the 2D targets used
            when the 2D part trains. Defaults to 2.
        cube_mask (str, optional): ``'voronoi'`` zeroes the top-view cells
            of each person cube that are closer to another cube centre of
            the same frame (:func:`voronoi_xy_mask`; the reference VoxelPose
            has no mask, Faster VoxelPose crops a predicted box). None
            keeps whole cubes. Defaults to None.
        train_cfg (dict, optional): ``match_threshold`` (500),
            ``gt_root_fallback`` (True), ``gt_root_jitter`` (0.),
            ``one_cube_per_gt`` (False).
        test_cfg (dict, optional): ``cube_chunk_voxels`` (``64**3``):
            inference projects and regresses the person cubes in chunks
            of at most ``max(1, cube_chunk_voxels // (X * Y * Z))`` cubes,
            so the peak memory holds one 64³ cube's projection and pose
            net instead of all proposals' (full-shape inference with 5
            candidates: ~0.9 GB less); exact, the pose net is in eval mode.
            0 = all cubes at once. Thresholds live in the heads.
        data_preprocessor (dict, optional): Defaults to
            ``MultiViewDataPreprocessor``.
        init_cfg (dict, optional): MMEngine init config.
    """

    _TEST_DEFAULTS = dict(cube_chunk_voxels=64**3)

    _TRAIN_DEFAULTS = dict(
        match_threshold=500.,
        gt_root_fallback=True,
        gt_root_jitter=0.,
        one_cube_per_gt=False)

    def __init__(self,
                 root_head: ConfigType,
                 pose_head: ConfigType,
                 projector: ConfigType = dict(type='VoxelProjector'),
                 backbone: OptConfigType = None,
                 heatmap_head: OptConfigType = None,
                 freeze_2d: bool = True,
                 root_index: int = 2,
                 heatmap_sigma: float = 2.,
                 backbone_chunk: Union[int, str, None] = 'auto',
                 compute_dtype: Optional[str] = None,
                 cube_mask: Optional[str] = None,
                 train_cfg: OptConfigType = None,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: Optional[dict] = None) -> None:
        # built from our registry so no default scope is needed
        if data_preprocessor is None or isinstance(data_preprocessor, dict):
            data_preprocessor = MODELS.build(
                data_preprocessor or dict(type='MultiViewDataPreprocessor'))
        super().__init__(
            data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        if (backbone is None) != (heatmap_head is None):
            raise ValueError('VoxelPose: give both backbone and heatmap_head '
                             '(image mode) or neither (heatmap mode)')
        self.backbone = MODELS.build(backbone) if backbone else None
        self.heatmap_head = MODELS.build(heatmap_head) \
            if heatmap_head else None
        self.projector = MODELS.build(projector)
        self.root_head = MODELS.build(root_head)
        self.pose_head = MODELS.build(pose_head)
        self.freeze_2d = bool(freeze_2d)
        if not (backbone_chunk is None or backbone_chunk == 'auto' or
                (isinstance(backbone_chunk, int) and backbone_chunk >= 1)):
            raise ValueError(f'VoxelPose.backbone_chunk must be "auto", a '
                             f'positive int or None, got {backbone_chunk!r}')
        self.backbone_chunk = backbone_chunk
        self.root_index = int(root_index)
        self.heatmap_sigma = float(heatmap_sigma)
        if cube_mask not in (None, 'voronoi'):
            raise ValueError(f'VoxelPose.cube_mask must be None or '
                             f'"voronoi", got {cube_mask!r}')
        self.cube_mask = cube_mask
        self.train_cfg = self._with_defaults('train_cfg', train_cfg,
                                             self._TRAIN_DEFAULTS)
        self.test_cfg = self._with_defaults('test_cfg', test_cfg,
                                            self._TEST_DEFAULTS)
        if self.backbone is not None and self.freeze_2d:
            for module in (self.backbone, self.heatmap_head):
                for p in module.parameters():
                    p.requires_grad_(False)
        self._frozen_weights = FrozenWeightCache()
        self.set_compute_dtype(compute_dtype)

    @staticmethod
    def _with_defaults(name: str, given: Optional[dict],
                       defaults: dict) -> dict:
        """``defaults`` updated by ``given``; unknown keys are an error
        that lists the valid ones."""
        unknown = set(given or {}) - set(defaults)
        if unknown:
            raise KeyError(f'VoxelPose.{name}: unknown keys '
                           f'{sorted(unknown)}; valid: {sorted(defaults)}')
        return dict(defaults, **(given or {}))

    def _net_2d(self, images: Tensor) -> Tensor:
        """The 2D network on ``(N, C, H, W)`` images -> heatmaps; a
        frozen one under a reduced ``compute_dtype`` with its weights cast
        once (:class:`FrozenWeightCache`), not on every call."""
        if self.compute_dtype is not None or self.freeze_2d:
            # channels-last: oneDNN's fast layout (bf16, and float32 1x1
            # convolutions, which NCHW runs im2col: ResNet-50 at 960x512
            # 13-16 % faster, equal to 1e-6); per call, one image's copy
            images = images.contiguous(memory_format=torch.channels_last)
        if self.compute_dtype is None or not self.freeze_2d:
            return self.heatmap_head(self.backbone(images))
        cache, dtype = self._frozen_weights, self.compute_dtype
        return cache(self.heatmap_head, dtype,
                     cache(self.backbone, dtype, images))

    def set_compute_dtype(self, compute_dtype: Optional[str]) -> None:
        """Set the precision of this model's network calls (see
        ``compute_dtype``); the heads and sub-networks with a
        ``compute_dtype`` attribute follow."""
        self.compute_dtype = resolve_compute_dtype(
            compute_dtype, f'{type(self).__name__}.compute_dtype')
        for module in self.modules():
            if module is not self and hasattr(module, 'compute_dtype'):
                module.compute_dtype = self.compute_dtype

    @property
    def with_backbone(self) -> bool:
        """Whether the model runs a 2D network on images."""
        return self.backbone is not None

    def train(self, mode: bool = True) -> 'VoxelPose':
        """Keep a frozen 2D part in eval mode."""
        super().train(mode)
        if self.with_backbone and self.freeze_2d:
            self.backbone.eval()
            self.heatmap_head.eval()
        return self

    # ------------------------------------------------------------------
    # pieces
    # ------------------------------------------------------------------
    def extract_heatmaps(self, inputs: Tensor) -> Tensor:
        """``(B, V, C, H, W)`` inputs -> ``(B, V, K, h, w)`` heatmaps."""
        if not self.with_backbone:
            return inputs
        b, v = inputs.shape[:2]
        images = inputs.flatten(0, 1)
        chunk = self.backbone_chunk if self.freeze_2d else None
        if chunk == 'auto':
            chunk = 1 if images.device.type == 'cpu' else None
        net = self._net_2d
        with torch.set_grad_enabled(torch.is_grad_enabled()
                                    and not self.freeze_2d), \
                net_autocast(self.compute_dtype, images.device):
            if chunk is None or chunk >= len(images):
                hm = net(images)
            else:  # cache-sized calls (see ``backbone_chunk``)
                hm = torch.cat([net(part) for part in images.split(chunk)])
        hm = hm.to(inputs.dtype).contiguous()
        return hm.reshape((b, v) + hm.shape[1:])

    def propose(self, heatmaps: Tensor,
                cams: MultiViewCameras) -> Tuple[Tensor, Dict]:
        """Root scores ``(B, X, Y, Z)`` and decoded proposals."""
        rh = self.root_head
        space = self.projector.project_space(
            rh.select_channels(heatmaps), cams, rh.space_size,
            rh.space_center, rh.cube_shape)
        root_scores = rh(space)
        return root_scores, rh.decode(root_scores)

    def regress(self, heatmaps: Tensor, cams: MultiViewCameras,
                centers: Tensor,
                batch_index: Tensor) -> Tensor:
        """Joints ``(M, K, 3)`` for M cubes, in chunks of cubes
        (``test_cfg.cube_chunk_voxels``) when the pose head is in eval
        mode."""
        m = centers.shape[0]
        budget = int(self.test_cfg['cube_chunk_voxels'] or 0)
        chunk = max(1, budget // math.prod(self.pose_head.cube_shape)) \
            if budget > 0 else m
        if m <= chunk or self.pose_head.training:
            return self.regress_train(heatmaps, cams, centers,
                                      batch_index)[0]
        keep = self._voronoi_keep(centers, batch_index, heatmaps.dtype)
        parts = []
        for lo in range(0, m, chunk):  # memory bound: a few cubes a call
            part = slice(lo, lo + chunk)
            parts.append(self.regress_train(
                heatmaps, cams, centers[part], batch_index[part],
                None if keep is None else keep[part])[0])
        return torch.cat(parts)

    def regress_train(
            self,
            heatmaps: Tensor,
            cams: MultiViewCameras,
            centers: Tensor,
            batch_index: Tensor,
            keep: Optional[Tensor] = None) -> Tuple[Tensor, Optional[Dict]]:
        """Joints ``(M, K, 3)`` and the pose head's auxiliary outputs
        (``keep``: see :meth:`person_cubes`)."""
        cubes = self.person_cubes(heatmaps, cams, centers, batch_index, keep)
        return self.pose_head.forward_train(cubes, centers)

    def _voronoi_keep(self, centers: Tensor, batch_index: Tensor,
                      dtype: torch.dtype) -> Optional[Tensor]:
        """``(M, X, Y)`` top-view cells each cube keeps (``cube_mask=
        'voronoi'``), or None (no mask, or a single cube)."""
        if self.cube_mask != 'voronoi' or centers.shape[0] < 2:
            return None
        ph = self.pose_head
        axes = [
            axis_centres(s, n, centers.device, dtype)
            for s, n in zip(ph.cube_size[:2], ph.cube_shape[:2])
        ]
        return voronoi_xy_mask(centers.to(dtype), batch_index, *axes)

    def person_cubes(self, heatmaps: Tensor, cams: MultiViewCameras,
                     centers: Tensor,
                     batch_index: Tensor,
                     keep: Optional[Tensor] = None) -> Tensor:
        """Project the ``(M, K, X, Y, Z)`` person cubes; with
        ``cube_mask='voronoi'`` each keeps only the top-view cells closer
        to its own centre than to the other cubes' of its frame (``keep``
        ``(M, X, Y)``: that mask computed over more cubes than these)."""
        ph = self.pose_head
        cubes = self.projector.project_cubes(heatmaps, cams, centers,
                                             batch_index, ph.cube_size,
                                             ph.cube_shape)
        if keep is None:
            keep = self._voronoi_keep(centers, batch_index, cubes.dtype)
        if keep is not None:
            cubes = cubes * keep[:, None, :, :, None].to(cubes.dtype)
        return cubes

    @staticmethod
    def _gt(data_samples: SampleList, num_joints: int,
            device) -> Dict[str, Tensor]:
        """Pad GT to ``joints (B, M, K, 3)``, ``visible (B, M, K)`` and
        ``mask (B, M)``."""
        joints = [
            np.asarray(s.gt_instances.keypoints_3d,
                       np.float32).reshape(-1, num_joints, 3)
            for s in data_samples
        ]
        m_max = max(len(j) for j in joints)
        b = len(joints)
        out_j = np.zeros((b, m_max, num_joints, 3), np.float32)
        out_v = np.zeros((b, m_max, num_joints), np.float32)
        mask = np.zeros((b, m_max), bool)
        for i, (s, j) in enumerate(zip(data_samples, joints)):
            if len(j) == 0:
                continue
            vis = s.gt_instances.get('keypoints_3d_visible')
            vis = np.ones(j.shape[:2], np.float32) if vis is None else \
                np.asarray(vis, np.float32).reshape(j.shape[:2])
            out_j[i, :len(j)] = j
            out_v[i, :len(j)] = vis
            mask[i, :len(j)] = True
        return dict(
            joints=_to_tensor(out_j, device),
            visible=_to_tensor(out_v, device),
            mask=torch.as_tensor(mask, device=device))

    def _train_cubes(self, props: Dict, roots: Tensor,
                     mask: Tensor) -> Tuple[Tensor, Tensor, Tensor]:
        """Cube centres ``(M, 3)``, sample and GT indices ``(M,)``."""
        cfg = self.train_cfg
        b, n = props['scores'].shape
        m_max = roots.shape[1]
        dev = roots.device
        match = match_to_nearest(props['centers'], roots, mask,
                                 cfg['match_threshold'])
        match = torch.where(torch.isfinite(props['scores']), match,
                            torch.full_like(match, -1))
        # (B, N, M) one-hot of which GT each proposal matched
        hit = (match[..., None] == torch.arange(m_max, device=dev))
        matched_gt = hit.any(dim=1) & mask  # (B, M)
        if cfg['one_cube_per_gt']:
            # first (= best-scored, top-k is sorted) proposal per GT
            first = torch.where(hit.any(dim=1), hit.float().argmax(dim=1),
                                torch.zeros_like(mask, dtype=torch.long))
            bi, gi = matched_gt.nonzero(as_tuple=True)
            centers = props['centers'][bi, first[bi, gi]]
        else:
            bi, ni = (match >= 0).nonzero(as_tuple=True)
            gi = match[bi, ni]
            centers = props['centers'][bi, ni]
        if cfg['gt_root_fallback']:
            fb, fg = (mask & ~matched_gt).nonzero(as_tuple=True)
            fc = roots[fb, fg]
            if cfg['gt_root_jitter'] > 0:
                fc = fc + torch.randn_like(fc) * cfg['gt_root_jitter']
            centers = torch.cat([centers, fc])
            bi, gi = torch.cat([bi, fb]), torch.cat([gi, fg])
        return centers, bi, gi

    # ------------------------------------------------------------------
    # MMEngine entry points
    # ------------------------------------------------------------------
    def forward(self,
                inputs: Tensor,
                data_samples: Optional[SampleList] = None,
                mode: str = 'tensor'):
        """``mode``: ``'loss'``, ``'predict'`` or ``'tensor'``."""
        if data_samples is None:
            raise ValueError('VoxelPose needs data_samples (cameras live in '
                             'their metainfo)')
        if mode == 'loss':
            return self.loss(inputs, data_samples)
        if mode == 'predict':
            return self.predict(inputs, data_samples)
        if mode == 'tensor':
            return self._forward(inputs, data_samples)
        raise ValueError(f'Invalid mode "{mode}"; use loss/predict/tensor.')

    def _forward(self, inputs: Tensor,
                 data_samples: SampleList) -> Dict[str, Tensor]:
        """Inference tensors.

        Returns:
            dict: ``heatmaps (B, V, K, H, W)``, ``root_scores (B, X, Y,
            Z)``, ``centers (B, N, 3)``, ``scores (B, N)``, ``valid
            (B, N)`` and ``keypoints_3d (B, N, K, 3)`` (zeros where not
            valid).
        """
        heatmaps = self.extract_heatmaps(inputs)
        cams = batch_cameras(data_samples, heatmaps.device, heatmaps.dtype)
        root_scores, props = self.propose(heatmaps, cams)
        bi, ni = props['valid'].nonzero(as_tuple=True)
        joints = self.regress(heatmaps, cams, props['centers'][bi, ni], bi)
        b, n = props['valid'].shape
        full = joints.new_zeros((b, n, heatmaps.shape[2], 3))
        full[bi, ni] = joints
        return dict(
            heatmaps=heatmaps,
            root_scores=root_scores,
            keypoints_3d=full,
            **props)

    def loss(self, inputs: Tensor, data_samples: SampleList) -> LossDict:
        """Supervised VoxelPose losses (see the class docstring)."""
        heatmaps = self.extract_heatmaps(inputs)
        cams = batch_cameras(data_samples, heatmaps.device, heatmaps.dtype)
        gt = self._gt(data_samples, heatmaps.shape[2], heatmaps.device)
        roots = gt['joints'][:, :, self.root_index]
        root_scores, props = self.propose(heatmaps, cams)
        losses = self.root_head.loss(root_scores, roots, gt['mask'])
        centers, bi, gi = self._train_cubes(props, roots, gt['mask'])
        joints, aux = self.regress_train(heatmaps, cams, centers, bi)
        losses.update(
            self.pose_head.loss(joints, gt['joints'][bi, gi],
                                gt['visible'][bi, gi], aux))
        with torch.no_grad():
            n_valid = props['valid'].float().sum(dim=1).mean()
        losses['num_proposals'] = n_valid
        if self.with_backbone and not self.freeze_2d:
            losses.update(self._loss_2d(heatmaps, data_samples))
        return losses

    def _loss_2d(self, heatmaps: Tensor,
                 data_samples: SampleList) -> LossDict:
        """2D heatmap MSE against Gaussians at the GT 2D joints."""
        b, v, k, h, w = heatmaps.shape
        in_w, in_h = data_samples[0].metainfo['input_size']
        m_max = max(len(s.gt_instances.keypoints_3d) for s in data_samples)
        target = heatmaps.new_zeros((b, v, k, h, w))
        if m_max > 0:
            uv = heatmaps.new_full((b, m_max, v, k, 2), -1e4)
            vis = heatmaps.new_zeros((b, m_max, v, k))
            for i, s in enumerate(data_samples):
                m = len(s.gt_instances.keypoints_3d)
                if m:
                    uv[i, :m] = _to_tensor(s.gt_instances.keypoints_2d,
                                           uv.device)
                    vis[i, :m] = _to_tensor(
                        s.gt_instances.keypoints_2d_visible, uv.device)
            uv = uv * uv.new_tensor([w / in_w, h / in_h])
            xs = torch.arange(w, device=uv.device, dtype=uv.dtype)
            ys = torch.arange(h, device=uv.device, dtype=uv.dtype)
            s2 = 2 * self.heatmap_sigma**2
            gx = torch.exp(-(xs - uv[..., :1]).square() / s2)  # b,m,v,k,w
            gy = torch.exp(-(ys - uv[..., 1:]).square() / s2)  # b,m,v,k,h
            g = gy[..., :, None] * gx[..., None, :] * vis[..., None, None]
            target = g.amax(dim=1)
        loss = self.heatmap_head.loss_module(
            heatmaps.flatten(0, 1), target.flatten(0, 1),
            heatmaps.new_ones(b * v, k))
        return dict(loss_2d=loss)

    @torch.no_grad()
    def predict(self, inputs: Tensor,
                data_samples: SampleList) -> SampleList:
        """Fill ``pred_instances.keypoints_3d (N, K, 3)`` mm and
        ``pred_instances.scores (N,)`` with the valid proposals only."""
        out = self._forward(inputs, data_samples)
        valid = out['valid'].cpu().numpy()
        joints = out['keypoints_3d'].cpu().numpy()
        scores = out['scores'].cpu().numpy()
        centers = out['centers'].cpu().numpy()
        for i, sample in enumerate(data_samples):
            keep = valid[i]
            inst = InstanceData()
            inst.keypoints_3d = joints[i][keep].astype(np.float32)
            inst.scores = scores[i][keep].astype(np.float32)
            inst.root_centers = centers[i][keep].astype(np.float32)
            sample.pred_instances = inst
        return data_samples

    def init_weights(self) -> None:
        """MMEngine init, then reset the projector cache."""
        super().init_weights()
        self.projector.clear_cache()
