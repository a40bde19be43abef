"""Camera-disentangled multi-view head (CDRNet, Remelli et al. CVPR 2020).

Per-view backbone features are lifted into a canonical frame by a feature
transform layer (FTL) conditioned on each view's camera, averaged over any
number of views, fused by 1x1 convolutions, mapped back into every view
with the inverse transform, decoded to heatmaps by a Simple-Baselines
deconvolution head, turned into crop-pixel coordinates by soft-argmax and
triangulated by the batched, differentiable DLT of
:func:`selfpose_mm.geometry.triangulate_dlt`.

Two FTLs (``transform``):

* ``'rotation'``: features are ``k`` 3-vectors per pixel; view ``v``'s
  vectors are multiplied by ``R_v^T`` in and ``R_v`` out. With
  ``canonical_frame='first_view'`` the rotations are taken relative to the
  first view (``R_v R_0^T``), so the canonical code does not depend on the
  world frame at all; with ``'world'`` it rotates with the world
  (``R_v -> R_v Q^T`` turns it by ``Q``). If the view codes are ``z_v =
  R_v Z`` the canonical codes of all views are identical (view invariance).
* ``'pinv'`` (the public re-implementations): 3-vectors are lifted to
  homogeneous 4-vectors by ``pinv(P_v)`` and projected back by ``P_v``,
  with ``P_v`` normalised (crop pixels to [-1, 1], world to metres,
  Frobenius norm 1, ``det > 0``). It is invariant to the projective scale
  of ``P_v`` (any ``lambda != 0``) and ``P_v pinv(P_v) = I`` makes the
  out/in round trip exact, but it is **not** view-invariant:
  ``pinv(P_v) P_v Z`` drops ``Z``'s component along camera ``v``'s centre.
"""
from typing import Dict, Optional, Sequence, Tuple

import torch
from mmengine.model import BaseModule
from mmengine.structures import InstanceData
from torch import Tensor, nn

from selfpose_mm.geometry import triangulate_dlt
from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import (ConfigType, InstanceList,
                                      OptConfigType, SampleList)
from .ops import (feature_transform, normalize_projection,
                  relative_rotations, root_relative, soft_argmax_2d,
                  stack_camera_tensors)

__all__ = ['CameraDisentangledHead', 'stack_view_labels']


def _conv_bn_relu(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True))


def stack_view_labels(data_samples: SampleList, device: torch.device,
                      keys: Sequence[str]) -> Dict[str, Tensor]:
    """Concatenate ``gt_instance_labels`` fields (first dim 1) over a batch.
    """
    return {
        k: torch.cat([s.gt_instance_labels[k] for s in data_samples]).to(
            device=device, dtype=torch.float32)
        for k in keys
    }


@MODELS.register_module()
class CameraDisentangledHead(BaseModule):
    """Camera-disentangled fusion + heatmap decoder + soft-argmax + DLT.

    Note:
        B: batch, V: views (any number >= 2), K: joints, C: backbone
        channels, h x w: backbone feature size, H x W: heatmap size.

    Args:
        in_channels (int): Backbone channels C.
        num_keypoints (int): K.
        input_size (tuple): Crop ``(width, height)`` in pixels.
        transform (str): ``'rotation'`` or ``'pinv'`` (module docstring).
        canonical_frame (str): Rotation FTL only: ``'first_view'`` or
            ``'world'``. Defaults to ``'first_view'``.
        latent_vectors (int): Number k of 3-vectors per pixel before the
            FTL. Defaults to 100 (300 channels, the recipe's).
        fusion_channels (int): Hidden width of the two fusion convs.
        fusion (str): How views are pooled, ``'mean'`` or ``'max'``.
        out_channels (int, optional): Width fed to the deconv head. Defaults to
            ``in_channels``.
        deconv_head (dict): Keyword arguments of mmpose's ``HeatmapHead``
            (deconvolution layout) that decodes the per-view codes into
            heatmaps (not a codec: the soft-argmax decodes).
        softmax_beta (float): Logit multiplier of the soft-argmax.
        learnable_beta (bool): Make ``softmax_beta`` a parameter.
        world_scale (float): Pinv FTL: mm per normalised world unit.
        root_index (int): Root joint of the 3D loss (MADS pelvis = 1).
        keep_root_absolute (bool): Keep the root's absolute term in the 3D
            loss (the recipe). Defaults to True.
        use_3d_loss (bool): Add the 3D loss. Usually switched on after a
            2D warm-up by ``Loss3DWarmupHook``. Defaults to False.
        loss_2d (dict): 2D keypoint loss (crop pixels).
        loss_3d (dict): 3D keypoint loss (mm, root-relative).
        loss_heatmap (dict, optional): Heatmap loss on the decoder's
            heatmaps (e.g. mmpose ``KeypointMSELoss``), against the
            ``heatmaps`` / ``heatmap_weights`` labels of
            ``EncodeViewHeatmaps``; the reference supervises heatmaps
            before its 3D phase. Defaults to None (coordinates only).
        init_cfg (dict, optional): MMEngine init config.
    """

    TRANSFORMS = ('rotation', 'pinv')

    def __init__(self,
                 in_channels: int,
                 num_keypoints: int,
                 input_size: Tuple[int, int] = (256, 256),
                 transform: str = 'rotation',
                 canonical_frame: str = 'first_view',
                 latent_vectors: int = 100,
                 fusion_channels: int = 400,
                 fusion: str = 'mean',
                 out_channels: Optional[int] = None,
                 deconv_head: ConfigType = dict(
                     deconv_out_channels=(256, 256, 256),
                     deconv_kernel_sizes=(4, 4, 4)),
                 softmax_beta: float = 1.,
                 learnable_beta: bool = False,
                 world_scale: float = 1000.,
                 root_index: int = 1,
                 keep_root_absolute: bool = True,
                 use_3d_loss: bool = False,
                 loss_2d: ConfigType = dict(
                     type='SmoothKeypointMSELoss', threshold=400.),
                 loss_3d: ConfigType = dict(
                     type='SmoothKeypointMSELoss',
                     threshold=400.,
                     scale=0.1,
                     loss_weight=4.),
                 loss_heatmap: OptConfigType = None,
                 init_cfg: OptConfigType = None) -> None:
        super().__init__(init_cfg)
        if transform not in self.TRANSFORMS:
            raise ValueError(f'transform must be one of {self.TRANSFORMS}, '
                             f'got {transform!r}')
        if canonical_frame not in ('first_view', 'world'):
            raise ValueError("canonical_frame must be 'first_view' or "
                             f"'world', got {canonical_frame!r}")
        if fusion not in ('mean', 'max'):
            raise ValueError(f"fusion must be 'mean' or 'max', got {fusion!r}")
        self.num_keypoints = num_keypoints
        self.input_size = tuple(input_size)
        self.transform = transform
        self.canonical_frame = canonical_frame
        self.fusion = fusion
        self.world_scale = world_scale
        self.root_index = root_index
        self.keep_root_absolute = keep_root_absolute
        self.use_3d_loss = use_3d_loss
        out_channels = out_channels or in_channels
        view_dim = 3 * latent_vectors
        canon_dim = (3 if transform == 'rotation' else 4) * latent_vectors
        self.encode = _conv_bn_relu(in_channels, view_dim)
        self.fuse = nn.Sequential(
            _conv_bn_relu(canon_dim, fusion_channels),
            _conv_bn_relu(fusion_channels, canon_dim))
        self.expand = _conv_bn_relu(view_dim, out_channels)
        dec = dict(deconv_head)
        dec.setdefault('type', 'HeatmapHead')
        dec.update(in_channels=out_channels, out_channels=num_keypoints)
        self.deconv_head = MODELS.build(dec)
        beta = torch.tensor(float(softmax_beta))
        if learnable_beta:
            self.softmax_beta = nn.Parameter(beta)
        else:
            self.register_buffer('softmax_beta', beta, persistent=False)
        self.loss_2d = MODELS.build(loss_2d)
        self.loss_3d = MODELS.build(loss_3d)
        self.loss_heatmap = None if loss_heatmap is None else \
            MODELS.build(loss_heatmap)

    # ------------------------------------------------------------------
    def camera_matrices(self, P: Tensor, R: Tensor) -> Tuple[Tensor, Tensor]:
        """The FTL matrices into and out of the canonical frame.

        Args:
            P: ``(B, V, 3, 4)`` crop-pixel projection matrices.
            R: ``(B, V, 3, 3)`` world-to-camera rotations.

        Returns:
            tuple: ``M_in`` ``(B, V, a, 3)`` and ``M_out`` ``(B, V, 3, a)``
            with ``a = 3`` (rotation) or 4 (pinv).
        """
        if self.transform == 'rotation':
            Rr = relative_rotations(R) if \
                self.canonical_frame == 'first_view' else R
            return Rr.transpose(-1, -2), Rr
        Pn = normalize_projection(P, self.input_size, self.world_scale)
        return torch.linalg.pinv(Pn), Pn

    def fuse_views(self, z: Tensor, M_in: Tensor, M_out: Tensor) -> Tensor:
        """Canonicalise, pool over views, fuse, and map back per view.

        Args:
            z: View codes ``(B, V, 3k, h, w)``.
            M_in: ``(B, V, a, 3)``.
            M_out: ``(B, V, 3, a)``.

        Returns:
            Per-view codes ``(B, V, 3k, h, w)``.
        """
        B, V = z.shape[:2]
        canon = feature_transform(z, M_in)  # (B, V, ak, h, w)
        pooled = canon.mean(1) if self.fusion == 'mean' else \
            canon.amax(1)
        fused = self.fuse(pooled)
        fused = fused.unsqueeze(1).expand(B, V, *fused.shape[1:])
        return feature_transform(fused, M_out)

    def forward_views(self, feats: Sequence[Tensor],
                      cameras: Dict[str, Tensor]) -> Dict[str, Tensor]:
        """Run the head on a batch of view features.

        Args:
            feats: Backbone outputs; the last is ``(B * V, C, h, w)``.
            cameras: ``P`` ``(B, V, 3, 4)`` and ``R`` ``(B, V, 3, 3)``.

        Returns:
            dict: ``heatmaps`` ``(B, V, K, H, W)``, ``keypoints_2d``
            ``(B, V, K, 2)`` crop pixels, ``keypoints_3d`` ``(B, K, 3)`` mm.
        """
        x = feats[-1]
        P, R = cameras['P'].to(x), cameras['R'].to(x)
        B, V = P.shape[:2]
        if x.shape[0] != B * V:
            raise ValueError(f'{x.shape[0]} feature maps for {B} samples of '
                             f'{V} views')
        z = self.encode(x)
        z = z.view(B, V, *z.shape[1:])
        M_in, M_out = self.camera_matrices(P, R)
        y = self.fuse_views(z, M_in, M_out).flatten(0, 1)
        heatmaps = self.deconv_head((self.expand(y), ))
        H, W = heatmaps.shape[-2:]
        stride = x.new_tensor(
            [self.input_size[0] / W, self.input_size[1] / H])
        kp2d = soft_argmax_2d(heatmaps, self.softmax_beta) * stride
        kp2d = kp2d.view(B, V, self.num_keypoints, 2)
        kp3d = triangulate_dlt(kp2d, P)
        return dict(
            heatmaps=heatmaps.view(B, V, *heatmaps.shape[1:]),
            keypoints_2d=kp2d,
            keypoints_3d=kp3d)

    def forward(self, feats: Sequence[Tensor],
                cameras: Dict[str, Tensor]) -> Dict[str, Tensor]:
        """Alias of :meth:`forward_views`."""
        return self.forward_views(feats, cameras)

    # ------------------------------------------------------------------
    def loss(self,
             feats: Sequence[Tensor],
             data_samples: SampleList,
             train_cfg: ConfigType = {}) -> Dict[str, Tensor]:
        """2D smooth loss per view, the heatmap loss if configured, plus the
        3D loss when enabled.

        Returns:
            dict: ``loss_kpt2d`` (``loss_heatmap``, ``loss_kpt3d``), the logged
            ``mpjpe3d`` (mm, visible joints, not optimised).
        """
        x = feats[-1]
        cams = stack_camera_tensors(data_samples, x.device)
        out = self.forward_views(feats, cams)
        gt = stack_view_labels(
            data_samples, x.device,
            ('keypoints_2d', 'keypoints_2d_weights', 'keypoints_3d',
             'keypoints_3d_weights'))
        losses = dict(
            loss_kpt2d=self.loss_2d(out['keypoints_2d'], gt['keypoints_2d'],
                                    gt['keypoints_2d_weights']))
        if self.loss_heatmap is not None:
            hm = stack_view_labels(data_samples, x.device,
                                   ('heatmaps', 'heatmap_weights'))
            pred_hm = out['heatmaps'].flatten(0, 1)  # (B * V, K, H, W)
            target = hm['heatmaps'].flatten(0, 1)
            if target.shape != pred_hm.shape:
                raise ValueError(
                    f'target heatmaps {tuple(target.shape)} do not match '
                    f'the decoder {tuple(pred_hm.shape)}; set the codec '
                    'heatmap_size of EncodeViewHeatmaps to the decoder size')
            losses['loss_heatmap'] = self.loss_heatmap(
                pred_hm, target, hm['heatmap_weights'].flatten(0, 1))
        pred3d, w3d = out['keypoints_3d'], gt['keypoints_3d_weights']
        with torch.no_grad():
            err = (pred3d - gt['keypoints_3d']).norm(dim=-1)
            err = torch.where(w3d > 0, err, torch.zeros_like(err))
            losses['mpjpe3d'] = err.sum() / (w3d > 0).sum().clamp_min(1)
        if self.use_3d_loss:
            p_rel, _ = root_relative(pred3d, w3d, self.root_index,
                                     self.keep_root_absolute)
            g_rel, w_rel = root_relative(gt['keypoints_3d'], w3d,
                                         self.root_index,
                                         self.keep_root_absolute)
            losses['loss_kpt3d'] = self.loss_3d(p_rel, g_rel, w_rel)
        return losses

    def predict(self,
                feats: Sequence[Tensor],
                data_samples: SampleList,
                test_cfg: ConfigType = {}) -> InstanceList:
        """3D and 2D predictions, one ``InstanceData`` per sample.

        Returns:
            list[InstanceData]: ``keypoints_3d`` ``(1, K, 3)`` mm,
            ``keypoint_scores`` ``(1, K)``, ``keypoints_2d`` ``(1, V, K, 2)``
            crop pixels (NumPy).
        """
        cams = stack_camera_tensors(data_samples, feats[-1].device)
        out = self.forward_views(feats, cams)
        return _to_instances(out['keypoints_3d'], out['keypoints_2d'])


def _to_instances(kp3d: Tensor, kp2d: Tensor,
                  scores: Optional[Tensor] = None) -> InstanceList:
    """Split batched predictions into per-sample ``InstanceData``."""
    kp3d = kp3d.detach().float().cpu().numpy()
    kp2d = kp2d.detach().float().cpu().numpy()
    if scores is None:
        scores_np = [None] * len(kp3d)
    else:
        scores_np = list(scores.detach().float().cpu().numpy())
    out = []
    for b in range(len(kp3d)):
        inst = InstanceData()
        inst.keypoints_3d = kp3d[b:b + 1]
        inst.keypoints_2d = kp2d[b:b + 1]
        sc = scores_np[b]
        inst.keypoint_scores = (sc.mean(0)[None] if sc is not None else
                                kp3d[b:b + 1, :, 0] * 0 + 1)
        out.append(inst)
    return out
