"""Per-person pose head of VoxelPose: 3D CNN on a cube, soft-argmax."""
from typing import Optional, Sequence, Tuple

import torch
from mmengine.model import BaseModule
from torch import Tensor

from selfpose_mm.models.utils.voxel_ops import soft_argmax_3d, voxel_offsets
from selfpose_mm.registry import MODELS
from selfpose_mm.utils.typing import ConfigType, LossDict
from .voxel_root_head import check_v2v_shape, run_3d_net

__all__ = ['VoxelPoseHead']


@MODELS.register_module()
class VoxelPoseHead(BaseModule):
    """Regress K joints from the cube around each person.

    Each cube ``(M, K, X, Y, Z)`` (projected around a proposal) goes
    through a 3D network (mmpose's ``V2VNet(K, K)``) to per-joint voxel
    logits; ``softmax(beta * logits)`` over the voxels weights the voxel
    centres (the same grid as the projection) into joint positions.

    Args:
        net (dict): 3D network config with K input and K output channels.
        cube_size (Sequence[float]): Cube side lengths in mm. Defaults to
            2000 mm each.
        cube_shape (Sequence[int]): Voxels per axis. Defaults to 64³.
        beta (float): Soft-argmax temperature multiplier. Defaults to 100.
        loss (dict): Loss config, called as ``loss(pred, target, weight)``
            with weights ``(M, K)``. Defaults to mmpose's ``L1Loss`` with
            target weights (VoxelPose's L1 on visible joints).
        channels_last (bool): Run the net on channels-last 3D tensors
            (faster on CPU, same results). Defaults to True.
        init_cfg (dict, optional): MMEngine init config.
    """

    def __init__(self,
                 net: ConfigType,
                 cube_size: Sequence[float] = (2000., 2000., 2000.),
                 cube_shape: Sequence[int] = (64, 64, 64),
                 beta: float = 100.,
                 loss: ConfigType = dict(
                     type='L1Loss', use_target_weight=True),
                 channels_last: bool = True,
                 init_cfg: Optional[dict] = None) -> None:
        super().__init__(init_cfg=init_cfg)
        check_v2v_shape(net, cube_shape, 'VoxelPoseHead.cube_shape')
        self.cube_size = tuple(float(s) for s in cube_size)
        self.cube_shape = tuple(int(n) for n in cube_shape)
        self.beta = float(beta)
        self.channels_last = bool(channels_last)
        #: network precision; set by the estimator's ``compute_dtype``
        self.compute_dtype: Optional[torch.dtype] = None
        self.net = MODELS.build(net)
        self.loss_module = MODELS.build(loss)
        self.register_buffer(
            'offsets',
            voxel_offsets(self.cube_size, self.cube_shape),
            persistent=False)

    def forward(self, cubes: Tensor, centers: Tensor) -> Tensor:
        """Soft-argmax joints.

        Args:
            cubes (Tensor): ``(M, K, X, Y, Z)`` projected cubes.
            centers (Tensor): ``(M, 3)`` cube centres in mm.

        Returns:
            Tensor: ``(M, K, 3)`` joints in mm.
        """
        m, k = cubes.shape[:2]
        if m == 0:
            return cubes.new_zeros((0, k, 3))
        logits = run_3d_net(self.net, cubes, self.channels_last,
                            self.compute_dtype)
        logits = logits.reshape(m, k, -1)
        return soft_argmax_3d(logits, self.offsets.to(logits.dtype),
                              centers.detach().to(logits.dtype), self.beta)

    def forward_train(self, cubes: Tensor,
                      centers: Tensor) -> Tuple[Tensor, None]:
        """:meth:`forward` and no auxiliary output (the head interface
        shared with :class:`OrthoPoseHead`)."""
        return self.forward(cubes, centers), None

    def loss(self,
             pred: Tensor,
             target: Tensor,
             visible: Tensor,
             aux: None = None) -> LossDict:
        """Supervised L1 loss on the visible joints.

        Args:
            pred (Tensor): ``(M, K, 3)`` predicted joints in mm.
            target (Tensor): ``(M, K, 3)`` matched GT joints in mm.
            visible (Tensor): ``(M, K)`` weights (1 visible, 0 not).
            aux (None): Unused (head interface).

        Returns:
            dict: ``loss_pose`` and the logged ``mpjpe_train`` (mm, visible
            joints of the matched cubes).
        """
        if pred.shape[0] == 0:
            # keep every parameter in the graph (DDP) with a zero loss
            zero = sum(p.sum() for p in self.parameters()) * 0.
            return dict(loss_pose=zero, mpjpe_train=zero.detach())
        loss = self.loss_module(pred, target, visible)
        with torch.no_grad():
            err = (pred - target).norm(dim=-1)
            mpjpe = (err * visible).sum() / visible.sum().clamp(min=1)
        return dict(loss_pose=loss, mpjpe_train=mpjpe)
