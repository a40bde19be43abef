"""The data sample of one multi-view frame.

:class:`MultiViewPoseDataSample` subclasses mmpose's ``PoseDataSample``
rather than MMEngine's bare ``BaseDataElement``: the multi-view pipelines
already emit ``PoseDataSample`` s whose ``gt_instances`` /
``pred_instances`` / ``gt_fields`` the models, metrics, visualizers and
mmpose's own hooks read, and ``isinstance(x, PoseDataSample)`` checks in
mmpose keep working. It adds one typed data field, ``cameras``, a
:class:`~selfpose_mm.structures.MultiViewCameras` with leading dims
``(V,)``.

Per-view fields and where they live:

* ``cameras``: :class:`MultiViewCameras` ``(V,)`` (K, R, t, dist,
  image_size, input affine, input size), a data field set by the packers
  (``PackMultiViewInputs``, ``PackMultiViewDetections``,
  ``PackMultiViewLiftingInputs``). There is no camera dict in the
  metainfo.
* metainfo ``camera_names`` (V names), ``input_size`` ``(W, H)``,
  ``heatmap_size``.
* ``gt_instances``: scene-level ``keypoints_3d (M, K, 3)`` mm,
  ``keypoints_3d_visible (M, K)``, ``instance_ids (M,)`` and the per-view
  ``keypoints_2d (M, V, K, 2)`` network-input pixels with
  ``keypoints_2d_visible (M, V, K)``.
* ``pred_instances``: the model's 3D poses (see the estimators).
"""
from mmpose.structures import PoseDataSample

from .multiview_cameras import MultiViewCameras

__all__ = ['MultiViewPoseDataSample']


class MultiViewPoseDataSample(PoseDataSample):
    """A ``PoseDataSample`` that carries a :class:`MultiViewCameras`.

    Example:
        >>> sample = MultiViewPoseDataSample(metainfo=dict(
        ...     input_size=(512, 512)))
        >>> sample.cameras = MultiViewCameras.from_calibration('calib.json')
        >>> sample.cameras.num_views
        5
    """

    @property
    def cameras(self) -> MultiViewCameras:
        """The sample's cameras, leading dims ``(V,)``.

        Raises:
            AttributeError: No ``cameras`` field is set (a legacy metainfo
                ``camera_params`` dict is named in the message).
        """
        if '_cameras' not in self._data_fields:
            hint = ('; its metainfo holds a legacy camera_params dict: '
                    'convert it with MultiViewCameras.from_camera_params'
                    if 'camera_params' in self.metainfo else '')
            raise AttributeError(
                'data sample has no cameras: set sample.cameras (a '
                'MultiViewCameras (V,)) or pack it with PackMultiViewInputs'
                + hint)
        return self._cameras

    @cameras.setter
    def cameras(self, value: MultiViewCameras) -> None:
        if not isinstance(value, MultiViewCameras):
            raise TypeError(f'cameras must be a MultiViewCameras, got '
                            f'{type(value).__name__}')
        if value.is_batched:
            raise ValueError('a data sample holds unbatched (V,) cameras, '
                             f'got batch_shape {value.batch_shape}')
        self.set_field(value, '_cameras', dtype=MultiViewCameras)

    @cameras.deleter
    def cameras(self) -> None:
        del self._cameras
