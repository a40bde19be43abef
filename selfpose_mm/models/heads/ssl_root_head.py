"""SelfPose3d's self-supervised root head: synthetic roots + consistency."""
from typing import Optional, Sequence

import torch.nn.functional as F
from torch import Tensor

from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import ConfigType
from .synthetic_roots import SyntheticRootMixin
from .voxel_root_head import VoxelRootHead

__all__ = ['SSLRootHead']


@MODELS.register_module()
class SSLRootHead(SyntheticRootMixin, VoxelRootHead):
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
        self._init_synthetic('SSLRootHead', syn_box, syn_max_people,
                             syn_z_jitter, syn_sigma, syn_noise, weight_syn,
                             weight_consistency)

    def loss_synthetic(self, scores: Tensor, roots: Tensor, mask: Tensor,
                       batch_size: int) -> Tensor:
        """Weighted MSE to the 3D Gaussians around the synthetic roots,
        summed over view-sets and averaged over the batch (reference).

        Args:
            scores (Tensor): ``(S * B, X, Y, Z)`` scores of the synthetic
                cubes, set-major.
            roots (Tensor): ``(S * B, N, 3)`` synthetic roots in mm.
            mask (Tensor): ``(S * B, N)`` bool.
            batch_size (int): B.
        """
        target = self.get_target(roots.to(scores), mask)
        per = F.mse_loss(scores, target, reduction='none')
        return self.weight_syn * per.flatten(1).mean(dim=1).sum() / \
            batch_size

    def loss_consistency(self, scores: Tensor, ref: Tensor) -> Tensor:
        """``sum_s MSE(scores[s], ref.detach())`` weighted.

        Args:
            scores (Tensor): ``(A * B, X, Y, Z)`` augmented-set scores,
                set-major.
            ref (Tensor): ``(B, X, Y, Z)`` unaugmented-set scores.
        """
        scores = scores.reshape((-1, ) + tuple(ref.shape))
        diff = (scores - ref.detach()[None]).square()
        return self.weight_consistency * diff.flatten(2).mean(-1).mean(
            -1).sum()
