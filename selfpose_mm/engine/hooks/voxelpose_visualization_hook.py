"""Write PNGs of multi-view 3D predictions during validation / test."""
import itertools
import os
import os.path as osp
from typing import Optional, Sequence

from mmengine.hooks import Hook

from selfpose_mm.registry import HOOKS, VISUALIZERS
from selfpose_mm.utils import get_dataset_meta
from selfpose_mm.visualization import MultiViewPoseVisualizer

__all__ = ['VoxelPoseVisualizationHook']

_IDS = itertools.count()


@HOOKS.register_module()
class VoxelPoseVisualizationHook(Hook):
    """Save skeletons in space + reprojected on every view, as PNG.

    Every ``interval``-th validation (and test) batch, its first sample is
    drawn: a 3D panel (GT green, predictions coloured) and each view's
    network input (heatmaps: max over joints; images) with GT and
    predictions reprojected through the cameras and the input affine.
    The picture is drawn by a ``MultiViewPoseVisualizer`` built from
    ``VISUALIZERS`` (:meth:`~MultiViewPoseVisualizer.add_datasample`).
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
        visualizer (dict, optional): Config of the visualizer; default
            ``dict(type='MultiViewPoseVisualizer')``. ``skeleton``,
            ``view_height`` and a unique ``name`` are filled in unless
            given.
    """

    priority = 'NORMAL'

    def __init__(self,
                 enable: bool = False,
                 interval: int = 50,
                 max_per_epoch: int = 8,
                 out_dir: Optional[str] = None,
                 skeleton: Optional[Sequence] = None,
                 view_height: int = 240,
                 visualizer: Optional[dict] = None) -> None:
        self.enable = bool(enable)
        self.interval = max(1, int(interval))
        self.max_per_epoch = int(max_per_epoch)
        self.out_dir = out_dir
        self.skeleton = skeleton
        self.view_height = int(view_height)
        self.visualizer_cfg = dict(visualizer or
                                   dict(type='MultiViewPoseVisualizer'))
        self._count = 0
        self._vis = None
        self.saved = []

    def _visualizer(self, runner) -> MultiViewPoseVisualizer:
        """The hook's ``MultiViewPoseVisualizer``, built on first use."""
        if self._vis is None:
            skeleton = self.skeleton
            if skeleton is None:
                meta = getattr(getattr(runner, 'model', None),
                               'dataset_meta', None) or {}
                skeleton = meta.get('skeleton_links') or get_dataset_meta(
                    'panoptic_body3d')['skeleton_links']
            cfg = dict(self.visualizer_cfg)
            cfg.setdefault('name', f'voxelpose_visualization_{next(_IDS)}')
            cfg.setdefault('skeleton', skeleton)
            cfg.setdefault('view_height', self.view_height)
            vis = VISUALIZERS.build(cfg)
            if not isinstance(vis, MultiViewPoseVisualizer):
                raise TypeError(
                    'VoxelPoseVisualizationHook: visualizer must be a '
                    f'MultiViewPoseVisualizer (or subclass), got '
                    f'{type(vis).__name__}')
            self._vis = vis
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
        meta = sample.metainfo
        step = runner.iter if mode == 'val' else batch_idx
        idx = meta.get('sample_idx', batch_idx)
        out_dir = self.out_dir or osp.join(runner.work_dir, 'vis',
                                           getattr(runner, 'timestamp', ''))
        os.makedirs(out_dir, exist_ok=True)
        path = osp.join(out_dir, f'{mode}_{step:06d}_{idx}.png')
        self._visualizer(runner).add_datasample(
            f'{mode}_{idx}', data_batch['inputs'][0], sample,
            out_file=path, step=step,
            title=f'{mode} iter {step} sample {idx}')
        self.saved.append(path)
        self._count += 1
