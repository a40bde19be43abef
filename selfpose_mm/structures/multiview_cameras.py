"""One structure for the cameras of a multi-view sample or batch.

:class:`MultiViewCameras` holds the per-view tensors every consumer of a
camera rig needs, with leading dims ``(V,)`` (one sample) or ``(B, V)`` (a
batch):

* ``K (..., 3, 3)`` intrinsics of the **original** image,
* ``R (..., 3, 3)``, ``t (..., 3)`` world-to-camera (``x_cam = R X + t``,
  millimetres),
* ``dist (..., 5)`` ``(k1, k2, p1, p2, k3)`` and ``dist_model`` (one str
  for the whole structure, see :mod:`selfpose_mm.geometry.camera`),
* ``image_size (..., 2)`` original ``(W, H)`` in pixels,
* ``affine (..., 2, 3)`` original pixels -> network-input pixels, and
  ``input_size`` ``(W, H)`` of the network input (shared by all views).

The maths lives in :mod:`selfpose_mm.geometry.camera`; the methods here only
route the right tensors to those ops (they stay differentiable). The
structure replaces the ``Dict[str, Tensor]`` camera dicts the models used to
pass around (``cams['K']``...), and its :meth:`MultiViewCameras.key` is the
hash the voxel projector caches its sampling grids by.

Datasets put one sample's cameras into the pipeline results as a ``(V,)``
structure (float32, CPU; it pickles with its tensors), transforms update it
(:meth:`MultiViewCameras.with_affine`, :meth:`MultiViewCameras.compose_affine`)
and the packer stores it as the data sample's ``cameras``;
:func:`batch_cameras` stacks those into ``(B, V)``. The NumPy
``camera_params`` dict (:meth:`MultiViewCameras.to_camera_params` /
:meth:`MultiViewCameras.from_camera_params`) is only the form of file
formats that need plain arrays (result files, recordings).

Example:
    >>> cams = MultiViewCameras.from_calibration('calib.json')  # (V,)
    >>> batch = MultiViewCameras.stack([cams, cams])            # (2, V)
    >>> uv = batch.project(points)  # world mm (N, 3) -> (2, V, N, 2) px
    >>> batch.select([0, 2]).centers                            # (2, 2, 3)
"""
import hashlib
from typing import (Dict, List, Mapping, Optional, Sequence, Tuple, Union)

import numpy as np
import torch
from torch import Tensor

from selfpose_mm.geometry import (Camera, camera_to_world, load_calibration,
                                  project_points, projection_matrix,
                                  undistort_points, world_to_camera)
from selfpose_mm.geometry.camera import DIST_MODELS

__all__ = ['CAMERA_FIELDS', 'MultiViewCameras', 'batch_cameras',
           'camera_set_key']

DeviceType = Optional[Union[str, torch.device]]
IndexType = Union[int, slice, Sequence[int], Tensor]

#: Per-view tensor fields with their trailing shapes.
CAMERA_FIELDS: Dict[str, Tuple[int, ...]] = {
    'K': (3, 3),
    'R': (3, 3),
    't': (3, ),
    'dist': (5, ),
    'image_size': (2, ),
    'affine': (2, 3),
}


def camera_set_key(arrays: Mapping[str, np.ndarray], dist_model: str,
                   input_size: Optional[Sequence[float]]) -> str:
    """Hash one sample's cameras, affines and input size.

    Args:
        arrays (Mapping[str, np.ndarray]): ``K``, ``R``, ``t``, ``dist``,
            ``image_size`` and ``affine`` of one sample, ``(V, ...)`` (any
            float type; hashed as float32).
        dist_model (str): Lens distortion model name.
        input_size (Sequence[float], optional): Network-input ``(W, H)``.

    Returns:
        str: A hex digest that changes whenever any value changes.
    """
    h = hashlib.sha1()
    for name in CAMERA_FIELDS:
        arr = np.ascontiguousarray(np.asarray(arrays[name], np.float32))
        h.update(name.encode())
        h.update(str(arr.shape).encode())
        h.update(arr.tobytes())
    h.update(dist_model.encode())
    if input_size is not None:
        h.update(np.asarray(input_size, np.float32).tobytes())
    return h.hexdigest()


def batch_cameras(data_samples: Sequence,
                  device: DeviceType = None,
                  dtype: torch.dtype = torch.float32) -> 'MultiViewCameras':
    """Alias of :meth:`MultiViewCameras.from_data_samples`."""
    return MultiViewCameras.from_data_samples(data_samples, device, dtype)


def _identity_affine(lead: Tuple[int, ...], like: Tensor) -> Tensor:
    eye = torch.eye(2, 3, dtype=like.dtype, device=like.device)
    return eye.expand(lead + (2, 3)).clone()


class MultiViewCameras:
    """Batched pinhole cameras with distortion and input affines.

    All tensors share one device, one float dtype and the leading dims
    ``batch_shape``: ``(V,)`` for one sample or ``(B, V)`` for a batch.
    Instances are treated as immutable: methods return new structures
    (sharing storage where possible), so a cached :meth:`key` stays valid.

    Args:
        K (Tensor | np.ndarray): Intrinsics ``(..., V, 3, 3)``.
        R (Tensor | np.ndarray): World-to-camera rotations
            ``(..., V, 3, 3)``.
        t (Tensor | np.ndarray): Translations ``(..., V, 3)`` in mm.
        dist (Tensor | np.ndarray, optional): ``(..., V, 5)``; None means
            no distortion (zeros).
        image_size (Tensor | np.ndarray, optional): Original ``(W, H)``
            ``(..., V, 2)``; None means unknown (zeros; :meth:`in_image`
            then refuses).
        affine (Tensor | np.ndarray, optional): Original -> network-input
            pixels ``(..., V, 2, 3)``; None means the identity.
        dist_model (str): ``'opencv'`` or ``'h36m'``. Defaults to
            ``'opencv'``.
        input_size (Sequence[float], optional): Network-input ``(W, H)``.
        device (str | torch.device, optional): Target device; defaults to
            ``K``'s (CPU for NumPy input).
        dtype (torch.dtype, optional): Float dtype; defaults to ``K``'s if
            it is a floating tensor, else float32. NumPy inputs are
            converted straight to it (float32 data in float64 stays
            exact).

    Raises:
        ValueError: On shape disagreements or an unknown ``dist_model``.
    """

    def __init__(self,
                 K: Union[Tensor, np.ndarray],
                 R: Union[Tensor, np.ndarray],
                 t: Union[Tensor, np.ndarray],
                 dist: Optional[Union[Tensor, np.ndarray]] = None,
                 image_size: Optional[Union[Tensor, np.ndarray]] = None,
                 affine: Optional[Union[Tensor, np.ndarray]] = None,
                 dist_model: str = 'opencv',
                 input_size: Optional[Sequence[float]] = None,
                 device: DeviceType = None,
                 dtype: Optional[torch.dtype] = None) -> None:
        if dist_model not in DIST_MODELS:
            raise ValueError(f'unknown dist_model {dist_model!r}; valid: '
                             f'{list(DIST_MODELS)}')
        if dtype is None:
            dtype = K.dtype if isinstance(K, Tensor) and \
                K.is_floating_point() else torch.float32
        if device is None:
            device = K.device if isinstance(K, Tensor) else None

        def conv(x):
            if isinstance(x, Tensor):
                return x.to(device=device, dtype=dtype)
            return torch.as_tensor(
                np.asarray(x, np.float64), dtype=dtype, device=device)

        self.K = conv(K)
        if self.K.dim() not in (3, 4) or tuple(self.K.shape[-2:]) != (3, 3):
            raise ValueError(f'K must be (V, 3, 3) or (B, V, 3, 3), got '
                             f'{tuple(self.K.shape)}')
        lead = tuple(self.K.shape[:-2])
        self.R = conv(R)
        self.t = conv(t)
        self.dist = (conv(dist) if dist is not None else
                     self.K.new_zeros(lead + (5, )))
        self.image_size = (conv(image_size) if image_size is not None else
                           self.K.new_zeros(lead + (2, )))
        self.affine = (conv(affine) if affine is not None else
                       _identity_affine(lead, self.K))
        for name, shape in CAMERA_FIELDS.items():
            got = tuple(getattr(self, name).shape)
            if got != lead + shape:
                raise ValueError(
                    f'MultiViewCameras: {name} has shape {got}, expected '
                    f'{lead + shape} (leading dims {lead} from K)')
        self.dist_model = str(dist_model)
        self.input_size = (None if input_size is None else tuple(
            float(s) for s in input_size))
        self._keys: Optional[List[str]] = None

    # ------------------------------------------------------------------
    # constructors
    # ------------------------------------------------------------------
    @classmethod
    def from_cameras(cls,
                     cameras: Union[Sequence[Camera], Mapping[str, Camera]],
                     affine: Optional[Union[Tensor, np.ndarray]] = None,
                     input_size: Optional[Sequence[float]] = None,
                     device: DeviceType = None,
                     dtype: torch.dtype = torch.float32
                     ) -> 'MultiViewCameras':
        """Stack V :class:`~selfpose_mm.geometry.Camera` objects.

        Args:
            cameras (Sequence[Camera] | Mapping[str, Camera]): V cameras
                (a name -> camera mapping is taken in its order). They must
                share one ``dist_model``; a camera without ``image_size``
                gets zeros.
            affine (Tensor | np.ndarray, optional): ``(V, 2, 3)`` input
                affines; None means the identity.
            input_size (Sequence[float], optional): Network-input ``(W, H)``.
            device (str | torch.device, optional): Target device.
            dtype (torch.dtype): Float dtype. Defaults to float32.

        Returns:
            MultiViewCameras: Leading dims ``(V,)``.
        """
        if isinstance(cameras, Mapping):
            cameras = list(cameras.values())
        cameras = list(cameras)
        if not cameras:
            raise ValueError('MultiViewCameras.from_cameras: no cameras')
        models = sorted({c.dist_model for c in cameras})
        if len(models) > 1:
            raise ValueError(f'cameras mix distortion models {models}; one '
                             'MultiViewCameras uses a single dist_model')
        size = np.array([
            c.image_size if c.image_size is not None else (0, 0)
            for c in cameras
        ], np.float32)
        return cls(
            K=np.stack([c.K for c in cameras]),
            R=np.stack([c.R for c in cameras]),
            t=np.stack([c.t for c in cameras]),
            dist=np.stack([c.dist for c in cameras]),
            image_size=size,
            affine=affine,
            dist_model=models[0],
            input_size=input_size,
            device=device,
            dtype=dtype)

    @classmethod
    def from_calibration(cls,
                         path: str,
                         camera_names: Optional[Sequence[str]] = None,
                         convention: str = 'auto',
                         device: DeviceType = None,
                         dtype: torch.dtype = torch.float32,
                         **kwargs) -> 'MultiViewCameras':
        """Read a calibration file (any format of
        :func:`selfpose_mm.geometry.load_calibration`).

        Args:
            path (str): Calibration file.
            camera_names (Sequence[str], optional): Views to keep, in this
                order; None keeps every camera in file order.
            convention (str): Passed to ``load_calibration``.
            device (str | torch.device, optional): Target device.
            dtype (torch.dtype): Float dtype. Defaults to float32.
            **kwargs: Passed to the format's loader.

        Returns:
            MultiViewCameras: Leading dims ``(V,)``.

        Raises:
            KeyError: A requested camera is not in the file.
        """
        cams = load_calibration(path, convention=convention, **kwargs)
        if camera_names is not None:
            missing = [n for n in camera_names if n not in cams]
            if missing:
                raise KeyError(f'{path}: no camera(s) {missing}; the file '
                               f'has {list(cams)}')
            cams = [cams[n] for n in camera_names]
        return cls.from_cameras(cams, device=device, dtype=dtype)

    @classmethod
    def from_camera_params(cls,
                           camera_params: Mapping,
                           affine: Optional[np.ndarray] = None,
                           input_size: Optional[Sequence[float]] = None,
                           device: DeviceType = None,
                           dtype: torch.dtype = torch.float32
                           ) -> 'MultiViewCameras':
        """From a dict of plain NumPy arrays (file formats, legacy data).

        The inverse of :meth:`to_camera_params`; for readers of formats
        that store the arrays (result files, recordings, old dumps).
        Pipelines and models never pass this dict around.

        Args:
            camera_params (Mapping): NumPy ``K (V, 3, 3)``, ``R``, ``t (V,
                3)`` and optionally ``dist (V, 5)`` (zeros), ``image_size
                (V, 2)`` (zeros: unknown) and ``dist_model`` (defaults to
                ``'opencv'``).
            affine (np.ndarray, optional): ``(V, 2, 3)`` input affines.
            input_size (Sequence[float], optional): Network-input ``(W, H)``.
            device (str | torch.device, optional): Target device.
            dtype (torch.dtype): Float dtype. Defaults to float32.

        Returns:
            MultiViewCameras: Leading dims ``(V,)``.

        Raises:
            KeyError: ``K``, ``R`` or ``t`` is missing.
        """
        missing = [n for n in ('K', 'R', 't') if n not in camera_params]
        if missing:
            raise KeyError(f'camera_params has no {missing} (needs K, R, t '
                           'and optionally dist, image_size).')
        return cls(
            **{n: camera_params.get(n)
               for n in ('K', 'R', 't', 'dist', 'image_size')},
            affine=affine,
            dist_model=str(camera_params.get('dist_model', 'opencv')),
            input_size=input_size,
            device=device,
            dtype=dtype)

    @classmethod
    def from_data_samples(cls,
                          data_samples: Sequence,
                          device: DeviceType = None,
                          dtype: torch.dtype = torch.float32
                          ) -> 'MultiViewCameras':
        """Batch the cameras of B packed multi-view data samples.

        Each sample must carry its ``cameras`` (a ``(V,)`` structure, as
        ``PackMultiViewInputs`` sets on a ``MultiViewPoseDataSample``);
        they are stacked with :meth:`stack` and moved to ``device`` /
        ``dtype``.

        Args:
            data_samples (Sequence[MultiViewPoseDataSample]): B samples.
            device (str | torch.device, optional): Target device (the
                model's). Defaults to CPU.
            dtype (torch.dtype): Float dtype. Defaults to float32.

        Returns:
            MultiViewCameras: Leading dims ``(B, V)``, with its per-sample
            keys computed.

        Raises:
            KeyError: A sample has no cameras (a legacy metainfo
                ``camera_params`` dict is named in the message).
            ValueError: Samples differ in view count, ``input_size`` or
                ``dist_model``.
        """
        if len(data_samples) == 0:
            raise ValueError('batch_cameras needs at least one data sample')
        cams = []
        for idx, sample in enumerate(data_samples):
            c = (sample._cameras if '_cameras' in getattr(
                sample, '_data_fields', ()) else None)
            if not isinstance(c, cls):
                legacy = 'camera_params' in getattr(sample, 'metainfo', {})
                raise KeyError(
                    f'data sample {idx} has no cameras (a MultiViewCameras '
                    '(V,) set by PackMultiViewInputs on a '
                    'MultiViewPoseDataSample)' +
                    ('; its metainfo holds a legacy camera_params dict, '
                     'read it with MultiViewCameras.from_camera_params'
                     if legacy else ''))
            cams.append(c)
        out = cls.stack(cams)
        out.sample_keys()  # hashed once, on the float32 host values
        return out.to(device=device, dtype=dtype) if (
            device is not None or dtype != out.dtype) else out

    @classmethod
    def stack(cls, cameras: Sequence['MultiViewCameras']
              ) -> 'MultiViewCameras':
        """Batch samples: B structures ``(V,)`` -> one ``(B, V)``.

        Args:
            cameras (Sequence[MultiViewCameras]): Unbatched structures with
                one view count, ``dist_model`` and ``input_size``.

        Returns:
            MultiViewCameras: Leading dims ``(B, V)`` on the first one's
            device and dtype.

        Raises:
            ValueError: Empty input, a batched input, or disagreeing view
                counts, ``dist_model`` or ``input_size``.
        """
        cameras = list(cameras)
        if not cameras:
            raise ValueError('MultiViewCameras.stack needs at least one '
                             'structure')
        if any(c.is_batched for c in cameras):
            raise ValueError('MultiViewCameras.stack takes unbatched (V,) '
                             'structures; use cat() for batched ones')
        return cls.cat([c[None] for c in cameras])

    @classmethod
    def cat(cls, cameras: Sequence['MultiViewCameras']
            ) -> 'MultiViewCameras':
        """Concatenate batched ``(B_i, V)`` structures along the batch.

        Args:
            cameras (Sequence[MultiViewCameras]): Batched structures with
                one view count, ``dist_model`` and ``input_size``.

        Returns:
            MultiViewCameras: ``(sum B_i, V)``.
        """
        cameras = list(cameras)
        if not cameras:
            raise ValueError('MultiViewCameras.cat needs at least one '
                             'structure')
        first = cameras[0]
        for i, c in enumerate(cameras):
            if not c.is_batched:
                raise ValueError('MultiViewCameras.cat takes batched (B, V) '
                                 'structures; use stack() for (V,) ones')
            if c.num_views != first.num_views:
                raise ValueError(
                    f'structure {i} has {c.num_views} views, structure 0 '
                    f'{first.num_views}; batch frames of one camera rig')
            if (c.dist_model, c.input_size) != (first.dist_model,
                                                 first.input_size):
                raise ValueError(
                    f'structure {i}: input_size {c.input_size} / '
                    f'dist_model {c.dist_model!r} differ from structure 0 '
                    f'({first.input_size}, {first.dist_model!r}); one '
                    'batch must share them.')
        fields = {
            n: torch.cat([
                getattr(c, n).to(device=first.K.device, dtype=first.K.dtype)
                for c in cameras
            ]) for n in CAMERA_FIELDS
        }
        out = cls._like(first, **fields)
        if all(c._keys is not None for c in cameras):
            out._keys = [k for c in cameras for k in c._keys]
        return out

    @classmethod
    def _like(cls, ref: 'MultiViewCameras',
              **fields: Tensor) -> 'MultiViewCameras':
        """A structure with ``ref``'s scalars and the given tensors."""
        out = cls.__new__(cls)
        for name in CAMERA_FIELDS:
            setattr(out, name, fields.get(name, getattr(ref, name)))
        out.dist_model = ref.dist_model
        out.input_size = ref.input_size
        out._keys = None
        return out

    # ------------------------------------------------------------------
    # shape, device, indexing
    # ------------------------------------------------------------------
    @property
    def batch_shape(self) -> Tuple[int, ...]:
        """Leading dims: ``(V,)`` or ``(B, V)``."""
        return tuple(self.K.shape[:-2])

    @property
    def is_batched(self) -> bool:
        """Whether the leading dims are ``(B, V)``."""
        return self.K.dim() == 4

    @property
    def num_views(self) -> int:
        """V, the number of views."""
        return int(self.K.shape[-3])

    @property
    def batch_size(self) -> int:
        """B (1 for an unbatched structure)."""
        return int(self.K.shape[0]) if self.is_batched else 1

    @property
    def device(self) -> torch.device:
        """Device of the tensors."""
        return self.K.device

    @property
    def dtype(self) -> torch.dtype:
        """Float dtype of the tensors."""
        return self.K.dtype

    def __len__(self) -> int:
        """The number of views V (also for a batched structure)."""
        return self.num_views

    def to(self, *args, **kwargs) -> 'MultiViewCameras':
        """``Tensor.to`` on every field (device and/or float dtype).

        Returns:
            MultiViewCameras: The moved copy (``key`` carries over only when
            the dtype is unchanged).
        """
        out = self._like(
            self, **{n: getattr(self, n).to(*args, **kwargs)
                     for n in CAMERA_FIELDS})
        if out.dtype == self.dtype:
            out._keys = self._keys
        return out

    def cpu(self) -> 'MultiViewCameras':
        """The structure on the CPU."""
        return self.to('cpu')

    def select(self, views: IndexType) -> 'MultiViewCameras':
        """Keep some views (the V axis), in the given order.

        Args:
            views (int | slice | Sequence[int] | Tensor): View indices; an
                int keeps that view as a 1-view structure.

        Returns:
            MultiViewCameras: Leading dims ``(V',)`` or ``(B, V')``.
        """
        if isinstance(views, int):
            views = [views]
        if not isinstance(views, (slice, Tensor)):
            views = torch.as_tensor(list(views), dtype=torch.long,
                                    device=self.device)
        out = {}
        for name, shape in CAMERA_FIELDS.items():
            x = getattr(self, name)
            axis = x.dim() - len(shape) - 1
            if isinstance(views, slice):
                idx = [slice(None)] * axis + [views]
                out[name] = x[tuple(idx)]
            else:
                out[name] = x.index_select(axis, views.to(x.device))
        return self._like(self, **out)

    def __getitem__(self, index: IndexType) -> 'MultiViewCameras':
        """Index the batch axis of a batched structure.

        ``cams[b]`` gives sample b as a ``(V,)`` structure, ``cams[None]``
        adds a batch axis of 1 to an unbatched one, and a slice, list or
        long tensor keeps a sub-batch (repeats allowed). Views are chosen
        with :meth:`select`.
        """
        if index is None:
            if self.is_batched:
                raise IndexError('structure is already batched')
            out = self._like(self, **{n: getattr(self, n)[None]
                                      for n in CAMERA_FIELDS})
            if self._keys is not None:
                out._keys = list(self._keys)
            return out
        if not self.is_batched:
            raise IndexError('an unbatched (V,) MultiViewCameras has no '
                             'batch axis; use select(views)')
        keys = self._keys
        if isinstance(index, int):
            out = self._like(self, **{n: getattr(self, n)[index]
                                      for n in CAMERA_FIELDS})
            if keys is not None:
                out._keys = [keys[index]]
            return out
        if isinstance(index, slice):
            out = self._like(self, **{n: getattr(self, n)[index]
                                      for n in CAMERA_FIELDS})
            if keys is not None:
                out._keys = keys[index]
            return out
        idx = torch.as_tensor(
            index if isinstance(index, Tensor) else list(index),
            dtype=torch.long, device=self.device)
        out = self._like(self, **{n: getattr(self, n).index_select(0, idx)
                                  for n in CAMERA_FIELDS})
        if keys is not None:
            out._keys = [keys[i] for i in idx.tolist()]
        return out

    # ------------------------------------------------------------------
    # input affine (crop / resize / augmentation)
    # ------------------------------------------------------------------
    def with_affine(self,
                    affine: Union[Tensor, np.ndarray],
                    input_size: Optional[Sequence[float]] = None
                    ) -> 'MultiViewCameras':
        """The same cameras with the input affine replaced.

        Args:
            affine (Tensor | np.ndarray): Original -> network-input pixels
                ``(*batch_shape, 2, 3)`` (converted to this dtype).
            input_size (Sequence[float], optional): New network-input
                ``(W, H)``; None keeps the current one.

        Returns:
            MultiViewCameras: A new structure (the others' tensors shared).
        """
        A = (affine if isinstance(affine, Tensor) else torch.as_tensor(
            np.asarray(affine, np.float64)))
        A = A.to(device=self.device, dtype=self.dtype)
        want = self.batch_shape + (2, 3)
        if tuple(A.shape) != want:
            raise ValueError(f'affine has shape {tuple(A.shape)}, expected '
                             f'{want}')
        out = self._like(self, affine=A)
        if input_size is not None:
            out.input_size = tuple(float(v) for v in input_size)
        return out

    def compose_affine(self,
                       affine: Union[Tensor, np.ndarray],
                       input_size: Optional[Sequence[float]] = None
                       ) -> 'MultiViewCameras':
        """Apply a further input-pixel affine after the current one.

        The new affine is ``E ∘ A`` (first the current ``A``: original ->
        input pixels, then ``E``: input -> new input pixels), composed in
        float64 and stored in this dtype; a crop, resize or augmentation
        of the network input is one call.

        Args:
            affine (Tensor | np.ndarray): ``E``, ``(2, 3)`` for every view
                or ``(*batch_shape, 2, 3)``.
            input_size (Sequence[float], optional): New network-input
                ``(W, H)``; None keeps the current one.

        Returns:
            MultiViewCameras: A new structure.
        """
        E = np.asarray(
            affine.detach().cpu().numpy() if isinstance(affine, Tensor)
            else affine, np.float64)
        A = self.affine.detach().cpu().double().numpy()
        lin = E[..., :2] @ A[..., :2]
        if E.ndim == 2:  # one affine for every view
            off = A[..., 2] @ E[:, :2].T + E[:, 2]
        else:
            off = (A[..., None, :, 2] @ np.swapaxes(E[..., :2], -1, -2))[
                ..., 0, :] + E[..., 2]
        return self.with_affine(
            np.concatenate([lin, off[..., None]], -1), input_size)

    def flip_horizontal(self,
                        width: Optional[Union[float, Tensor]] = None
                        ) -> 'MultiViewCameras':
        """The cameras of horizontally mirrored images (``u -> w - u``).

        Projecting camera-frame points mirrored as ``x_cam -> -x_cam``
        with the result gives the mirrored pixels exactly (VideoPose3D's
        flip augmentation): ``cx -> w - cx``, the skew changes sign, and so
        does the tangential coefficient paired with x (``dist[..., 3]``:
        OpenCV's p2 and the second one of the Human3.6M model); the radial
        terms are even in x. ``R``, ``t``, ``affine`` and ``image_size``
        are kept. Flipping twice gives the cameras back.

        Args:
            width (float | Tensor, optional): Image width ``w`` in pixels,
                one float or ``(*batch_shape)``; None uses
                ``image_size[..., 0]``.

        Returns:
            MultiViewCameras: A new structure (``cx`` computed in float64
            and stored in this dtype).
        """
        if width is None:
            if not bool((self.image_size[..., 0] > 0).all()):
                raise ValueError('flip_horizontal: unknown image width '
                                 '(image_size is zero); pass width')
            width = self.image_size[..., 0]
        w = torch.as_tensor(width, dtype=torch.float64, device=self.device)
        K = self.K.clone()
        K[..., 0, 2] = (w - self.K[..., 0, 2].double()).to(self.dtype)
        K[..., 0, 1] = -self.K[..., 0, 1]
        dist = self.dist.clone()
        dist[..., 3] = -self.dist[..., 3]
        return self._like(self, K=K, dist=dist)

    def without_distortion(self) -> 'MultiViewCameras':
        """The same cameras with all distortion coefficients zero."""
        return self._like(self, dist=torch.zeros_like(self.dist))

    def to_cameras(self, names: Optional[Sequence[str]] = None
                   ) -> List[Camera]:
        """Back to V :class:`~selfpose_mm.geometry.Camera` objects.

        Args:
            names (Sequence[str], optional): Camera names; defaults to
                ``'0'``, ``'1'``, ...

        Returns:
            list[Camera]: Float64 copies (affines are not folded in; use
            ``Camera.with_affine`` for that). Zero image sizes become None.
        """
        if self.is_batched:
            raise ValueError('to_cameras needs an unbatched (V,) structure; '
                             'index a sample first (cams[b])')
        names = ([str(v) for v in range(self.num_views)]
                 if names is None else list(names))
        arr = {n: getattr(self, n).detach().cpu().double().numpy()
               for n in CAMERA_FIELDS}
        out = []
        for v, name in enumerate(names):
            size = arr['image_size'][v]
            out.append(
                Camera(
                    name=name,
                    K=arr['K'][v],
                    R=arr['R'][v],
                    t=arr['t'][v],
                    dist=arr['dist'][v],
                    image_size=None if not np.all(size > 0) else
                    (int(round(size[0])), int(round(size[1]))),
                    dist_model=self.dist_model))
        return out

    def to_camera_params(self) -> Dict:
        """The plain-array dict of an unbatched structure (file formats).

        Returns:
            dict: NumPy float32 ``K``, ``R``, ``t``, ``dist``, int32
            ``image_size`` and ``dist_model`` (the inverse of
            :meth:`from_camera_params`).
        """
        if self.is_batched:
            raise ValueError('to_camera_params needs an unbatched (V,) '
                             'structure; index a sample first (cams[b])')
        out = {
            n: getattr(self, n).detach().cpu().numpy().astype(np.float32)
            for n in ('K', 'R', 't', 'dist')
        }
        out['image_size'] = np.round(
            self.image_size.detach().cpu().numpy()).astype(np.int32)
        out['dist_model'] = self.dist_model
        return out

    # ------------------------------------------------------------------
    # cache keys
    # ------------------------------------------------------------------
    def sample_keys(self) -> List[str]:
        """One :func:`camera_set_key` per sample (B keys; 1 if unbatched).

        Computed once (one host copy) and kept with the structure.
        """
        if self._keys is None:
            arrays = {n: getattr(self, n).detach().cpu().numpy()
                      for n in CAMERA_FIELDS}
            if not self.is_batched:
                arrays = {n: a[None] for n, a in arrays.items()}
            self._keys = [
                camera_set_key({n: a[b]
                                for n, a in arrays.items()},
                               self.dist_model, self.input_size)
                for b in range(arrays['K'].shape[0])
            ]
        return self._keys

    def key(self) -> str:
        """Hash of all values (cameras, affines, ``dist_model``,
        ``input_size``): the cache key of an unbatched structure.

        For a batched structure it hashes the per-sample keys in order
        (use :meth:`sample_keys` for per-sample caches).
        """
        keys = self.sample_keys()
        if not self.is_batched:
            return keys[0]
        return hashlib.sha1(''.join(keys).encode()).hexdigest()

    # ------------------------------------------------------------------
    # derived quantities
    # ------------------------------------------------------------------
    @property
    def has_distortion(self) -> bool:
        """Whether any view has a non-zero distortion coefficient."""
        return bool((self.dist != 0).any())

    @property
    def centers(self) -> Tensor:
        """Camera centres in world mm ``(..., V, 3)``: ``-R^-1 t``."""
        return -torch.linalg.solve(self.R, self.t.unsqueeze(-1))[..., 0]

    @property
    def projection_matrices(self) -> Tensor:
        """``K [R | t]`` ``(..., V, 3, 4)`` (original pixels, no
        distortion)."""
        return projection_matrix(self.K, self.R, self.t)

    # ------------------------------------------------------------------
    # geometry (routed to selfpose_mm.geometry.camera)
    # ------------------------------------------------------------------
    def _dist_or_none(self, skip_zero: bool) -> Optional[Tensor]:
        if skip_zero and not self.has_distortion:
            return None
        return self.dist

    def world_to_camera(self, points: Tensor) -> Tensor:
        """World points ``(..., V, N, 3)`` (broadcastable against the
        leading dims, e.g. ``(N, 3)``) -> camera coordinates
        ``(..., V, N, 3)`` in mm."""
        return world_to_camera(points, self.R, self.t)

    def project(self,
                points: Tensor,
                to_input: bool = False,
                skip_zero_dist: bool = False) -> Tensor:
        """World mm -> pixels with lens distortion (differentiable).

        Args:
            points (Tensor): World points ``(*batch_shape, N, 3)`` or any
                shape that broadcasts against it (``(N, 3)`` projects the
                same points into every view).
            to_input (bool): Also apply ``affine`` (network-input pixels
                instead of original-image pixels). Defaults to False.
            skip_zero_dist (bool): Skip the distortion polynomial when every
                coefficient is zero (same numbers, faster; costs a
                host sync). Defaults to False.

        Returns:
            Tensor: Pixels ``(*batch_shape, N, 2)``.
        """
        uv = project_points(points, self.K, self.R, self.t,
                            dist=self._dist_or_none(skip_zero_dist),
                            dist_model=self.dist_model)
        return self.apply_affine(uv) if to_input else uv

    def project_camera_points(self, cam_points: Tensor,
                              skip_zero_dist: bool = False) -> Tensor:
        """Camera-space mm ``(*batch_shape, N, 3)`` -> original pixels
        ``(*batch_shape, N, 2)`` (no extrinsics)."""
        return project_points(cam_points, self.K,
                              dist=self._dist_or_none(skip_zero_dist),
                              dist_model=self.dist_model)

    def apply_affine(self, uv: Tensor) -> Tensor:
        """Original pixels ``(*batch_shape, N, 2)`` -> network-input
        pixels with ``affine``."""
        A = self.affine.to(uv)
        return uv @ A[..., :2].transpose(-1, -2) + A[..., None, :, 2]

    def undistort(self,
                  points2d: Tensor,
                  normalized: bool = False,
                  iterations: int = 10) -> Tensor:
        """Distorted original pixels -> undistorted points.

        Args:
            points2d (Tensor): ``(*batch_shape, N, 2)`` pixels.
            normalized (bool): Return normalised coordinates ``(X/Z, Y/Z)``
                instead of ideal pinhole pixels. Defaults to False.
            iterations (int): Newton steps. Defaults to 10.

        Returns:
            Tensor: ``(*batch_shape, N, 2)``.
        """
        return undistort_points(points2d, self.K, self.dist,
                                iterations=iterations, normalized=normalized,
                                dist_model=self.dist_model)

    def unproject(self, points2d: Tensor, depth: Tensor) -> Tensor:
        """Distorted original pixels at camera depths -> world mm.

        Args:
            points2d (Tensor): ``(*batch_shape, N, 2)`` pixels.
            depth (Tensor): ``(*batch_shape, N)`` camera-space ``z`` in mm.

        Returns:
            Tensor: World points ``(*batch_shape, N, 3)``; projecting them
            gives ``points2d`` back.
        """
        xy = self.undistort(points2d, normalized=True)
        z = depth.unsqueeze(-1).to(xy)
        cam = torch.cat([xy * z, z], dim=-1)
        return camera_to_world(cam, self.R, self.t)

    def __repr__(self) -> str:
        return (f'MultiViewCameras(batch_shape={self.batch_shape}, '
                f'dist_model={self.dist_model!r}, input_size='
                f'{self.input_size}, device={self.device}, '
                f'dtype={self.dtype})')
