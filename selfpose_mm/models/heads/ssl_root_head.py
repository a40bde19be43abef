"""SelfPose3d's self-supervised root head: synthetic roots + consistency."""
from typing import Dict, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor

from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import ConfigType
from .voxel_root_head import VoxelRootHead

__all__ = ['SSLRootHead']


@MODELS.register_module()
class SSLRootHead(VoxelRootHead):
    """:class:`VoxelRootHead` trained without 3D labels (SelfPose3d).

    **Synthetic roots**: per sample 1..``syn_max_people`` roots, ``x, y``
    uniform in ``syn_box``, one height per sample uniform in the z range
    plus ``N(0, syn_z_jitter)`` per root. They are projected into each
    view-set's cameras and affines, drawn as 2D Gaussians (``syn_sigma``
    heatmap px, summed over roots, clipped, plus ``N(0, syn_noise)``
    noise, clipped), lifted by the projector and scored by the same 3D
    network; the target is the usual 3D Gaussian (``target_sigma`` mm)
    around the synthetic roots. **Consistency**: the root cubes scored from
    the real root heatmaps of the augmented view-sets must equal the
    (detached) cube of the unaugmented set, since the cube lives in world
    space.

    Args:
        net, space_size, space_center, cube_shape, input_joints, max_num,
            nms_kernel, score_threshold, target_sigma, loss,
            channels_last: See :class:`VoxelRootHead`. ``input_joints``
            must select one channel (the root).
        syn_box (Sequence[Sequence[float]]): ``((x0, x1), (y0, y1), (z0,
            z1))`` mm where synthetic roots are drawn. Defaults to
            SelfPose3d's Panoptic range ``((-1500, 2000), (-3000, 2000),
            (50, 1500))``.
        syn_max_people (int): Maximum synthetic roots per sample (at
            least 1). Defaults to 9.
        syn_z_jitter (float): Per-root height std in mm. Defaults to 50.
        syn_sigma (float): 2D Gaussian std in heatmap px. Defaults to 3.
        syn_noise (float): Additive heatmap noise std. Defaults to 0.02.
        weight_syn (float): Synthetic loss weight. Defaults to 100.
        weight_consistency (float): Consistency loss weight. Defaults to 1.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 net: ConfigType,
                 space_size: Sequence[float] = (8000., 8000., 2000.),
                 space_center: Sequence[float] = (0., -500., 800.),
                 cube_shape: Sequence[int] = (80, 80, 20),
                 input_joints: Optional[Sequence[int]] = (2, ),
                 max_num: int = 10,
                 nms_kernel: int = 3,
                 score_threshold: float = 0.3,
                 target_sigma: float = 200.,
                 loss: ConfigType = dict(type='MSELoss'),
                 channels_last: bool = True,
                 syn_box: Sequence[Sequence[float]] = ((-1500., 2000.),
                                                       (-3000., 2000.),
                                                       (50., 1500.)),
                 syn_max_people: int = 9,
                 syn_z_jitter: float = 50.,
                 syn_sigma: float = 3.,
                 syn_noise: float = 0.02,
                 weight_syn: float = 100.,
                 weight_consistency: float = 1.,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(
            net=net,
            space_size=space_size,
            space_center=space_center,
            cube_shape=cube_shape,
            input_joints=input_joints,
            max_num=max_num,
            nms_kernel=nms_kernel,
            score_threshold=score_threshold,
            target_sigma=target_sigma,
            loss=loss,
            channels_last=channels_last,
            init_cfg=init_cfg)
        if self.input_joints is None or len(self.input_joints) != 1:
            raise ValueError('SSLRootHead: input_joints must select exactly '
                             'one heatmap channel (the root, e.g. [2]); the '
                             'synthetic root heatmaps have one channel')
        box = [tuple(float(v) for v in ax) for ax in syn_box]
        if len(box) != 3 or any(len(ax) != 2 or ax[1] < ax[0]
                                for ax in box):
            raise ValueError(f'SSLRootHead: syn_box must be ((x0, x1), (y0, '
                             f'y1), (z0, z1)) with lo <= hi, got {syn_box}')
        if int(syn_max_people) < 1:
            raise ValueError('SSLRootHead: syn_max_people must be >= 1')
        self.syn_box = tuple(box)
        self.syn_max_people = int(syn_max_people)
        self.syn_z_jitter = float(syn_z_jitter)
        self.syn_sigma = float(syn_sigma)
        self.syn_noise = float(syn_noise)
        self.weight_syn = float(weight_syn)
        self.weight_consistency = float(weight_consistency)

    def sample_roots(self, batch: int, device,
                     dtype=torch.float32) -> Tuple[Tensor, Tensor]:
        """Draw synthetic roots.

        Args:
            batch (int): Number of samples B.
            device: Device.
            dtype: Float dtype.

        Returns:
            tuple: ``roots (B, N, 3)`` mm and ``mask (B, N)`` bool, N =
            ``syn_max_people``.
        """
        n = self.syn_max_people
        lo = torch.tensor([ax[0] for ax in self.syn_box], device=device,
                          dtype=dtype)
        hi = torch.tensor([ax[1] for ax in self.syn_box], device=device,
                          dtype=dtype)
        u = torch.rand(batch, n, 3, device=device, dtype=dtype)
        u[..., 2] = u[:, :1, 2]  # one height per sample
        roots = lo + u * (hi - lo)
        roots[..., 2] += torch.randn(
            batch, n, device=device, dtype=dtype) * self.syn_z_jitter
        count = torch.randint(1, n + 1, (batch, 1), device=device)
        mask = torch.arange(n, device=device)[None] < count
        return roots, mask

    def loss_synthetic(self, scores: Tensor, roots: Tensor,
                       mask: Tensor) -> Tensor:
        """Weighted MSE to the 3D Gaussians around the synthetic roots,
        summed over view-sets and averaged over the batch (reference).

        Args:
            scores (Tensor): ``(S, B, X, Y, Z)`` scores of the synthetic
                cubes.
            roots (Tensor): ``(S, B, N, 3)`` synthetic roots in mm.
            mask (Tensor): ``(S, B, N)`` bool.
        """
        s, b = scores.shape[:2]
        target = self.get_target(
            roots.flatten(0, 1).to(scores), mask.flatten(0, 1))
        per = F.mse_loss(scores.flatten(0, 1), target, reduction='none')
        return self.weight_syn * per.flatten(1).mean(dim=1).sum() / b

    def loss_consistency(self, scores: Tensor, ref: Tensor) -> Tensor:
        """``sum_s MSE(scores[s], ref.detach())`` weighted.

        Args:
            scores (Tensor): ``(S, B, X, Y, Z)`` augmented-set scores.
            ref (Tensor): ``(B, X, Y, Z)`` unaugmented-set scores.
        """
        diff = (scores - ref.detach()[None]).square()
        return self.weight_consistency * diff.flatten(2).mean(-1).mean(
            -1).sum()

    def extra_repr_dict(self) -> Dict:
        """The synthetic-root settings (for logs and tests)."""
        return dict(
            syn_box=self.syn_box,
            syn_max_people=self.syn_max_people,
            syn_z_jitter=self.syn_z_jitter,
            syn_sigma=self.syn_sigma,
            syn_noise=self.syn_noise)
