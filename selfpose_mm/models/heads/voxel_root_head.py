"""Root (cuboid proposal) head of VoxelPose: 3D CNN, NMS, top-k, loss."""
from typing import Dict, Optional, Sequence

import torch
from mmengine.model import BaseModule
from torch import Tensor

from selfpose_mm.models.utils.compute_precision import run_net
from selfpose_mm.models.utils.voxel_ops import (gaussian_voxel_target,
                                                nms_topk_3d,
                                                voxel_index_to_world)
from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import ConfigType, LossDict

__all__ = ['VoxelRootHead', 'run_3d_net']


def run_3d_net(net,
               cubes: Tensor,
               channels_last: bool,
               dtype: Optional[torch.dtype] = None) -> Tensor:
    """Run a 3D CNN, optionally on a channels-last (NDHWC) input.

    A channels-last input makes every convolution use oneDNN's NDHWC
    kernels (about 3-4x faster fwd+bwd on CPU for the narrow V2V layers);
    the maths is the same, results agree to float32 rounding. ``dtype``
    (e.g. ``torch.bfloat16``) runs the net under autocast
    (:func:`~selfpose_mm.models.utils.compute_precision.run_net`); the
    output comes back in the cubes' dtype.
    """
    return run_net(net, cubes, dtype, channels_last)


def check_v2v_shape(net: ConfigType, shape: Sequence[int], name: str) -> None:
    """V2VNet pools twice: every cube dimension must divide by 4."""
    if net.get('type') == 'V2VNet' and any(int(n) % 4 for n in shape):
        raise ValueError(
            f'{name}={tuple(shape)}: V2VNet needs every dimension divisible '
            f'by 4 (two 2x poolings), e.g. 80x80x20, 48x48x12, 64^3, 32^3.')


@MODELS.register_module()
class VoxelRootHead(BaseModule):
    """Score the root space and propose person centres.

    The projected root space ``(B, C, X, Y, Z)`` goes through a 3D network
    (e.g. mmpose's ``V2VNet(C, 1)``) to root scores ``(B, X, Y, Z)``. The
    decoder keeps local maxima (``nms_kernel``³ max-pool), takes the top
    ``max_num`` and maps voxel indices to world mm; a candidate is valid
    when its score exceeds ``score_threshold``. The supervised target is a
    3D Gaussian (``target_sigma`` mm) around each GT root, max over people.

    Args:
        net (dict): 3D network config; input channels must equal the
            number of projected channels (``len(input_joints)`` or K).
        space_size (Sequence[float]): Space side lengths in mm.
        space_center (Sequence[float]): Space centre in mm.
        cube_shape (Sequence[int]): Root grid ``(X, Y, Z)``.
        input_joints (Sequence[int], optional): Heatmap channels that the
            root net sees (SelfPose3d: ``[2]``, the mid-hip); ``None`` means
            all joints (VoxelPose). Defaults to None.
        max_num (int): Candidates per sample. Defaults to 10.
        nms_kernel (int): NMS max-pool window. Defaults to 3.
        score_threshold (float): Validity threshold on the root score.
            Defaults to 0.3.
        target_sigma (float): Target Gaussian sigma in mm. Defaults to 200.
        loss (dict): Loss config, called as ``loss(pred, target)``.
            Defaults to mmpose's ``MSELoss``.
        channels_last (bool): Run the net on channels-last 3D tensors
            (faster on CPU, same results). Defaults to True.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 net: ConfigType,
                 space_size: Sequence[float] = (8000., 8000., 2000.),
                 space_center: Sequence[float] = (0., -500., 800.),
                 cube_shape: Sequence[int] = (80, 80, 20),
                 input_joints: Optional[Sequence[int]] = None,
                 max_num: int = 10,
                 nms_kernel: int = 3,
                 score_threshold: float = 0.3,
                 target_sigma: float = 200.,
                 loss: ConfigType = dict(type='MSELoss'),
                 channels_last: bool = True,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        check_v2v_shape(net, cube_shape, 'VoxelRootHead.cube_shape')
        self.space_size = tuple(float(s) for s in space_size)
        self.space_center = tuple(float(c) for c in space_center)
        self.cube_shape = tuple(int(n) for n in cube_shape)
        self.input_joints = (None if input_joints is None else
                             [int(j) for j in input_joints])
        self.max_num = int(max_num)
        self.nms_kernel = int(nms_kernel)
        self.score_threshold = float(score_threshold)
        self.target_sigma = float(target_sigma)
        self.channels_last = bool(channels_last)
        #: network precision; set by the estimator's ``compute_dtype``
        self.compute_dtype: Optional[torch.dtype] = None
        self.net = MODELS.build(net)
        self.loss_module = MODELS.build(loss)

    def select_channels(self, heatmaps: Tensor) -> Tensor:
        """Keep the channels the root net sees: ``(B, V, C', H, W)``."""
        if self.input_joints is None:
            return heatmaps
        return heatmaps[:, :, self.input_joints]

    def forward(self, cubes: Tensor) -> Tensor:
        """``(B, C, X, Y, Z)`` projected space -> ``(B, X, Y, Z)`` scores."""
        return run_3d_net(self.net, cubes, self.channels_last,
                          self.compute_dtype)[:, 0]

    @torch.no_grad()
    def decode(self, root_scores: Tensor) -> Dict[str, Tensor]:
        """NMS + top-k proposals.

        Args:
            root_scores (Tensor): ``(B, X, Y, Z)``.

        Returns:
            dict: ``centers (B, N, 3)`` mm, ``scores (B, N)`` (sorted,
            ``-inf`` beyond the number of local maxima) and ``valid
            (B, N)`` bool (score above the threshold).
        """
        scores, index = nms_topk_3d(root_scores.detach(), self.max_num,
                                    self.nms_kernel)
        centers = voxel_index_to_world(index, self.space_size,
                                       self.cube_shape, self.space_center)
        return dict(
            centers=centers.to(root_scores.dtype),
            scores=scores,
            valid=scores > self.score_threshold)

    def get_target(self, roots: Tensor, mask: Tensor) -> Tensor:
        """Gaussian targets ``(B, X, Y, Z)`` from roots ``(B, M, 3)``."""
        return gaussian_voxel_target(roots, mask, self.space_size,
                                     self.cube_shape, self.space_center,
                                     self.target_sigma)

    def loss(self, root_scores: Tensor, roots: Tensor,
             mask: Tensor) -> LossDict:
        """Supervised root loss.

        Args:
            root_scores (Tensor): ``(B, X, Y, Z)`` network output.
            roots (Tensor): ``(B, M, 3)`` GT roots in mm (padded).
            mask (Tensor): ``(B, M)`` bool, real roots.

        Returns:
            dict: ``loss_root``.
        """
        target = self.get_target(roots.to(root_scores), mask)
        return dict(loss_root=self.loss_module(root_scores, target))
