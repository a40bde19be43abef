"""Every read of a file that could run code goes through this module.

A pickle is a program: ``pickle.load``, ``torch.load(weights_only=False)``
and ``np.load(allow_pickle=True)`` execute whatever a downloaded file asks
for. ``selfpose_mm`` therefore reads

* checkpoints with :func:`safe_torch_load`: ``torch.load(weights_only=True)``
  inside :func:`checkpoint_safe_globals`, a context manager that allows
  exactly what MMEngine's Runner writes (``HistoryBuffer`` and its
  statistics methods, NumPy arrays, scalars and dtypes, ``OrderedDict``);
  :func:`register_safe_checkpoint_loader` (run on ``import selfpose_mm``)
  makes MMEngine's local-file loader (``load_from``, ``resume``,
  ``load_checkpoint``, ``init_cfg=dict(type='Pretrained')``) use it;
* ``.pkl`` files with :func:`load_restricted_pickle`, whose
  :class:`RestrictedUnpickler` builds only builtin containers and NumPy
  arrays;
* ``.npz`` files with :func:`safe_np_load`: plain members with
  ``allow_pickle=False``, object members (VideoPose3D's pickled dicts)
  through :class:`RestrictedUnpickler`.

A refused file raises :class:`UnsafeFileError` naming the file, what it
tried to load and the fix. Nothing here sets an environment variable or
changes ``torch.load`` for code outside these functions.
"""
import contextlib
import io
import os.path as osp
import pickle
import re
import zipfile
from pathlib import Path
from typing import (Any, Callable, Dict, Iterator, List, Optional, Sequence,
                    Union)

import numpy as np
import torch

__all__ = [
    'UnsafeFileError', 'MissingFileError', 'RestrictedUnpickler', 'load_restricted_pickle',
    'restricted_pickle_load', 'restricted_pickle_loads', 'safe_np_load',
    'checkpoint_safe_globals', 'safe_torch_load', 'load_from_local_safe',
    'register_safe_checkpoint_loader'
]

PathLike = Union[str, Path]


class UnsafeFileError(pickle.UnpicklingError):
    """A file asked to build something outside the allowlist (refused)."""


class MissingFileError(FileNotFoundError):
    """A file the user named does not exist (message: path and fix).

    The tools print it as one line; other ``FileNotFoundError`` (from deep
    inside a library) keep their traceback.
    """


# ---------------------------------------------------------------------------
# pickles (.pkl, npz object members)
# ---------------------------------------------------------------------------
_BUILTINS = {
    ('builtins', n)
    for n in ('dict', 'list', 'tuple', 'set', 'frozenset', 'str', 'bytes',
              'bytearray', 'int', 'float', 'bool', 'complex', 'slice')
} | {('collections', 'OrderedDict'), ('collections', 'defaultdict'),
     ('_codecs', 'encode')}  # protocol-2 pickles spell bytes as encode(str)
_NUMPY_MODULES = ('numpy', 'numpy.core.multiarray', 'numpy._core.multiarray',
                  'numpy.core.numeric', 'numpy._core.numeric')
_NUMPY_NAMES = {'_reconstruct', 'ndarray', 'dtype', 'scalar', '_frombuffer'}


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickler that only builds builtins and NumPy arrays/scalars.

    ``collections.defaultdict`` is allowed too (VoxelPose's
    ``pred_*_maskrcnn_hrnet_coco.pkl`` files are defaultdicts); building
    one calls nothing, and its factory can only be an allowed class.
    Anything else raises :class:`UnsafeFileError`.

    Args:
        file: A binary file object.
        source (str): The file name used in error messages.
        **kwargs: Passed to :class:`pickle.Unpickler` (e.g. ``encoding``).
    """

    def __init__(self, file, source: str = '<pickle>', **kwargs) -> None:
        super().__init__(file, **kwargs)
        self.source = source

    def find_class(self, module: str, name: str) -> Any:
        """Resolve ``module.name`` only when it is on the allowlist."""
        module = {'__builtin__': 'builtins'}.get(module, module)
        if (module, name) in _BUILTINS:
            return super().find_class(module, name)
        if module in _NUMPY_MODULES and name in _NUMPY_NAMES:
            return super().find_class(module, name)
        raise UnsafeFileError(
            f'{self.source}: refusing to load {module}.{name} from a pickle '
            '(only builtin containers and NumPy arrays are allowed, '
            'selfpose_mm/utils/safe_load.py); convert the file to arrays '
            '(e.g. tools/dataset_converters/panoptic_pseudo_pkl_to_npz.py) '
            'on a machine where you trust it')


def restricted_pickle_loads(data: bytes, source: str = '<pickle>') -> Any:
    """Unpickle ``data`` with :class:`RestrictedUnpickler` (latin1 strings).

    Args:
        data (bytes): The pickle.
        source (str): Name for error messages.

    Returns:
        Any: The object (builtins and NumPy arrays only).
    """
    return RestrictedUnpickler(
        io.BytesIO(data), source=source, encoding='latin1').load()


def load_restricted_pickle(path: PathLike) -> Any:
    """Load a ``.pkl`` file through :class:`RestrictedUnpickler`.

    Args:
        path (str | Path): The pickle file.

    Returns:
        Any: The object (builtins and NumPy arrays only).

    Raises:
        UnsafeFileError: The file asks for any other class or function.
    """
    with open(path, 'rb') as f:
        data = f.read()
    return restricted_pickle_loads(data, str(path))


#: The name this reader had in ``selfpose_mm.datasets.panoptic_pseudo``.
restricted_pickle_load = load_restricted_pickle


def _read_npy_member(fp, source: str) -> np.ndarray:
    """Read one ``.npy`` stream; object arrays via the restricted unpickler."""
    version = np.lib.format.read_magic(fp)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(fp)
    else:
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(fp)
    if not dtype.hasobject:
        fp.seek(0)
        return np.lib.format.read_array(fp, allow_pickle=False)
    # np.save writes object arrays as pickle.dump(array, protocol=3).
    array = restricted_pickle_loads(fp.read(), source)
    if not isinstance(array, np.ndarray):
        raise UnsafeFileError(f'{source}: object member is a '
                              f'{type(array).__name__}, not an array')
    return array


def safe_np_load(path: PathLike,
                 keys: Optional[Sequence[str]] = None
                 ) -> Dict[str, np.ndarray]:
    """Read an ``.npz`` (or ``.npy``) without running code from it.

    Numeric members are read with ``allow_pickle=False``; object members
    (VideoPose3D's ``positions_3d``/``positions_2d``/``metadata`` pickled
    dicts) are unpickled by :class:`RestrictedUnpickler`.

    Args:
        path (str | Path): The ``.npz``/``.npy`` file.
        keys (Sequence[str], optional): Members to read (default: all).

    Returns:
        dict: ``{member name: array}`` (``'arr'`` for a ``.npy``).

    Raises:
        FileNotFoundError: The file does not exist.
        KeyError: A requested member is missing (the message lists those
            present).
        UnsafeFileError: An object member asks for a non-allowed class.
    """
    path = Path(path)
    if not path.is_file():
        raise MissingFileError(f'{path}: file not found')
    if not zipfile.is_zipfile(path):
        with open(path, 'rb') as fp:
            return {'arr': _read_npy_member(fp, str(path))}
    out: Dict[str, np.ndarray] = {}
    with zipfile.ZipFile(path) as zf:
        members = {
            n[:-4] if n.endswith('.npy') else n: n
            for n in zf.namelist()
        }
        wanted = list(members) if keys is None else list(keys)
        missing = [k for k in wanted if k not in members]
        if missing:
            raise KeyError(f'{path}: missing member(s) {missing} (present: '
                           f'{sorted(members)})')
        for key in wanted:
            with zf.open(members[key]) as raw:
                fp = io.BytesIO(raw.read())
            out[key] = _read_npy_member(fp, f'{path}[{key}]')
    return out


# ---------------------------------------------------------------------------
# torch checkpoints
# ---------------------------------------------------------------------------
def _history_buffer_getattr(obj: Any, name: str) -> Any:
    """``getattr`` restricted to ``HistoryBuffer``'s statistics methods.

    MMEngine's ``HistoryBuffer`` pickles its ``_statistics_methods`` dict as
    ``getattr(HistoryBuffer, 'min')`` etc.; nothing else may be looked up.
    """
    from mmengine.logging.history_buffer import HistoryBuffer
    names = {'min', 'max', 'current', 'mean'}
    names.update(HistoryBuffer._statistics_methods)
    if obj is HistoryBuffer and name in names and not name.startswith('_'):
        return getattr(HistoryBuffer, name)
    raise pickle.UnpicklingError(
        f'getattr({obj!r}, {name!r}) is not allowed (only the statistics '
        'methods of mmengine HistoryBuffer)')


def _bytes(*args: Any) -> bytes:
    """``bytes()`` for pickles: NumPy writes an empty array's data as
    ``bytes()`` under protocol 2; no ``bytes(n)`` allocations."""
    if args and isinstance(args[0], int):
        raise pickle.UnpicklingError('bytes(<int>) is not allowed')
    return bytes(*args)


def _numpy_globals() -> List[Any]:
    """NumPy reconstructors and dtype classes, under both module names."""
    multiarray = np.core.multiarray
    entries: List[Any] = []
    for mod in ('numpy.core.multiarray', 'numpy._core.multiarray'):
        entries += [(multiarray.scalar, f'{mod}.scalar'),
                    (multiarray._reconstruct, f'{mod}._reconstruct')]
    entries += [np.dtype, np.ndarray]
    # concrete dtype classes (numpy.dtypes.Float64DType, ...); no object
    for code in '?bBhHiIlLqQefdgFDGSUMm':
        entries.append(type(np.dtype(code)))
    return entries


def _allowed_globals() -> List[Any]:
    """Exactly what an MMEngine Runner checkpoint holds beyond tensors."""
    import collections

    from mmengine.logging.history_buffer import HistoryBuffer
    return [
        HistoryBuffer,
        (_history_buffer_getattr, '__builtin__.getattr'),
        (_history_buffer_getattr, 'builtins.getattr'),
        (_bytes, '__builtin__.bytes'),
        (_bytes, 'builtins.bytes'),
        collections.OrderedDict,
    ] + _numpy_globals()


@contextlib.contextmanager
def checkpoint_safe_globals() -> Iterator[None]:
    """Allow the globals of MMEngine checkpoints for ``weights_only`` loads.

    Unlike ``torch.serialization.add_safe_globals`` the allowlist is
    removed again on exit, so a user's own ``torch.load`` calls keep
    torch's default list.
    """
    with torch.serialization.safe_globals(_allowed_globals()):
        yield


def _refusal_reason(err: Exception) -> str:
    """The one line of torch's weights-only error that says what failed."""
    text = str(err)
    tail = text.split('WeightsUnpickler error:', 1)[-1]
    for line in tail.splitlines():
        line = line.strip()
        if line and not line.startswith('Check the documentation'):
            return re.split(r'\. Please use `torch', line)[0]
    return text.strip().splitlines()[-1] if text.strip() else repr(err)


def safe_torch_load(path: PathLike,
                    map_location: Any = 'cpu') -> Any:
    """``torch.load(path, weights_only=True)`` with the checkpoint allowlist.

    Args:
        path (str | Path): A ``.pth`` written by MMEngine's Runner or by
            ``torch.save`` of tensors / state dicts.
        map_location: Same as :func:`torch.load` (default ``'cpu'``).

    Returns:
        Any: The checkpoint.

    Raises:
        FileNotFoundError: The file does not exist.
        UnsafeFileError: The file holds something outside the allowlist;
            the message names the file, the refused global and the fix.
    """
    path = osp.expanduser(str(path))
    if not osp.isfile(path):
        raise MissingFileError(f'{path}: checkpoint file not found; check '
                                'the path (load_from / --resume / '
                                'CHECKPOINT argument)')
    try:
        with checkpoint_safe_globals():
            return torch.load(path, map_location=map_location,
                              weights_only=True)
    except pickle.UnpicklingError as err:
        what = _refusal_reason(err)
        raise UnsafeFileError(
            f'{path}: refusing to load this checkpoint: {what}. Only '
            'tensors, state dicts and what MMEngine\'s Runner writes are '
            'allowed (selfpose_mm/utils/safe_load.py). Only if you trust '
            'the file: load it once with torch.load(path, weights_only='
            'False) and re-save torch.save(ckpt["state_dict"], "x.pth")'
            ) from None


def load_from_local_safe(filename: str, map_location: Any = None) -> Any:
    """MMEngine ``CheckpointLoader`` scheme for local paths (safe)."""
    return safe_torch_load(filename, map_location=map_location)


def register_safe_checkpoint_loader() -> Callable:
    """Route MMEngine's local checkpoint loads through the safe loader.

    ``Runner.load_checkpoint`` (``load_from``), ``Runner.resume`` and
    ``mmengine.runner.load_checkpoint`` all resolve local paths through
    ``CheckpointLoader``'s ``''`` scheme; this replaces it.

    Returns:
        Callable: The registered loader.
    """
    from mmengine.runner.checkpoint import CheckpointLoader
    CheckpointLoader.register_scheme(
        prefixes='', loader=load_from_local_safe, force=True)
    return load_from_local_safe

