"""SelfPose3d's self-supervised root net on the top-view root head."""
from typing import Dict, Optional, Sequence

from torch import Tensor

from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import ConfigType
from .ortho_root_head import OrthoRootHead
from .synthetic_roots import SyntheticRootMixin

__all__ = ['SSLOrthoRootHead']


@MODELS.register_module()
class SSLOrthoRootHead(SyntheticRootMixin, OrthoRootHead):
    """:class:`OrthoRootHead` trained without 3D labels (SelfPose3d).

    The synthetic roots (:class:`SyntheticRootMixin`) supervise both the
    top view (2D Gaussians around their ``x, y``) and the columns at their
    cells (1D Gaussians at their heights). The consistency term compares
    the augmented view-sets' top views with the (detached) top view of
    the unaugmented set; the columns are trained by the synthetic roots
    only.

    Args:
        net2d, net1d, space_size, space_center, cube_shape, input_joints,
            max_num, nms_kernel, score_threshold, target_sigma, loss,
            weight_1d, channels_last: See :class:`OrthoRootHead`.
            ``input_joints`` must select one channel (the root).
        syn_box, syn_max_people, syn_z_jitter, syn_sigma, syn_noise,
            weight_syn, weight_consistency: See :class:`SSLRootHead`.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 net2d: ConfigType,
                 net1d: ConfigType,
                 space_size: Sequence[float] = (8000., 8000., 2000.),
                 space_center: Sequence[float] = (0., -500., 800.),
                 cube_shape: Sequence[int] = (80, 80, 20),
                 input_joints: Optional[Sequence[int]] = (2, ),
                 max_num: int = 10,
                 nms_kernel: int = 3,
                 score_threshold: float = 0.3,
                 target_sigma: float = 200.,
                 loss: ConfigType = dict(type='MSELoss'),
                 weight_1d: float = 1.,
                 channels_last: bool = False,
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
            net2d=net2d,
            net1d=net1d,
            space_size=space_size,
            space_center=space_center,
            cube_shape=cube_shape,
            input_joints=input_joints,
            max_num=max_num,
            nms_kernel=nms_kernel,
            score_threshold=score_threshold,
            target_sigma=target_sigma,
            loss=loss,
            weight_1d=weight_1d,
            channels_last=channels_last,
            init_cfg=init_cfg)
        self._init_synthetic('SSLOrthoRootHead', syn_box, syn_max_people,
                             syn_z_jitter, syn_sigma, syn_noise, weight_syn,
                             weight_consistency)

    def loss_synthetic(self, out: Dict[str, Tensor], roots: Tensor,
                       mask: Tensor, batch_size: int) -> Tensor:
        """``weight_syn * (sum_s mean_b MSE(top view) + weight_1d *
        MSE(columns))`` against the synthetic roots.

        Args:
            out (dict): :meth:`forward` output for ``S * B`` synthetic
                spaces (set-major).
            roots (Tensor): ``(S * B, N, 3)`` synthetic roots in mm.
            mask (Tensor): ``(S * B, N)`` bool.
            batch_size (int): B.
        """
        per, col = self.loss_terms(out, roots, mask)
        return self.weight_syn * (per.sum() / batch_size +
                                  self.weight_1d * col)

    def loss_consistency(self, out: Dict[str, Tensor],
                         ref: Dict[str, Tensor]) -> Tensor:
        """``sum_s MSE(top view[s], top view[ref].detach())`` weighted.

        Args:
            out (dict): :meth:`forward` output of ``A * B`` augmented
                spaces (set-major).
            ref (dict): :meth:`forward` output of the B unaugmented ones.
        """
        r = ref['bev'].detach()
        a = out['bev'].reshape((-1, ) + tuple(r.shape))
        diff = (a - r[None]).square()
        return self.weight_consistency * diff.flatten(2).mean(-1).mean(
            -1).sum()
