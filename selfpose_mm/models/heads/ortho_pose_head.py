"""Per-person pose head on three orthographic planes (Faster VoxelPose
JLN), a drop-in for :class:`VoxelPoseHead`."""
from typing import Dict, Optional, Sequence, Tuple

import torch
from mmengine.model import BaseModule
from torch import Tensor

from selfpose_mm.models.utils.compute_precision import run_net
from selfpose_mm.models.utils.plane_ops import (PLANE_AXES, axis_centres,
                                                fuse_plane_coordinates,
                                                orthographic_planes,
                                                soft_argmax_2d)
from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import ConfigType, LossDict, OptConfigType

__all__ = ['OrthoPoseHead']


@MODELS.register_module()
class OrthoPoseHead(BaseModule):
    """Regress K joints from the xy, xz and yz planes of each person cube.

    Each cube ``(M, K, X, Y, Z)`` is max-projected along z, y and x to the
    planes ``xy (M, K, X, Y)``, ``xz (M, K, X, Z)`` and ``yz (M, K, Y, Z)``.
    One shared 2D network (``net``, K -> K; a ``PlaneHourglass``) turns the
    three planes, batched as ``(3M, K, S, S)``, into per-joint logits.

    **Fusion** (Faster VoxelPose): each plane gives a 2D position per joint
    by a soft-argmax (``softmax(beta * logits)`` over the plane's cells,
    cell centres in mm), so every world axis is estimated twice (x by xy
    and xz, y by xy and yz, z by xz and yz). A weight net
    (``weight_net``, a ``PlaneWeightNet``) reads each plane's logits and
    gives a weight in (0, 1) per joint and plane; each axis is the
    weighted mean of its two estimates, ``x = (w_xy x_xy + w_xz x_xz) /
    (w_xy + w_xz)``. With ``weight_net=None`` the two estimates are
    averaged. The result is added to the cube centre.

    **Loss** (reference, on visible joints): ``plane_weight * sum over
    planes of L1(plane 2D position, GT's two coordinates) +
    fused_weight * L1(fused 3D, GT)`` through ``loss`` (mmpose
    ``L1Loss`` with target weights), reference weights 1 and 5.

    Planes must be square and equal (a cubic ``cube_shape``) so that one
    network call serves all three; sizes divide by the network's divisor.
    The output planes may be finer than the sampled cube (a network with
    ``upsample=1`` turns a 32³ cube into 64x64 planes, 31.7 mm cells on
    2 m): the soft-argmax uses the output's cell centres,
    ``linspace(-size / 2, size / 2, n_out)``. Sampling the cube costs
    ``V * K * X * Y * Z`` bilinear reads per person, the dominant CPU cost
    at 64³ (``benchmarks/bench_ortho_heads.py``).
    The person confidence of the reference (mean over planes and joints of
    the largest probability) is returned in the auxiliary outputs.

    Args:
        net (dict): 2D network config, K in and K out channels.
        weight_net (dict, optional): ``PlaneWeightNet`` config, or None for
            equal weights. Defaults to ``dict(type='PlaneWeightNet')``.
        cube_size (Sequence[float]): Cube side lengths in mm. Defaults to
            2000 mm each.
        cube_shape (Sequence[int]): Cells per axis. Defaults to 64³
            (31.7 mm cells on 2 m).
        beta (float): Soft-argmax temperature multiplier. Defaults to 100.
        loss (dict): Loss called as ``loss(pred, target, weight)`` with
            weights ``(M, K)``. Defaults to mmpose's ``L1Loss`` with target
            weights.
        plane_weight (float): Weight of each plane's 2D term. Defaults to 1.
        fused_weight (float): Weight of the fused 3D term. Defaults to 5.
        heatmap_weight (float): Weight of an auxiliary cross-entropy
            between each plane's ``softmax(beta * logits)`` and a Gaussian
            (``heatmap_sigma`` mm) at the GT's two coordinates, per visible
            joint (not in the reference; heatmap supervision next to the
            integral L1 speeds up short CPU schedules). Defaults to 0.
        heatmap_sigma (float): Std of that Gaussian in mm. Defaults to 60.
        channels_last (bool): Run the 2D net on channels-last planes.
            Defaults to False.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 net: ConfigType,
                 weight_net: OptConfigType = dict(type='PlaneWeightNet'),
                 cube_size: Sequence[float] = (2000., 2000., 2000.),
                 cube_shape: Sequence[int] = (64, 64, 64),
                 beta: float = 100.,
                 loss: ConfigType = dict(
                     type='L1Loss', use_target_weight=True),
                 plane_weight: float = 1.,
                 fused_weight: float = 5.,
                 heatmap_weight: float = 0.,
                 heatmap_sigma: float = 60.,
                 channels_last: bool = False,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        self.cube_size = tuple(float(s) for s in cube_size)
        self.cube_shape = tuple(int(n) for n in cube_shape)
        if len(set(self.cube_shape)) != 1 or len(self.cube_shape) != 3:
            raise ValueError(
                f'OrthoPoseHead.cube_shape={self.cube_shape}: the three '
                f'planes share one network call and must be equal, give a '
                f'cubic shape such as (64, 64, 64)')
        self.beta = float(beta)
        self.plane_weight = float(plane_weight)
        self.fused_weight = float(fused_weight)
        self.heatmap_weight = float(heatmap_weight)
        self.heatmap_sigma = float(heatmap_sigma)
        self.channels_last = bool(channels_last)
        #: network precision; set by the estimator's ``compute_dtype``
        self.compute_dtype: Optional[torch.dtype] = None
        self.net = MODELS.build(net)
        div = getattr(self.net, 'divisor', 1)
        if self.cube_shape[0] % div:
            raise ValueError(f'OrthoPoseHead.cube_shape={self.cube_shape} '
                             f'must divide by the network\'s {div}')
        self.weight_net = MODELS.build(weight_net) if weight_net else None
        self.loss_module = MODELS.build(loss)
        self._axis_cache: Dict[tuple, Tuple[Tensor, ...]] = {}

    def _axes(self, n: int, device,
              dtype) -> Tuple[Tensor, Tensor, Tensor]:
        """Cell centres (mm, cube frame) of ``n``-cell output planes."""
        key = (n, str(device), dtype)
        if key not in self._axis_cache:
            self._axis_cache[key] = tuple(
                axis_centres(s, n, device, dtype) for s in self.cube_size)
        return self._axis_cache[key]

    def forward_train(self, cubes: Tensor,
                      centers: Tensor) -> Tuple[Tensor, Dict[str, Tensor]]:
        """Fused joints and the per-plane outputs.

        Args:
            cubes (Tensor): ``(M, K, X, Y, Z)`` projected cubes.
            centers (Tensor): ``(M, 3)`` cube centres in mm.

        Returns:
            tuple: ``joints (M, K, 3)`` in mm and a dict with
            ``plane_coords (3, M, K, 2)`` (mm, world), ``plane_weights
            (3, M, K)``, ``confidence (M,)``, ``plane_logits (3, M, K, S,
            S)`` and the ``centers (M, 3)``.
        """
        m, k = cubes.shape[:2]
        if m == 0:
            return cubes.new_zeros((0, k, 3)), dict(
                plane_coords=cubes.new_zeros((3, 0, k, 2)),
                plane_weights=cubes.new_zeros((3, 0, k)),
                confidence=cubes.new_zeros((0, )))
        planes = torch.cat(orthographic_planes(cubes))  # (3M, K, S, S)
        logits = run_net(self.net, planes, self.compute_dtype,
                         self.channels_last)
        s = logits.shape[-1]
        logits = logits.reshape(3, m, k, s, s)
        axes = self._axes(s, logits.device, logits.dtype)
        ctr = centers.detach().to(logits.dtype)
        coords, peaks = [], []
        for p, (a, b) in enumerate(PLANE_AXES):
            c, pk = soft_argmax_2d(logits[p], axes[a], axes[b], self.beta)
            coords.append(c + ctr[:, None, [a, b]])
            peaks.append(pk)
        coords = torch.stack(coords)  # (3, M, K, 2)
        if self.weight_net is None:
            weights = coords.new_ones((3, m, k))
        else:
            weights = run_net(self.weight_net, logits.reshape(-1, s, s),
                              self.compute_dtype).reshape(3, m, k)
        joints = fuse_plane_coordinates(coords, weights)
        conf = torch.stack(peaks).mean(dim=(0, 2))
        return joints, dict(
            plane_coords=coords, plane_weights=weights, confidence=conf,
            plane_logits=logits, centers=ctr)

    def forward(self, cubes: Tensor, centers: Tensor) -> Tensor:
        """Fused joints ``(M, K, 3)`` in mm (see :meth:`forward_train`)."""
        return self.forward_train(cubes, centers)[0]

    def _heatmap_loss(self, aux: Dict[str, Tensor], target: Tensor,
                      visible: Tensor) -> Tensor:
        """Cross-entropy of the plane softmaxes to GT Gaussians."""
        logits = aux['plane_logits']  # (3, M, K, S, S)
        s = logits.shape[-1]
        axes = self._axes(s, logits.device, logits.dtype)
        rel = target - aux['centers'][:, None, :]  # (M, K, 3)
        two_s2 = 2. * self.heatmap_sigma**2
        terms = []
        for p, (a, b) in enumerate(PLANE_AXES):
            ga = torch.exp(-(axes[a] - rel[..., a, None]).square() / two_s2)
            gb = torch.exp(-(axes[b] - rel[..., b, None]).square() / two_s2)
            t = ga[..., :, None] * gb[..., None, :]  # (M, K, S, S)
            t = t / t.sum(dim=(-1, -2), keepdim=True).clamp(min=1e-12)
            logp = torch.log_softmax(
                logits[p].flatten(-2) * self.beta, dim=-1)
            terms.append(-(t.flatten(-2) * logp).sum(-1))  # (M, K)
        ce = torch.stack(terms).mean(0)
        return (ce * visible).sum() / visible.sum().clamp(min=1)

    def loss(self,
             pred: Tensor,
             target: Tensor,
             visible: Tensor,
             aux: Optional[Dict[str, Tensor]] = None) -> LossDict:
        """Supervised plane and fused L1 on the visible joints.

        Args:
            pred (Tensor): ``(M, K, 3)`` fused joints in mm.
            target (Tensor): ``(M, K, 3)`` matched GT joints in mm.
            visible (Tensor): ``(M, K)`` weights.
            aux (dict, optional): :meth:`forward_train`'s second output;
                without it only the fused term is used.

        Returns:
            dict: ``loss_pose`` (fused), ``loss_pose_planes`` and the
            logged ``mpjpe_train`` (mm).
        """
        if pred.shape[0] == 0:
            zero = sum(p.sum() for p in self.parameters()) * 0.
            return dict(loss_pose=zero, loss_pose_planes=zero.clone(),
                        mpjpe_train=zero.detach())
        losses = dict(
            loss_pose=self.fused_weight *
            self.loss_module(pred, target, visible))
        if aux is not None:
            coords = aux['plane_coords']
            tgt = torch.stack([target[..., list(ax)] for ax in PLANE_AXES])
            # mean over the 3 planes x 3 = the reference's sum of 3 L1s
            losses['loss_pose_planes'] = 3. * self.plane_weight * \
                self.loss_module(coords.flatten(0, 1), tgt.flatten(0, 1),
                                 visible.repeat(3, 1))
        if aux is not None and self.heatmap_weight > 0:
            losses['loss_pose_heatmap'] = self.heatmap_weight * \
                self._heatmap_loss(aux, target, visible)
        with torch.no_grad():
            err = (pred - target).norm(dim=-1)
            losses['mpjpe_train'] = (err * visible).sum() / \
                visible.sum().clamp(min=1)
        return losses
