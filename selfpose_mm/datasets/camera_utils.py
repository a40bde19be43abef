"""Camera stacking and 2D projection shared by multi-view datasets.

Datasets put one sample's cameras into the results as ``cameras``, a
:class:`~selfpose_mm.structures.MultiViewCameras` with leading dims
``(V,)`` (float32, CPU): ``K``, world-to-camera ``R``, ``t`` (mm, ``x_cam =
R X + t``), ``dist`` (``k1, k2, p1, p2, k3``), ``dist_model``, original
``image_size`` ``(W, H)`` and the input ``affine`` (identity until
``MultiViewAffine`` sets it). :func:`stack_cameras` builds it from
:class:`~selfpose_mm.geometry.Camera` objects; transforms read and update
it through its API, and ``PackMultiViewInputs`` stores it as the data
sample's ``cameras``.
"""
from typing import Sequence, Tuple

import numpy as np

from selfpose_mm.geometry import Camera, project_points
from selfpose_mm.structures import MultiViewCameras

__all__ = ['stack_cameras', 'project_to_views', 'results_cameras']


def results_cameras(results: dict, who: str) -> MultiViewCameras:
    """The ``(V,)`` cameras of a pipeline's results, or a clear error.

    Args:
        results (dict): A transform's results.
        who (str): The caller, named in the error.

    Returns:
        MultiViewCameras: ``results['cameras']``.

    Raises:
        KeyError: ``cameras`` is missing or not a structure (a legacy
            ``camera_params`` dict is named in the message).
    """
    cams = results.get('cameras')
    if isinstance(cams, MultiViewCameras) and not cams.is_batched:
        return cams
    hint = (' (found a legacy "camera_params" dict: datasets now put a '
            'MultiViewCameras under "cameras", see '
            'selfpose_mm.datasets.stack_cameras)'
            if 'camera_params' in results else '')
    raise KeyError(f'{who}: results need "cameras", an unbatched (V,) '
                   f'MultiViewCameras, got {type(cams).__name__}{hint}')


def _project_opencv(cam: np.ndarray, K: np.ndarray,
                    dist: np.ndarray) -> np.ndarray:
    """NumPy twin of :func:`project_points` for the OpenCV model.

    Data pipelines call it per sample; the torch version pays thread
    start-up costs on tiny arrays when data loading runs in the main
    process. Camera points (V, N, 3), K (V, 3, 3), dist (V, 5).
    """
    z = cam[..., 2:3]
    z = np.where(z == 0, 1., z)
    x, y = cam[..., 0] / z[..., 0], cam[..., 1] / z[..., 0]
    k1, k2, p1, p2, k3 = (dist[:, i, None] for i in range(5))
    r2 = x * x + y * y
    radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3))
    xd = x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x)
    yd = y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y
    u = K[:, 0, 0, None] * xd + K[:, 0, 1, None] * yd + K[:, 0, 2, None]
    v = K[:, 1, 0, None] * xd + K[:, 1, 1, None] * yd + K[:, 1, 2, None]
    return np.stack([u, v], -1)


def stack_cameras(cameras: Sequence[Camera]) -> MultiViewCameras:
    """Stack V :class:`Camera` objects into one sample's cameras.

    Args:
        cameras (Sequence[Camera]): V cameras, each with an ``image_size``
            and one shared ``dist_model``.

    Returns:
        MultiViewCameras: Leading dims ``(V,)``, float32 (the values the
        packed float32 form had), identity input affine.
    """
    cameras = list(cameras)
    missing = [c.name for c in cameras if c.image_size is None]
    if missing:
        raise ValueError(f'cameras {missing} have no image_size; set it in '
                         'the calibration (e.g. "resolution") or the config')
    # an empty list and mixed distortion models are refused there
    return MultiViewCameras.from_cameras(cameras)


def project_to_views(points: np.ndarray,
                     cameras: MultiViewCameras,
                     visible: np.ndarray = None,
                     min_depth: float = 100.,
                     max_fov_ratio: float = 1.3
                     ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Project people into every view with a visibility mask.

    A joint is visible in a view when it is annotated, at least
    ``min_depth`` mm in front of the camera, inside the image, and not so
    far off-axis that the distortion polynomial folds it back into the
    image (its undistorted normalised radius is below ``max_fov_ratio``
    times that of the image corners).

    Args:
        points (np.ndarray): World joints (M, K, 3) mm.
        cameras (MultiViewCameras): The ``(V,)`` cameras of the sample
            (computed in float64 from its values).
        visible (np.ndarray, optional): Annotation flags (M, K).
        min_depth (float): Minimum camera depth in mm.
        max_fov_ratio (float): Off-axis limit (see above).

    Returns:
        tuple: ``uv`` (V, M, K, 2) float64 original pixels, ``vis``
        (V, M, K) bool, ``depth`` (V, M, K) float64 mm.
    """
    if not isinstance(cameras, MultiViewCameras):
        raise TypeError(
            f'project_to_views: cameras must be a MultiViewCameras (V,), '
            f'got {type(cameras).__name__}; the camera_params dict contract '
            'is gone (build it with stack_cameras or '
            'MultiViewCameras.from_camera_params)')
    if cameras.is_batched:
        raise ValueError('project_to_views needs unbatched (V,) cameras')
    cp = {n: getattr(cameras, n).detach().cpu().double().numpy()
          for n in ('K', 'R', 't', 'dist', 'image_size')}
    dist_model = cameras.dist_model
    X = np.asarray(points, np.float64)
    M, K = X.shape[:2]
    V = cp['K'].shape[0]
    if M == 0:
        return (np.zeros((V, 0, K, 2)), np.zeros((V, 0, K), bool),
                np.zeros((V, 0, K)))
    flat = np.repeat(X.reshape(1, M * K, 3), V, axis=0)
    Kmat = cp['K'].astype(np.float64)
    R, t = cp['R'].astype(np.float64), cp['t'].astype(np.float64)
    dist = cp['dist'].astype(np.float64)
    cam = flat @ np.swapaxes(R, -1, -2) + t[:, None]
    depth = cam[..., 2]
    if dist_model == 'opencv':
        uv = _project_opencv(cam, Kmat, dist)
    else:
        uv = project_points(cam, Kmat, dist=dist, dist_model=dist_model)
    size = cp['image_size'].astype(np.float64)  # (V, 2)
    half = size / 2. / np.stack([Kmat[:, 0, 0], Kmat[:, 1, 1]], -1)
    r2_max = (half**2).sum(-1) * max_fov_ratio**2  # (V,)
    xy = cam[..., :2] / np.maximum(depth, 1e-6)[..., None]
    inside = ((uv >= 0) & (uv <= size[:, None] - 1)).all(-1)
    vis = (depth > min_depth) & inside & (
        (xy**2).sum(-1) < r2_max[:, None])
    if visible is not None:
        vis &= np.broadcast_to(
            np.asarray(visible).reshape(1, M * K) > 0, vis.shape)
    return (uv.reshape(V, M, K, 2), vis.reshape(V, M, K),
            depth.reshape(V, M, K))
