"""SelfPose3D: VoxelPose trained without 2D or 3D ground truth."""
import os.path as osp
from typing import Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch
import torch.nn.functional as F
from mmengine.logging import MessageHub, print_log
from torch import Tensor

from selfpose_mm.models.utils.heatmap_renderer import gaussian_heatmaps
from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras, batch_cameras
from selfpose_mm.utils.config_aliases import old_work_dir
from selfpose_mm.utils.safe_load import safe_torch_load
from selfpose_mm.utils.typing import (ConfigType, LossDict, OptConfigType,
                                      SampleList)
from .voxelpose import VoxelPose

__all__ = ['SelfPose3D', 'resolve_stage_checkpoint']

_STAGES = ('backbone', 'root', 'pose')


def resolve_stage_checkpoint(path: str, produced_by: str = '') -> str:
    """A checkpoint file, or the last checkpoint of a work dir.

    A missing work dir named after a renamed config falls back to the work
    dir of its old name (a stage trained before the rename), with a
    warning.

    Raises:
        FileNotFoundError: naming the config that produces the checkpoint.
    """
    old = old_work_dir(path) if not osp.exists(path) else None
    if old is not None and osp.isdir(old):
        print_log(f'SelfPose3D: {path!r} not found; loading the earlier '
                  f'stage from {old!r}, its work dir under the old config '
                  'name', logger='current', level=30)
        path = old
    hint = (f' It is produced by `python tools/train.py {produced_by}`; '
            f'run that stage first' if produced_by else '')
    if osp.isdir(path):
        last = osp.join(path, 'last_checkpoint')
        if not osp.isfile(last):
            raise FileNotFoundError(
                f'SelfPose3D: the earlier stage\'s work dir {path!r} has no '
                f'last_checkpoint (that training did not finish an epoch or '
                f'checkpoint interval).{hint}, or point '
                f'model.stage_checkpoints[...].path at a checkpoint file.')
        with open(last) as f:
            path = f.read().strip()
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'SelfPose3D: earlier-stage checkpoint {path!r} not found.'
            f'{hint}, or point model.stage_checkpoints[...].path at an '
            f'existing checkpoint file or work dir.')
    return path


def _rows(out, start: int, stop: int):
    """Rows ``start:stop`` of a root head's output (a tensor, or a dict of
    tensors with a leading batch dimension)."""
    if isinstance(out, dict):
        return {k: v[start:stop] for k, v in out.items()}
    return out[start:stop]


@MODELS.register_module()
class SelfPose3D(VoxelPose):
    """SelfPose3d (CVPR 2024) on the VoxelPose architecture.

    Inference is VoxelPose's (root net on the root heatmap channel of the
    unaugmented views, then the pose net). The heads are swappable by
    config: ``SSLRootHead`` + ``VoxelPoseHead`` (V2V, the reference) or
    ``SSLOrthoRootHead`` + ``OrthoPoseHead`` (orthographic planes); the
    render-and-compare loss uses the pose head's fused joints. Training needs samples with
    three view-sets (``GenerateViewSets``: two affine-augmented sets and
    the unaugmented one, last) and per-view pseudo 2D poses, and no 2D or
    3D ground truth. One ``stage`` per config (``train_cfg.stage``):

    * ``'backbone'``: the 2D network on the pseudo 2D labels (heatmap MSE
      to Gaussians at the pseudo joints, max over people);
    * ``'root'``: the root net on synthetic roots (see
      :class:`SSLRootHead`) plus the consistency of the root cubes between
      the augmented and the (detached) unaugmented sets; 2D part frozen;
    * ``'pose'``: root net frozen (eval mode); proposals from the
      unaugmented set; the pose net regresses each proposal from each
      augmented set; each set's 3D poses are projected into the *other*
      set's frames, rendered differentiably (``renderer``) and compared
      with that set's pseudo heatmaps under the attention net's weights
      (``heatmap_loss``, with its regulariser), plus the Hungarian-matched
      2D L1 (``l1_loss``) from ``l1_start_epoch`` / ``l1_start_iter``;
      the 2D network trains jointly (``loss_2d``) unless ``freeze_2d``.

    Args:
        root_head (dict): ``SSLRootHead`` config.
        pose_head (dict): ``VoxelPoseHead`` config.
        projector (dict): ``VoxelProjector`` config.
        backbone (dict, optional): 2D backbone (image mode).
        heatmap_head (dict, optional): 2D head (image mode).
        attention (dict, optional): ``AttentionNet`` config; ``None``
            means plain MSE (no adaptive supervision).
        renderer (dict): ``DifferentiableHeatmapRenderer`` config.
        heatmap_loss (dict): ``AttentionHeatmapLoss`` config.
        l1_loss (dict): ``MatchedL1Loss`` config.
        freeze_2d (bool): Keep the 2D network frozen. Defaults to True.
        root_index (int): Root joint. Defaults to 2.
        heatmap_sigma (float): Sigma (heatmap px) of the pseudo targets.
            Defaults to 3 (SelfPose3d ``NETWORK.SIGMA``).
        cube_mask (str, optional): See :class:`VoxelPose`.
        backbone_chunk (int, optional): See :class:`VoxelPose`.
        compute_dtype (str, optional): See :class:`VoxelPose`; also the
            attention net's precision.
        stage_checkpoints (Sequence[dict]): Earlier stages to load at
            ``init_weights``: ``dict(path=FILE_OR_WORK_DIR,
            modules=['backbone', ...], produced_by='configs/...py')``. A
            work dir means its ``last_checkpoint``; a missing one is an
            error naming ``produced_by``.
        train_cfg (dict, optional): ``stage`` (``'pose'``),
            ``cross_sets`` (True: set-1 poses rendered into set 2 and
            vice versa; False: each set into itself), ``l1_start_epoch``
            (None), ``l1_start_iter`` (None), ``weight_2d`` (1.),
            ``sigma_start`` (None) and ``sigma_anneal_iters`` (0): when
            set, the pose stage renders both its heatmaps and the pseudo
            targets with a sigma that decays linearly from
            ``sigma_start`` to the renderer's sigma over that many
            iterations (coarse to fine: wide Gaussians give every joint a
            gradient while the untrained pose net still puts all joints
            near the cube centre; not in the reference, off by default).
        test_cfg (dict, optional): Unused.
        data_preprocessor (dict, optional): Defaults to
            ``MultiViewDataPreprocessor``.
        init_cfg (dict, optional): MMEngine init config.
    """

    _TRAIN_DEFAULTS = dict(
        stage='pose',
        cross_sets=True,
        l1_start_epoch=None,
        l1_start_iter=None,
        weight_2d=1.,
        sigma_start=None,
        sigma_anneal_iters=0)

    def __init__(self,
                 root_head: ConfigType,
                 pose_head: ConfigType,
                 projector: ConfigType = dict(type='VoxelProjector'),
                 backbone: OptConfigType = None,
                 heatmap_head: OptConfigType = None,
                 attention: OptConfigType = None,
                 renderer: ConfigType = dict(
                     type='DifferentiableHeatmapRenderer'),
                 heatmap_loss: ConfigType = dict(type='AttentionHeatmapLoss'),
                 l1_loss: ConfigType = dict(type='MatchedL1Loss'),
                 freeze_2d: bool = True,
                 root_index: int = 2,
                 heatmap_sigma: float = 3.,
                 cube_mask: Optional[str] = None,
                 backbone_chunk: Union[int, str, None] = 'auto',
                 compute_dtype: Optional[str] = None,
                 stage_checkpoints: Sequence[dict] = (),
                 train_cfg: OptConfigType = None,
                 test_cfg: OptConfigType = None,
                 data_preprocessor: OptConfigType = None,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            root_head=root_head,
            pose_head=pose_head,
            projector=projector,
            backbone=backbone,
            heatmap_head=heatmap_head,
            freeze_2d=freeze_2d,
            root_index=root_index,
            heatmap_sigma=heatmap_sigma,
            cube_mask=cube_mask,
            backbone_chunk=backbone_chunk,
            compute_dtype=compute_dtype,
            train_cfg=train_cfg,
            test_cfg=test_cfg,
            data_preprocessor=data_preprocessor,
            init_cfg=init_cfg)
        self.attention = MODELS.build(attention) if attention else None
        self.set_compute_dtype(compute_dtype)  # reaches the attention net
        self.renderer = MODELS.build(renderer)
        self.heatmap_loss = MODELS.build(heatmap_loss)
        self.l1_loss = MODELS.build(l1_loss)
        self.stage_checkpoints = [dict(c) for c in stage_checkpoints]
        for c in self.stage_checkpoints:
            if 'path' not in c or not c.get('modules'):
                raise ValueError('SelfPose3D.stage_checkpoints entries need '
                                 '"path" and "modules", e.g. dict(path='
                                 '"work_dirs/x", modules=["root_head"], '
                                 'produced_by="configs/...py")')
        stage = self.train_cfg['stage']
        if stage not in _STAGES:
            raise ValueError(f'SelfPose3D.train_cfg.stage must be one of '
                             f'{_STAGES}, got {stage!r}')
        if stage == 'backbone' and (not self.with_backbone or freeze_2d):
            raise ValueError('SelfPose3D: stage "backbone" trains the 2D '
                             'network: give backbone + heatmap_head and set '
                             'freeze_2d=False')
        for module in self._frozen_modules():
            for p in module.parameters():
                p.requires_grad_(False)

    # ------------------------------------------------------------------
    # stages
    # ------------------------------------------------------------------
    @property
    def stage(self) -> str:
        """The training stage (``backbone``, ``root`` or ``pose``)."""
        return self.train_cfg['stage']

    def _frozen_modules(self) -> List[torch.nn.Module]:
        """Modules that do not train in this stage (kept in eval mode)."""
        frozen = []
        if self.with_backbone and self.freeze_2d:
            frozen += [self.backbone, self.heatmap_head]
        if self.stage != 'root':
            frozen.append(self.root_head)
        if self.stage != 'pose':
            frozen.append(self.pose_head)
            if self.attention is not None:
                frozen.append(self.attention)
        return frozen

    def train(self, mode: bool = True) -> 'SelfPose3D':
        """Frozen parts stay in eval mode (the frozen root net must, see
        SelfPose3d pitfall 7)."""
        super().train(mode)
        if mode:
            for module in self._frozen_modules():
                module.eval()
        return self

    def init_weights(self) -> None:
        """MMEngine init, then load the earlier stages' checkpoints."""
        super().init_weights()
        for entry in self.stage_checkpoints:
            self.load_stage(entry)

    def load_stage(self, entry: dict) -> None:
        """Load the ``modules`` of an earlier stage's checkpoint."""
        path = resolve_stage_checkpoint(entry['path'],
                                        entry.get('produced_by', ''))
        ckpt = safe_torch_load(path, map_location='cpu')
        state = ckpt.get('state_dict', ckpt)
        prefixes = tuple(f'{m}.' for m in entry['modules'])
        picked = {k: v for k, v in state.items() if k.startswith(prefixes)}
        own = [k for k in self.state_dict() if k.startswith(prefixes)]
        missing = sorted(set(own) - set(picked))
        if missing:
            raise KeyError(
                f'SelfPose3D: {path} lacks {len(missing)} weights of '
                f'{list(entry["modules"])} (e.g. {missing[:3]}); was it '
                f'written by {entry.get("produced_by") or "that stage"} '
                f'with the same model sizes?')
        self.load_state_dict(picked, strict=False)
        self.projector.clear_cache()

    # ------------------------------------------------------------------
    # view-sets
    # ------------------------------------------------------------------
    @staticmethod
    def _num_sets(data_samples: SampleList) -> int:
        return int(data_samples[0].metainfo.get('num_view_sets', 1))

    def _view_sets(self, inputs: Tensor, data_samples: SampleList
                   ) -> Tuple[Tensor, MultiViewCameras, Tensor, Tensor, int]:
        """Split the packed view-sets.

        Returns:
            tuple: ``inputs (S, B, V, C, H, W)``, cameras batched over
            ``S * B`` (set-major), pseudo joints ``(S, B, V, T, K, 2)`` in
            network-input px, their visibility ``(S, B, V, T, K)`` and S.
        """
        s = self._num_sets(data_samples)
        b, sv = inputs.shape[:2]
        if 'view_sets' not in data_samples[0].metainfo:
            raise KeyError(
                'SelfPose3D training needs samples packed by '
                'GenerateViewSets (metainfo "view_sets" with each set\'s '
                'input_affine and pseudo 2D); add it to train_pipeline')
        v = sv // s
        x = inputs.reshape((b, s, v) + inputs.shape[2:]).transpose(0, 1)
        cams = batch_cameras(data_samples, inputs.device, inputs.dtype)
        sets = [smp.metainfo['view_sets'] for smp in data_samples]
        aff = np.stack([[st[i]['input_affine'] for st in sets]
                        for i in range(s)])  # (S, B, V, 2, 3)
        rep = cams[list(range(b)) * s]  # (S * B, V), set-major
        cams_sb = MultiViewCameras(
            rep.K, rep.R, rep.t, rep.dist, rep.image_size,
            affine=aff.reshape((s * b, ) + aff.shape[2:]).astype(np.float32),
            dist_model=cams.dist_model, input_size=cams.input_size,
            device=inputs.device, dtype=inputs.dtype)
        cams_sb.sample_keys()  # hash once; the per-set selections reuse them
        t_max = max(1, max(
            np.asarray(st[i]['pseudo_keypoints_2d']).shape[1]
            for st in sets for i in range(s)))
        k = np.asarray(sets[0][0]['pseudo_keypoints_2d']).shape[2]
        pk = np.zeros((s, b, v, t_max, k, 2), np.float32)
        pv = np.zeros((s, b, v, t_max, k), np.float32)
        for i in range(s):
            for j, st in enumerate(sets):
                p = np.asarray(st[i]['pseudo_keypoints_2d'], np.float32)
                pk[i, j, :, :p.shape[1]] = p
                pv[i, j, :, :p.shape[1]] = st[i][
                    'pseudo_keypoints_2d_visible']
        return (x, cams_sb, torch.as_tensor(pk, device=inputs.device),
                torch.as_tensor(pv, device=inputs.device), s)

    @staticmethod
    def _select(cams: MultiViewCameras,
                index: Sequence[int]) -> MultiViewCameras:
        """Sub-batch of batched cameras (cache keys follow)."""
        return cams[list(index)]

    def _targets(self, pk: Tensor, pv: Tensor, hm_size: Tuple[int, int],
                 in_size: Tuple[float, float],
                 sigma: Optional[float] = None) -> Tensor:
        """Pseudo heatmaps ``(..., V, K, H, W)`` from ``(..., V, T, K, 2)``
        input-px joints (max over people, visible joints only)."""
        lead = pk.shape[:-4]
        v, t, k = pk.shape[-4:-1]
        scale = pk.new_tensor([hm_size[0] / in_size[0],
                               hm_size[1] / in_size[1]])
        pts = (pk * scale).reshape((-1, v, t, k, 2)).transpose(1, 2)
        w = pv.reshape((-1, v, t, k)).transpose(1, 2)
        hm = gaussian_heatmaps(pts, w, hm_size, sigma or self.heatmap_sigma,
                               'max')
        return hm.reshape(lead + hm.shape[1:])

    # ------------------------------------------------------------------
    # losses
    # ------------------------------------------------------------------
    def _zero(self) -> Tensor:
        """A zero that keeps every trainable parameter in the graph."""
        params = [p for p in self.parameters() if p.requires_grad]
        if not params:
            return torch.zeros(())
        return sum(p.sum() for p in params) * 0.

    def _l1_active(self) -> bool:
        cfg = self.train_cfg
        if cfg['l1_start_epoch'] is None and cfg['l1_start_iter'] is None:
            return False
        hub = MessageHub.get_current_instance()
        if cfg['l1_start_epoch'] is not None:
            return int(hub.get_info('epoch', 0)) >= cfg['l1_start_epoch']
        return int(hub.get_info('iter', 0)) >= cfg['l1_start_iter']

    def _render_sigma(self) -> float:
        """The pose stage's current rendering sigma (see train_cfg)."""
        cfg, final = self.train_cfg, self.renderer.sigma
        if cfg['sigma_start'] is None or cfg['sigma_anneal_iters'] <= 0:
            return final
        it = int(MessageHub.get_current_instance().get_info('iter', 0))
        frac = max(0., 1. - it / float(cfg['sigma_anneal_iters']))
        return final + (float(cfg['sigma_start']) - final) * frac

    def loss(self, inputs: Tensor, data_samples: SampleList) -> LossDict:
        """Self-supervised losses of the configured stage."""
        x, cams_sb, pk, pv, s = self._view_sets(inputs, data_samples)
        b = x.shape[1]
        hms = self.extract_heatmaps(x.flatten(0, 1))  # (S*B, V, K, h, w)
        hm_size = (hms.shape[-1], hms.shape[-2])
        losses = {}
        targets = None
        if self.with_backbone and not self.freeze_2d:
            targets = self._targets(pk.flatten(0, 1), pv.flatten(0, 1),
                                    hm_size, cams_sb.input_size)
            losses['loss_2d'] = self.train_cfg['weight_2d'] * F.mse_loss(
                hms, targets)
        if self.stage == 'root':
            losses.update(self._loss_root(hms, cams_sb, s, b, hm_size))
        elif self.stage == 'pose':
            sigma = self._render_sigma()
            if targets is None or sigma != self.heatmap_sigma:
                targets = self._targets(pk.flatten(0, 1), pv.flatten(0, 1),
                                        hm_size, cams_sb.input_size,
                                        sigma)
            losses.update(
                self._loss_pose(x, hms, cams_sb, targets, pk, pv, s, b,
                                hm_size))
        return losses

    def _loss_root(self, hms: Tensor, cams: MultiViewCameras, s: int,
                   b: int,
                   hm_size: Tuple[int, int]) -> LossDict:
        """Synthetic-root loss over every set, consistency of the sets."""
        rh = self.root_head
        roots, mask = rh.sample_roots(s * b, hms.device, hms.dtype)
        syn = self.renderer(roots[:, :, None], cams, hm_size, mask,
                            sigma=rh.syn_sigma)  # (S*B, V, 1, h, w)
        syn = (syn + torch.randn_like(syn) * rh.syn_noise).clamp(0., 1.)
        real = rh.select_channels(hms)
        spec = (rh.space_size, rh.space_center, rh.cube_shape)
        cubes = torch.cat([
            self.projector.project_space(syn, cams, *spec),
            self.projector.project_space(real.detach(), cams, *spec)
        ])
        out = rh(cubes)
        n = s * b
        losses = dict(
            loss_root_syn=rh.loss_synthetic(
                _rows(out, 0, n), roots, mask, b))
        if s > 1:
            losses['loss_root_consistency'] = rh.loss_consistency(
                _rows(out, n, 2 * n - b), _rows(out, 2 * n - b, 2 * n))
        return losses

    def _loss_pose(self, x: Tensor, hms: Tensor, cams: MultiViewCameras,
                   targets: Tensor,
                   pk: Tensor, pv: Tensor, s: int, b: int,
                   hm_size: Tuple[int, int]) -> LossDict:
        """Cross-set render-and-compare, attention and matched L1."""
        ref = list(range((s - 1) * b, s * b))
        with torch.no_grad():
            cams_ref = self._select(cams, ref)
            _, props = self.propose(hms[(s - 1) * b:], cams_ref)
        valid = props['valid']
        losses = dict(num_proposals=valid.float().sum(1).mean())
        sigma = self._render_sigma()
        n_aug = max(s - 1, 1)
        zero = self._zero()
        if not bool(valid.any()):
            losses.update(loss_pose3d_ssv=zero)
            if self.attention is not None:
                losses['loss_attn_ssv'] = zero.clone()
            return losses
        bi, ni = valid.nonzero(as_tuple=True)
        centers = props['centers'][bi, ni]
        ph = self.pose_head
        cubes = torch.cat([
            self.person_cubes(
                hms[a * b:(a + 1) * b], self._select(
                    cams, range(a * b, (a + 1) * b)), centers, bi)
            for a in range(n_aug)
        ])
        joints = ph(cubes, centers.repeat(n_aug, 1))  # (A*M, K, 3)
        n, k = valid.shape[1], joints.shape[1]
        full = joints.new_zeros((n_aug, b, n, k, 3))
        full[:, bi, ni] = joints.reshape(n_aug, -1, k, 3)
        pairs = ([(0, 1), (1, 0)] if s >= 3 and self.train_cfg['cross_sets']
                 else [(a, a) for a in range(n_aug)])
        att = None
        if self.attention is not None:
            xa = x[:n_aug].flatten(0, 2)  # (A*B*V, C, H, W)
            att = self.attention(xa, hm_size).reshape(
                (n_aug, b, x.shape[2]) + tuple(targets.shape[-3:]))
        tg = targets.reshape((s, b) + targets.shape[1:])
        l_hm, l_reg, l_l1 = [], [], []
        use_l1 = self._l1_active()
        for src, dst in pairs:
            cams_dst = self._select(cams, range(dst * b, (dst + 1) * b))
            rendered = self.renderer(full[src], cams_dst, hm_size, valid,
                                     sigma=sigma)
            hm, reg = self.heatmap_loss(rendered, tg[dst],
                                        None if att is None else att[dst])
            l_hm.append(hm)
            if reg is not None:
                l_reg.append(reg)
            if use_l1:
                uv, _ = self.renderer.project(full[src], cams_dst, hm_size)
                scale = uv.new_tensor([
                    hm_size[0] / cams.input_size[0],
                    hm_size[1] / cams.input_size[1]
                ])
                l_l1.append(
                    self.l1_loss(uv, valid, pk[dst] * scale, pv[dst],
                                 hm_size))
        losses['loss_pose3d_ssv'] = sum(l_hm) + zero
        if l_reg:
            losses['loss_attn_ssv'] = sum(l_reg)
        if l_l1:
            losses['loss_pose3d_l1_ssv'] = sum(l_l1)
        return losses

    # ------------------------------------------------------------------
    # inference on the unaugmented set
    # ------------------------------------------------------------------
    def _forward(self, inputs: Tensor,
                 data_samples: SampleList) -> Dict[str, Tensor]:
        """VoxelPose inference on the unaugmented (last) view-set."""
        s = self._num_sets(data_samples)
        if s > 1:
            b, sv = inputs.shape[:2]
            inputs = inputs.reshape((b, s, sv // s) +
                                    inputs.shape[2:])[:, -1]
        return super()._forward(inputs, data_samples)
