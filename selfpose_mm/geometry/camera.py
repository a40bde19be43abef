"""Pinhole camera with lens distortion, and batched projection ops.

Conventions used throughout :mod:`selfpose_mm.geometry`:

* **3D unit is the millimetre**, for world points, camera-space points and
  camera translations alike.
* Extrinsics map world to camera: ``x_cam = R @ X + t``; the camera centre
  in world coordinates is ``C = -R.T @ t``.
* Pixel coordinates follow OpenCV: ``u = fx * x_d + s * y_d + cx``, where
  ``(x_d, y_d)`` are the distorted normalised coordinates. ``K`` may be any
  3x3 matrix whose last row is ``(0, 0, 1)`` (so crop / resize / rotation
  affines can be folded into it, see :meth:`Camera.with_affine`).
* ``dist`` is always 5 numbers ``(k1, k2, p1, p2, k3)``. How ``p1, p2``
  enter depends on ``dist_model``:

  - ``'opencv'`` (default, Bouguet / OpenCV / Panoptic / Shelf / HumanEva)::

        x_d = x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x**2)
        y_d = y * radial + p1 * (r2 + 2 * y**2) + 2 * p2 * x * y

  - ``'h36m'`` (official Human3.6M ``project_point_radial``, with ``p1,
    p2`` in the order of the H36M metadata and mmpose's ``cameras.pkl``)::

        x_d = x * radial + p1 * x * y + p2 * (r2 + x**2)
        y_d = y * radial + p2 * x * y + p1 * (r2 + y**2)

  with ``r2 = x**2 + y**2`` and ``radial = 1 + k1 r2 + k2 r2**2 + k3
  r2**3``. The two models are *not* equivalent under any reordering or
  rescaling of ``p``; using OpenCV's model for H36M costs about 0.05-0.2 px.

The functional ops take torch tensors with broadcastable leading dims, e.g.
points ``(B, V, N, 3)`` with ``K`` ``(B, V, 3, 3)`` or ``(V, 3, 3)``; they
are differentiable. Passing NumPy arrays as the points returns NumPy arrays
(computed in float64).
"""
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import torch
from torch import Tensor

__all__ = [
    'CalibrationError', 'Camera', 'DIST_MODELS', 'world_to_camera',
    'camera_to_world', 'project_points', 'distort_points', 'undistort_points',
    'projection_matrix', 'camera_tensor_dict', 'common_dist_model'
]

ArrayLike = Union[Tensor, np.ndarray]

#: Supported lens distortion models (see the module docstring).
DIST_MODELS = ('opencv', 'h36m')

#: Tolerance on ``|R^T R - I|`` (max abs) and ``|det R - 1|``.
ROTATION_ATOL = 1e-3


class CalibrationError(ValueError):
    """Invalid or unreadable camera calibration.

    Messages name the source (file, camera, field) and how to fix it.
    """


# --------------------------------------------------------------------------
# numpy / torch plumbing
# --------------------------------------------------------------------------


def _torchify(ref: ArrayLike, *others: Any) -> Tuple[bool, List[Any]]:
    """Convert ``ref`` and ``others`` to tensors sharing ref's device.

    NumPy ``ref`` means NumPy mode: everything becomes float64 on CPU.
    ``None`` entries pass through unchanged.
    """
    is_np = not isinstance(ref, Tensor)
    if is_np:
        ref_t = torch.as_tensor(_writable(ref))
    else:
        ref_t = ref
    out = [ref_t]
    for x in others:
        if x is None:
            out.append(None)
        elif isinstance(x, Tensor):
            out.append(x.to(device=ref_t.device, dtype=ref_t.dtype))
        else:
            out.append(
                torch.as_tensor(
                    _writable(x), dtype=ref_t.dtype, device=ref_t.device))
    return is_np, out


def _writable(x: Any) -> np.ndarray:
    """``x`` as float64 NumPy, copied only when it is a read-only view
    (e.g. ``np.broadcast_to``), which torch cannot wrap without a warning."""
    a = np.asarray(x, dtype=np.float64)
    return a if a.flags.writeable else a.copy()


def _back(x: Tensor, is_np: bool) -> ArrayLike:
    return x.detach().cpu().numpy() if is_np else x


def _check_last(x: Tensor, shape: Tuple[int, ...], name: str) -> None:
    if x.dim() < len(shape) or tuple(x.shape[-len(shape):]) != shape:
        raise ValueError(f'{name} must have shape (..., '
                         f'{", ".join(map(str, shape))}), got '
                         f'{tuple(x.shape)}')


def _check_model(dist_model: str) -> None:
    if dist_model not in DIST_MODELS:
        raise ValueError(f'unknown dist_model {dist_model!r}; valid: '
                         f'{list(DIST_MODELS)}')


# --------------------------------------------------------------------------
# functional ops
# --------------------------------------------------------------------------


def world_to_camera(points: ArrayLike, R: ArrayLike,
                    t: ArrayLike) -> ArrayLike:
    """Map world points (mm) into camera coordinates (mm).

    Args:
        points: World points ``(..., N, 3)``.
        R: World-to-camera rotations ``(..., 3, 3)``.
        t: World-to-camera translations ``(..., 3)`` in mm.

    Returns:
        Camera-space points ``(..., N, 3)``: ``R @ X + t``.
    """
    is_np, (X, R, t) = _torchify(points, R, t)
    _check_last(X, (3, ), 'points')
    _check_last(R, (3, 3), 'R')
    _check_last(t, (3, ), 't')
    out = X @ R.transpose(-1, -2) + t.unsqueeze(-2)
    return _back(out, is_np)


def camera_to_world(points: ArrayLike, R: ArrayLike,
                    t: ArrayLike) -> ArrayLike:
    """Inverse of :func:`world_to_camera`: ``X = R^T (x_cam - t)``.

    Args:
        points: Camera-space points ``(..., N, 3)`` in mm.
        R: World-to-camera rotations ``(..., 3, 3)``.
        t: World-to-camera translations ``(..., 3)`` in mm.

    Returns:
        World points ``(..., N, 3)`` in mm.
    """
    is_np, (X, R, t) = _torchify(points, R, t)
    out = (X - t.unsqueeze(-2)) @ R
    return _back(out, is_np)


def _distort_xy(xy: Tensor,
                dist: Tensor,
                dist_model: str,
                jacobian: bool = False):
    """Distort normalised coordinates ``(..., N, 2)``.

    Returns the distorted coordinates and, if ``jacobian``, the 2x2
    Jacobian entries ``(dxx, dxy, dyx, dyy)`` each ``(..., N)``.
    """
    d = dist.unsqueeze(-2)  # (..., 1, 5)
    k1, k2, p1, p2, k3 = (d[..., i] for i in range(5))
    x, y = xy[..., 0], xy[..., 1]
    x2, y2, xy_ = x * x, y * y, x * y
    r2 = x2 + y2
    radial = 1 + r2 * (k1 + r2 * (k2 + r2 * k3))
    if dist_model == 'opencv':
        xd = x * radial + 2 * p1 * xy_ + p2 * (r2 + 2 * x2)
        yd = y * radial + p1 * (r2 + 2 * y2) + 2 * p2 * xy_
    else:  # h36m
        xd = x * radial + p1 * xy_ + p2 * (r2 + x2)
        yd = y * radial + p2 * xy_ + p1 * (r2 + y2)
    out = torch.stack([xd, yd], dim=-1)
    if not jacobian:
        return out
    dr = k1 + r2 * (2 * k2 + 3 * k3 * r2)  # d radial / d r2
    if dist_model == 'opencv':
        dxx = radial + 2 * x2 * dr + 2 * p1 * y + 6 * p2 * x
        dxy = 2 * xy_ * dr + 2 * p1 * x + 2 * p2 * y
        dyx = 2 * xy_ * dr + 2 * p1 * x + 2 * p2 * y
        dyy = radial + 2 * y2 * dr + 6 * p1 * y + 2 * p2 * x
    else:
        dxx = radial + 2 * x2 * dr + p1 * y + 4 * p2 * x
        dxy = 2 * xy_ * dr + p1 * x + 2 * p2 * y
        dyx = 2 * xy_ * dr + p2 * y + 2 * p1 * x
        dyy = radial + 2 * y2 * dr + p2 * x + 4 * p1 * y
    return out, (dxx, dxy, dyx, dyy)


def _apply_k(xy: Tensor, K: Tensor) -> Tensor:
    return xy @ K[..., :2, :2].transpose(-1, -2) + K[..., None, :2, 2]


def _apply_k_inv(uv: Tensor, K: Tensor) -> Tensor:
    A_inv = torch.linalg.inv(K[..., :2, :2])
    return (uv - K[..., None, :2, 2]) @ A_inv.transpose(-1, -2)


def project_points(points_world: ArrayLike,
                   K: ArrayLike,
                   R: Optional[ArrayLike] = None,
                   t: Optional[ArrayLike] = None,
                   dist: Optional[ArrayLike] = None,
                   dist_model: str = 'opencv') -> ArrayLike:
    """Project world points to pixels, like ``cv2.projectPoints``.

    Points with zero depth are divided by 1 (as OpenCV does); points
    behind the camera are projected without any check (use
    :func:`world_to_camera` to get depths for masking).

    Args:
        points_world: World points ``(..., N, 3)`` in mm.
        K: Intrinsics ``(..., 3, 3)``.
        R: World-to-camera rotations ``(..., 3, 3)``; ``None`` means the
            points are already in camera coordinates.
        t: Translations ``(..., 3)`` in mm; ``None`` means zero.
        dist: Distortion ``(..., 5)`` as ``(k1, k2, p1, p2, k3)`` or
            ``None`` for a distortion-free camera.
        dist_model: ``'opencv'`` or ``'h36m'`` (module docstring).

    Returns:
        Pixel coordinates ``(..., N, 2)``.
    """
    _check_model(dist_model)
    is_np, (X, K, R, t, dist) = _torchify(points_world, K, R, t, dist)
    _check_last(X, (3, ), 'points_world')
    _check_last(K, (3, 3), 'K')
    if R is not None:
        _check_last(R, (3, 3), 'R')
        X = X @ R.transpose(-1, -2)
    if t is not None:
        _check_last(t, (3, ), 't')
        X = X + t.unsqueeze(-2)
    z = X[..., 2:3]
    z = torch.where(z == 0, torch.ones_like(z), z)
    xy = X[..., :2] / z
    if dist is not None:
        _check_last(dist, (5, ), 'dist')
        xy = _distort_xy(xy, dist, dist_model)
    return _back(_apply_k(xy, K), is_np)


def distort_points(points2d: ArrayLike,
                   K: ArrayLike,
                   dist: ArrayLike,
                   normalized: bool = False,
                   dist_model: str = 'opencv') -> ArrayLike:
    """Apply lens distortion to ideal (undistorted) points.

    Args:
        points2d: Undistorted points ``(..., N, 2)``: pixels of the ideal
            pinhole camera ``K`` or, if ``normalized``, normalised
            coordinates ``(X/Z, Y/Z)``.
        K: Intrinsics ``(..., 3, 3)``.
        dist: Distortion ``(..., 5)`` as ``(k1, k2, p1, p2, k3)``.
        normalized: Whether the input is in normalised coordinates. The
            output is always in (distorted) pixels.
        dist_model: ``'opencv'`` or ``'h36m'``.

    Returns:
        Distorted pixel coordinates ``(..., N, 2)``.
    """
    _check_model(dist_model)
    is_np, (p, K, dist) = _torchify(points2d, K, dist)
    _check_last(p, (2, ), 'points2d')
    _check_last(dist, (5, ), 'dist')
    xy = p if normalized else _apply_k_inv(p, K)
    return _back(_apply_k(_distort_xy(xy, dist, dist_model), K), is_np)


def undistort_points(points2d: ArrayLike,
                     K: ArrayLike,
                     dist: ArrayLike,
                     iterations: int = 10,
                     normalized: bool = False,
                     dist_model: str = 'opencv') -> ArrayLike:
    """Remove lens distortion (inverse of :func:`distort_points`).

    Solves ``distort(x) = x_d`` per point with Newton's method (analytic
    2x2 Jacobian), starting from ``x = x_d``. Unlike
    ``cv2.undistortPoints`` (fixed-point, 5 iterations by default) this
    converges to machine precision within a few steps for realistic lenses.
    Differentiable (the iterations are unrolled).

    Args:
        points2d: Distorted pixel coordinates ``(..., N, 2)``.
        K: Intrinsics ``(..., 3, 3)``.
        dist: Distortion ``(..., 5)`` as ``(k1, k2, p1, p2, k3)``.
        iterations: Number of Newton steps.
        normalized: If True return normalised coordinates ``(X/Z, Y/Z)``
            (what ``cv2.undistortPoints`` returns without ``P``); otherwise
            pixels of the ideal pinhole camera ``K`` (``P=K`` in OpenCV).
        dist_model: ``'opencv'`` or ``'h36m'``.

    Returns:
        Undistorted points ``(..., N, 2)``.
    """
    _check_model(dist_model)
    is_np, (p, K, dist) = _torchify(points2d, K, dist)
    _check_last(p, (2, ), 'points2d')
    _check_last(dist, (5, ), 'dist')
    target = _apply_k_inv(p, K)
    xy = target
    for _ in range(iterations):
        f, (a, b, c, d) = _distort_xy(xy, dist, dist_model, jacobian=True)
        res = f - target
        det = a * d - b * c
        det = torch.where(det.abs() < 1e-12, torch.full_like(det, 1e-12), det)
        dx = (d * res[..., 0] - b * res[..., 1]) / det
        dy = (-c * res[..., 0] + a * res[..., 1]) / det
        xy = xy - torch.stack([dx, dy], dim=-1)
    out = xy if normalized else _apply_k(xy, K)
    return _back(out, is_np)


def projection_matrix(K: ArrayLike, R: ArrayLike, t: ArrayLike) -> ArrayLike:
    """``P = K [R | t]``.

    Args:
        K: Intrinsics ``(..., 3, 3)``.
        R: World-to-camera rotations ``(..., 3, 3)``.
        t: Translations ``(..., 3)`` in mm.

    Returns:
        Projection matrices ``(..., 3, 4)`` (pixels from homogeneous mm).
    """
    is_np, (K, R, t) = _torchify(K, R, t)
    Rt = torch.cat([R, t.unsqueeze(-1)], dim=-1)
    return _back(K @ Rt, is_np)


# --------------------------------------------------------------------------
# Camera dataclass
# --------------------------------------------------------------------------


def _as_array(value: Any, shape: Tuple[int, ...], name: str,
              where: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise CalibrationError(f'{where}: field {name!r} is not numeric '
                               f'({e}); expected shape {shape}') from None
    if arr.size == int(np.prod(shape)) and arr.shape != shape:
        arr = arr.reshape(shape)  # accept (3, 1) t, flat K, ...
    if arr.shape != shape:
        raise CalibrationError(f'{where}: field {name!r} has shape '
                               f'{arr.shape}, expected {shape}')
    if not np.all(np.isfinite(arr)):
        raise CalibrationError(f'{where}: field {name!r} contains NaN or '
                               f'inf: {arr.tolist()}')
    return arr


@dataclass
class Camera:
    """A calibrated camera; all 3D quantities in millimetres.

    ``x_cam = R @ X + t`` maps world points ``X`` (mm) into the camera,
    which projects them with ``dist`` (see ``dist_model``) and ``K``.
    Arrays are stored as float64 NumPy arrays and validated on creation;
    invalid values raise :class:`CalibrationError`.

    Attributes:
        name: Camera name, e.g. ``'00_03'``.
        K: Intrinsics ``(3, 3)``, last row ``(0, 0, 1)``.
        R: World-to-camera rotation ``(3, 3)`` (proper rotation).
        t: World-to-camera translation ``(3,)`` in mm.
        dist: ``(5,)`` distortion ``(k1, k2, p1, p2, k3)``; a length-4
            input ``(k1, k2, p1, p2)`` is zero-padded.
        image_size: ``(width, height)`` in pixels, or None.
        dist_model: ``'opencv'`` (default) or ``'h36m'``.
    """

    name: str
    K: np.ndarray
    R: np.ndarray
    t: np.ndarray
    dist: np.ndarray = field(default_factory=lambda: np.zeros(5))
    image_size: Optional[Tuple[int, int]] = None
    dist_model: str = 'opencv'

    def __post_init__(self) -> None:
        where = f'camera {self.name!r}'
        self.name = str(self.name)
        self.K = _as_array(self.K, (3, 3), 'K', where)
        self.R = _as_array(self.R, (3, 3), 'R', where)
        self.t = _as_array(self.t, (3, ), 't', where)
        dist = np.asarray(
            self.dist if self.dist is not None else np.zeros(5),
            dtype=np.float64).reshape(-1)
        if dist.size == 4:
            dist = np.concatenate([dist, [0.0]])
        self.dist = _as_array(dist, (5, ), 'dist', where)
        if self.dist_model not in DIST_MODELS:
            raise CalibrationError(f'{where}: dist_model '
                                   f'{self.dist_model!r} unknown; valid: '
                                   f'{list(DIST_MODELS)}')
        self._check_K(where)
        self._check_R(where)
        if self.image_size is not None:
            size = np.asarray(self.image_size).reshape(-1)
            if size.size != 2 or not np.all(size > 0):
                raise CalibrationError(f'{where}: image_size must be '
                                       f'(width, height) > 0, got '
                                       f'{self.image_size!r}')
            self.image_size = (int(size[0]), int(size[1]))

    def _check_K(self, where: str) -> None:
        K = self.K
        if not np.allclose(K[2], [0.0, 0.0, 1.0], atol=1e-9):
            raise CalibrationError(f'{where}: K last row must be (0, 0, 1) '
                                   f'(normalise K by K[2, 2]), got '
                                   f'{K[2].tolist()}')
        if K[1, 0] == 0.0:  # upper triangular: plain intrinsics
            if K[0, 0] <= 0 or K[1, 1] <= 0:
                raise CalibrationError(f'{where}: K has non-positive focal '
                                       f'length fx={K[0, 0]}, '
                                       f'fy={K[1, 1]}; expected > 0 px')
        elif np.linalg.det(K[:2, :2]) <= 0:
            raise CalibrationError(f'{where}: K[:2, :2] must have a '
                                   f'positive determinant, got '
                                   f'{np.linalg.det(K[:2, :2])}')

    def _check_R(self, where: str) -> None:
        R = self.R
        ortho = np.abs(R.T @ R - np.eye(3)).max()
        det = np.linalg.det(R)
        if ortho > ROTATION_ATOL or abs(det - 1) > ROTATION_ATOL:
            raise CalibrationError(
                f'{where}: R is not a rotation (max |R^T R - I| = '
                f'{ortho:.3g}, det = {det:.6g}); expected an orthonormal '
                'world-to-camera matrix with det +1 (transpose it if it is '
                'camera-to-world, negate it if det = -1)')

    # ------------------------------------------------------------------
    @property
    def center(self) -> np.ndarray:
        """Camera centre in world coordinates ``(3,)``, mm.

        ``-R^-1 t`` (equal to ``-R^T t`` for an exact rotation; using the
        inverse keeps it the exact null vector of the projection matrix
        for calibrations whose ``R`` is rounded).
        """
        return -np.linalg.solve(self.R, self.t)

    @property
    def projection_matrix(self) -> np.ndarray:
        """``K [R | t]`` ``(3, 4)`` (ignores distortion)."""
        return self.K @ np.concatenate([self.R, self.t[:, None]], axis=1)

    @property
    def has_distortion(self) -> bool:
        return bool(np.any(self.dist != 0))

    def project(self, points: np.ndarray) -> np.ndarray:
        """Project world points ``(N, 3)`` (mm) to pixels ``(N, 2)``."""
        pts = np.asarray(points, dtype=np.float64)
        return project_points(pts, self.K, self.R, self.t, self.dist,
                              self.dist_model)

    def world_to_camera(self, points: np.ndarray) -> np.ndarray:
        """World ``(N, 3)`` to camera ``(N, 3)`` coordinates, mm."""
        return world_to_camera(
            np.asarray(points, dtype=np.float64), self.R, self.t)

    def undistort(self, points2d: np.ndarray) -> np.ndarray:
        """Distorted pixels ``(N, 2)`` to ideal pinhole pixels ``(N, 2)``."""
        return undistort_points(
            np.asarray(points2d, dtype=np.float64),
            self.K,
            self.dist,
            dist_model=self.dist_model)

    # ------------------------------------------------------------------
    def with_affine(self,
                    A: np.ndarray,
                    image_size: Optional[Tuple[int, int]] = None,
                    name: Optional[str] = None) -> 'Camera':
        """Camera whose pixels are ``A @ [u, v, 1]`` of this camera.

        Use it for crops / resizes / rotations applied to the image (e.g.
        the 2x3 matrix of :func:`get_affine_matrix`). The result is exact
        also with distortion, because the affine acts after distortion:
        ``K' = [A; 0 0 1] @ K``.

        Args:
            A: Affine ``(2, 3)`` (or ``(3, 3)`` with last row 0 0 1).
            image_size: Output image ``(width, height)``; None keeps none.
            name: New name; defaults to this camera's name.

        Returns:
            A new :class:`Camera`.
        """
        A = np.asarray(A, dtype=np.float64)
        if A.shape == (3, 3):
            A = A[:2]
        if A.shape != (2, 3):
            raise ValueError(f'A must be (2, 3), got {A.shape}')
        A3 = np.concatenate([A, [[0.0, 0.0, 1.0]]], axis=0)
        return Camera(
            name=self.name if name is None else name,
            K=A3 @ self.K,
            R=self.R.copy(),
            t=self.t.copy(),
            dist=self.dist.copy(),
            image_size=image_size,
            dist_model=self.dist_model)

    def scaled(self, sx: float, sy: Optional[float] = None) -> 'Camera':
        """Camera for the image resized by ``(sx, sy)`` (``u' = sx * u``).

        This is the corner-aligned convention of mmpose's affine warps.
        For OpenCV's pixel-centre resize use :meth:`with_affine` with
        ``[[sx, 0, (sx - 1) / 2], [0, sy, (sy - 1) / 2]]``.
        """
        sy = sx if sy is None else sy
        size = None
        if self.image_size is not None:
            size = (int(round(self.image_size[0] * sx)),
                    int(round(self.image_size[1] * sy)))
        A = np.array([[sx, 0.0, 0.0], [0.0, sy, 0.0]])
        return self.with_affine(A, image_size=size)

    # ------------------------------------------------------------------
    def to_dict(self) -> Dict[str, Any]:
        """JSON-friendly dict (lists); ``t`` in mm."""
        out: Dict[str, Any] = {
            'K': self.K.tolist(),
            'R': self.R.tolist(),
            't': self.t.tolist(),
            'dist': self.dist.tolist(),
        }
        if self.image_size is not None:
            out['image_size'] = list(self.image_size)
        if self.dist_model != 'opencv':
            out['dist_model'] = self.dist_model
        return out

    @classmethod
    def from_dict(cls,
                  d: Dict[str, Any],
                  name: Optional[str] = None,
                  where: str = '') -> 'Camera':
        """Inverse of :meth:`to_dict`.

        Args:
            d: Dict with keys ``K, R, t`` and optionally ``dist,
                image_size, dist_model`` (and ``name`` if ``name`` is None).
            name: Camera name.
            where: Prefix for error messages (e.g. the file path).
        """
        name = d.get('name', '') if name is None else name
        loc = f'{where}: camera {name!r}' if where else f'camera {name!r}'
        allowed = {'name', 'K', 'R', 't', 'dist', 'image_size', 'dist_model'}
        unknown = sorted(set(d) - allowed)
        if unknown:
            raise CalibrationError(f'{loc}: unknown field(s) {unknown}; '
                                   f'allowed: {sorted(allowed)}')
        for key in ('K', 'R', 't'):
            if key not in d:
                raise CalibrationError(f'{loc}: missing field {key!r}; '
                                       f'required: K, R, t (mm)')
        try:
            return cls(
                name=name,
                K=d['K'],
                R=d['R'],
                t=d['t'],
                dist=d.get('dist', np.zeros(5)),
                image_size=d.get('image_size'),
                dist_model=d.get('dist_model', 'opencv'))
        except CalibrationError as e:
            if where:
                raise CalibrationError(f'{where}: {e}') from None
            raise

    def __repr__(self) -> str:
        return (f'Camera(name={self.name!r}, '
                f'f=({self.K[0, 0]:.1f}, {self.K[1, 1]:.1f}), '
                f'c=({self.K[0, 2]:.1f}, {self.K[1, 2]:.1f}), '
                f'center_mm={np.round(self.center, 1).tolist()}, '
                f'image_size={self.image_size}, dist_model='
                f'{self.dist_model!r})')


def common_dist_model(cameras: Sequence[Camera]) -> str:
    """The distortion model shared by ``cameras``.

    Raises:
        CalibrationError: If the cameras mix models.
    """
    models = sorted({c.dist_model for c in cameras})
    if len(models) > 1:
        raise CalibrationError(f'cameras mix distortion models {models}; '
                               'project them in separate groups')
    return models[0] if models else 'opencv'


def camera_tensor_dict(cameras: Union[Sequence[Camera], Dict[str, Camera]],
                  device: Optional[Union[str, torch.device]] = None,
                  dtype: torch.dtype = torch.float32) -> Dict[str, Tensor]:
    """Stack V cameras into tensors for the batched functional ops.

    Model and data code use :class:`selfpose_mm.structures.MultiViewCameras`
    (``from_cameras``) instead, which adds the input affines, batching and
    the cache key; this dict stays for geometry-level scripts and tests.

    Args:
        cameras: V cameras (a list or a name->camera dict, in order).
        device: Target device (default CPU).
        dtype: Floating dtype.

    Returns:
        Dict with ``K (V, 3, 3)``, ``R (V, 3, 3)``, ``t (V, 3)`` (mm),
        ``dist (V, 5)``, ``P (V, 3, 4)``, ``center (V, 3)`` (mm) and, when
        every camera has one, ``image_size (V, 2)`` (width, height). All
        cameras must share one ``dist_model`` (see
        :func:`common_dist_model`).
    """
    if isinstance(cameras, dict):
        cameras = list(cameras.values())
    if len(cameras) == 0:
        raise ValueError('camera_tensor_dict needs at least one camera')
    common_dist_model(cameras)

    def st(attr: str) -> Tensor:
        arr = np.stack([np.asarray(getattr(c, attr)) for c in cameras])
        return torch.as_tensor(arr, dtype=dtype, device=device)

    out = {
        'K': st('K'),
        'R': st('R'),
        't': st('t'),
        'dist': st('dist'),
        'P': st('projection_matrix'),
        'center': st('center'),
    }
    if all(c.image_size is not None for c in cameras):
        out['image_size'] = torch.as_tensor([c.image_size for c in cameras],
                                            dtype=dtype,
                                            device=device)
    return out
