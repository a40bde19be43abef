"""The one visualizer of selfpose_mm, registered in ``VISUALIZERS``.

Build it from a config like any MMEngine visualizer::

    visualizer = dict(type='MultiViewPoseVisualizer', name='visualizer',
                      vis_backends=[dict(type='LocalVisBackend')])

It draws every picture the framework makes:

=================================== =====================================
picture                             method
=================================== =====================================
multi-view 2D overlays              :meth:`draw_view_overlay`,
                                    :meth:`tile_views`
a multi-view sample (3D panel +     :meth:`draw_multiview_sample`,
every view's input), validation     :meth:`add_datasample`
3D skeletons in the capture space   :meth:`draw_skeletons_3d`,
                                    :meth:`draw_space`
lifting results (2D in, 3D out,     :meth:`draw_lifting_frame`,
optional GT)                        :meth:`draw_lifting_sequence`
GIF / MP4 sequences, PNG strips     :meth:`save_animation`,
                                    :meth:`save_strip`
per-camera reprojection errors      :meth:`draw_reprojection_report`
=================================== =====================================

Matplotlib figures are drawn on their own Agg canvas; importing or using
this module never calls ``matplotlib.use`` (the user's backend is kept).
Never imports ``mmpose.visualization`` (which pulls torchvision).
"""
from typing import Optional, Sequence, Tuple

import cv2
import numpy as np
from mmengine.visualization import Visualizer

from selfpose_mm.registry import VISUALIZERS
from selfpose_mm.utils import get_dataset_meta
from .lifting import LiftingMixin
from .overlay2d import Overlay2DMixin
from .sequence import SequenceMixin
from .space3d import Space3DMixin

__all__ = ['MultiViewPoseVisualizer']


def _np(x) -> np.ndarray:
    if hasattr(x, 'detach'):
        x = x.detach().cpu().numpy()
    return np.asarray(x)


def _poses(x) -> np.ndarray:
    """``(M, K, 3)`` float64 poses; an empty input becomes ``(0, 1, 3)``."""
    if x is None or not np.size(x):
        return np.zeros((0, 1, 3))
    x = np.asarray(_np(x), np.float64)
    return x.reshape(-1, *x.shape[-2:])


@VISUALIZERS.register_module()
class MultiViewPoseVisualizer(Overlay2DMixin, Space3DMixin, LiftingMixin,
                              SequenceMixin, Visualizer):
    """Multi-view 2D overlays, 3D skeletons, lifting results and GIFs.

    Args:
        name (str): Instance name (MMEngine keeps one instance per name
            when built from a config). Defaults to ``'visualizer'``.
        image (np.ndarray, optional): Initial image of the MMEngine
            drawing API. Defaults to None.
        vis_backends (list[dict], optional): MMEngine visual backends that
            :meth:`add_datasample` writes to. Defaults to None.
        save_dir (str, optional): Folder of the backends.
        skeleton (Sequence[Tuple[int, int]], optional): Joint index pairs;
            default ``dataset_meta['skeleton_links']`` once set, else
            none.
        view_height (int): Pixel height of each view in
            :meth:`draw_multiview_sample`. Defaults to 240.
        panel_size (int): Pixel size of its 3D panel. Defaults to 480.
        **kwargs: Passed to :class:`mmengine.visualization.Visualizer`
            (``fig_save_cfg``, ``fig_show_cfg``).
    """

    def __init__(self,
                 name: str = 'visualizer',
                 image: Optional[np.ndarray] = None,
                 vis_backends: Optional[list] = None,
                 save_dir: Optional[str] = None,
                 skeleton: Optional[Sequence[Tuple[int, int]]] = None,
                 view_height: int = 240,
                 panel_size: int = 480,
                 **kwargs) -> None:
        super().__init__(name=name, image=image, vis_backends=vis_backends,
                         save_dir=save_dir, **kwargs)
        self._skeleton = None if skeleton is None else [
            tuple(int(i) for i in link) for link in skeleton
        ]
        self.view_height = int(view_height)
        self.panel_size = int(panel_size)
        # the Shelf/Campus GT layout, drawn next to another model layout
        self._shelf_links = [
            tuple(link) for link in get_dataset_meta('shelf')['skeleton_links']
        ]

    @property
    def skeleton(self) -> list:
        """Joint links: the ``skeleton`` argument, else the dataset's."""
        if self._skeleton is not None:
            return self._skeleton
        meta = self.dataset_meta or {}
        return [tuple(int(i) for i in link)
                for link in meta.get('skeleton_links', [])]

    def draw_multiview_sample(self,
                              inputs: np.ndarray,
                              meta: dict,
                              gt: np.ndarray,
                              pred: np.ndarray,
                              scores: Optional[np.ndarray] = None,
                              title: str = '') -> np.ndarray:
        """The 3D panel and every view of one sample, in one BGR image.

        Left: :meth:`draw_space`. Right: the views
        (:meth:`draw_input_view`) on two rows, scaled to the panel height.

        Args:
            inputs (np.ndarray): ``(V, C, H, W)`` network inputs.
            meta (dict): Sample metainfo (``input_size``,
                ``camera_names``) plus ``cameras`` (the sample's
                ``MultiViewCameras``).
            gt (np.ndarray): ``(M, K, 3)`` GT poses in mm.
            pred (np.ndarray): ``(N, K, 3)`` predicted poses in mm.
            scores (np.ndarray, optional): ``(N,)`` prediction scores.
            title (str): Panel title.

        Returns:
            np.ndarray: ``(panel_size, W, 3)`` uint8 BGR image.
        """
        gt, pred = _poses(gt), _poses(pred)
        panel = self.draw_space(gt, pred, scores, title)
        views = [
            self.draw_input_view(inputs[v], meta, v, gt, pred)
            for v in range(inputs.shape[0])
        ]
        cols = int(np.ceil(len(views) / 2))
        rows = [views[i * cols:(i + 1) * cols] for i in range(2)]
        width = max(sum(v.shape[1] for v in r) for r in rows if r)
        grid = np.zeros((2 * self.view_height, width, 3), np.uint8)
        for r, row in enumerate(rows):
            x = 0
            for v in row:
                grid[r * self.view_height:(r + 1) * self.view_height,
                     x:x + v.shape[1]] = v
                x += v.shape[1]
        grid = cv2.resize(grid, (max(1, int(width * self.panel_size /
                                            grid.shape[0])),
                                 self.panel_size))
        return np.concatenate([panel, grid], axis=1)

    def add_datasample(self,
                       name: str,
                       image: np.ndarray,
                       data_sample=None,
                       draw_gt: bool = True,
                       draw_pred: bool = True,
                       show: bool = False,
                       wait_time: float = 0,
                       out_file: Optional[str] = None,
                       step: int = 0,
                       title: Optional[str] = None) -> np.ndarray:
        """Draw one multi-view sample; save it or send it to the backends.

        Args:
            name (str): Image name for the backends.
            image (np.ndarray): ``(V, C, H, W)`` network inputs of the
                sample (tensor or array).
            data_sample: A data sample with the metainfo of
                :meth:`draw_multiview_sample`, ``gt_instances.keypoints_3d``
                and ``pred_instances.keypoints_3d`` (+ ``scores``).
            draw_gt (bool): Draw the GT poses. Defaults to True.
            draw_pred (bool): Draw the predictions. Defaults to True.
            show (bool): Show the picture in a window. Defaults to False.
            wait_time (float): Seconds to show it. Defaults to 0.
            out_file (str, optional): Write the PNG there instead of
                sending it to the backends.
            step (int): Global step for the backends. Defaults to 0.
            title (str, optional): 3D panel title; default ``name``.

        Returns:
            np.ndarray: The picture, BGR.
        """
        gt = pred = scores = None
        if data_sample is not None:
            if draw_gt and 'gt_instances' in data_sample:
                gt = data_sample.gt_instances.get('keypoints_3d')
            pred_inst = data_sample.get('pred_instances')
            if draw_pred and pred_inst is not None:
                pred = pred_inst.get('keypoints_3d')
                if 'scores' in pred_inst:
                    scores = _np(pred_inst.scores)
        meta = {}
        if data_sample is not None:
            meta = dict(data_sample.metainfo)
            if '_cameras' in getattr(data_sample, '_data_fields', ()):
                meta['cameras'] = data_sample.cameras
        img = self.draw_multiview_sample(_np(image), meta, gt, pred, scores,
                                         name if title is None else title)
        if show:
            self.show(img[..., ::-1], win_name=name, wait_time=wait_time)
        if out_file is not None:
            cv2.imwrite(out_file, img)
        else:
            self.add_image(name, img[..., ::-1], step)
        return img
