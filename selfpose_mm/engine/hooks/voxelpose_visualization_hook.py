"""Write PNGs of multi-view 3D predictions during validation / test."""
import os
import os.path as osp
from typing import Optional, Sequence

import cv2
import numpy as np
from mmengine.hooks import Hook

from selfpose_mm.registry import HOOKS
from selfpose_mm.utils import get_dataset_meta
from selfpose_mm.visualization import MultiViewPose3DVisualizer

__all__ = ['VoxelPoseVisualizationHook']


def _np(x) -> np.ndarray:
    if hasattr(x, 'detach'):
        x = x.detach().cpu().numpy()
    return np.asarray(x)


@HOOKS.register_module()
class VoxelPoseVisualizationHook(Hook):
    """Save skeletons in space + reprojected on every view, as PNG.

    Every ``interval``-th validation (and test) batch, its first sample is
    drawn: a 3D panel (GT green, predictions coloured) and each view's
    network input (heatmaps: max over joints; images) with GT and
    predictions reprojected through the cameras and the input affine.
    Files go to ``<work_dir>/vis/<tag>/<mode>_<step>_<sample_idx>.png``.

    Args:
        enable (bool): Draw at all. Defaults to False.
        interval (int): Draw every ``interval`` batches. Defaults to 50.
        max_per_epoch (int): At most this many images per validation run.
            Defaults to 8.
        out_dir (str, optional): Output folder; default under the
            runner's work_dir.
        skeleton (Sequence, optional): Joint index pairs; default from
            ``dataset_meta`` (``skeleton_links``), else Panoptic-15.
        view_height (int): Height of each drawn view. Defaults to 240.
    """

    priority = 'NORMAL'

    def __init__(self,
                 enable: bool = False,
                 interval: int = 50,
                 max_per_epoch: int = 8,
                 out_dir: Optional[str] = None,
                 skeleton: Optional[Sequence] = None,
                 view_height: int = 240) -> None:
        self.enable = bool(enable)
        self.interval = max(1, int(interval))
        self.max_per_epoch = int(max_per_epoch)
        self.out_dir = out_dir
        self.skeleton = skeleton
        self.view_height = int(view_height)
        self._count = 0
        self._vis = None
        self.saved = []

    def _visualizer(self, runner) -> MultiViewPose3DVisualizer:
        if self._vis is None:
            skeleton = self.skeleton
            if skeleton is None:
                meta = getattr(getattr(runner, 'model', None),
                               'dataset_meta', None) or {}
                skeleton = meta.get('skeleton_links') or get_dataset_meta(
                    'panoptic_body3d')['skeleton_links']
            self._vis = MultiViewPose3DVisualizer(skeleton, self.view_height)
        return self._vis

    def before_val_epoch(self, runner) -> None:
        """Reset the per-run image budget."""
        self._count = 0

    def before_test_epoch(self, runner) -> None:
        """Reset the per-run image budget."""
        self._count = 0

    def after_val_iter(self, runner, batch_idx: int, data_batch=None,
                       outputs=None) -> None:
        """Draw the first sample of every ``interval``-th batch."""
        self._draw(runner, batch_idx, data_batch, outputs, 'val')

    def after_test_iter(self, runner, batch_idx: int, data_batch=None,
                        outputs=None) -> None:
        """Same as validation."""
        self._draw(runner, batch_idx, data_batch, outputs, 'test')

    def _draw(self, runner, batch_idx, data_batch, outputs, mode) -> None:
        if not self.enable or not outputs or batch_idx % self.interval or \
                self._count >= self.max_per_epoch:
            return
        sample = outputs[0]
        inputs = data_batch['inputs']
        inputs = _np(inputs[0])
        gt = _np(sample.gt_instances.keypoints_3d) \
            if 'gt_instances' in sample else np.zeros((0, 1, 3))
        pred = sample.get('pred_instances')
        kp = _np(pred.keypoints_3d) if pred is not None else np.zeros(
            (0, 1, 3))
        scores = _np(pred.scores) if pred is not None and \
            'scores' in pred else None
        meta = sample.metainfo
        step = runner.iter if mode == 'val' else batch_idx
        idx = meta.get('sample_idx', batch_idx)
        title = f'{mode} iter {step} sample {idx}'
        img = self._visualizer(runner).draw(inputs, meta, gt, kp, scores,
                                            title)
        out_dir = self.out_dir or osp.join(runner.work_dir, 'vis',
                                           getattr(runner, 'timestamp', ''))
        os.makedirs(out_dir, exist_ok=True)
        path = osp.join(out_dir, f'{mode}_{step:06d}_{idx}.png')
        cv2.imwrite(path, img)
        self.saved.append(path)
        self._count += 1
