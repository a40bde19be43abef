"""Stand-in for the compiled ``mmcv.ops`` when only ``mmcv-lite`` is present.

``mmcv-lite`` ships the pure-Python part of mmcv. mmpose 1.3.2 and mmdet
3.3.0 import a few compiled operators (``MultiScaleDeformableAttention``,
``DeformConv2d``, ``batched_nms``, ...) at module level in heads that
selfpose_mm never uses, so a plain ``import mmpose.models`` fails with
``No module named 'mmcv._ext'``.

:func:`install_mmcv_ops_stub` registers an import hook that serves
``mmcv.ops`` and ``mmcv.ops.<anything>`` as stub modules **only when the
compiled extension is missing**. Every name looked up on a stub module is a
placeholder class; instantiating or calling it raises :class:`MissingOpError`
that names the operator and the fix (install full mmcv). Importing stays
free, using an op fails loudly, and with a full mmcv installed the hook is
never installed, so GPU clusters keep their real ops unchanged.
"""
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from typing import Any, Optional, Sequence

__all__ = ['MissingOpError', 'install_mmcv_ops_stub', 'has_compiled_mmcv']

_FIX = ('This operator needs the compiled mmcv (`mmcv`, not `mmcv-lite`). '
        'Install it with: pip install "setuptools<70" && '
        'MMCV_WITH_OPS=1 pip install --no-build-isolation mmcv==2.1.0 '
        '(about 20 minutes on CPU).')


class MissingOpError(RuntimeError):
    """Raised when a compiled ``mmcv.ops`` operator is used with mmcv-lite."""


def has_compiled_mmcv() -> bool:
    """Whether mmcv's compiled extension ``mmcv._ext`` can be imported.

    Returns:
        bool: ``True`` for a full mmcv build, ``False`` for mmcv-lite (or no
        mmcv at all).
    """
    try:
        return importlib.util.find_spec('mmcv._ext') is not None
    except (ImportError, ValueError):
        return False


def _placeholder(module: str, name: str) -> type:
    """Build a placeholder class that raises as soon as it is used."""

    def _fail(*args: Any, **kwargs: Any) -> None:
        raise MissingOpError(f'`{module}.{name}` is not available: {_FIX}')

    # ``__new__`` raising covers both calls of functions (``batched_nms(..)``)
    # and instantiation of classes (``DeformConv2d(..)``); subclassing the
    # placeholder still works so module-level class statements import.
    return type(name, (object, ), {
        '__new__': staticmethod(lambda cls, *a, **k: _fail()),
        '__module__': module,
        '__doc__': f'Unavailable compiled op (mmcv-lite). {_FIX}',
        '_selfpose_mm_missing_op': True,
    })


class _StubModule(types.ModuleType):
    """A module whose every public attribute is a placeholder op."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith('__') and name.endswith('__'):
            raise AttributeError(name)
        value = _placeholder(self.__name__, name)
        setattr(self, name, value)
        return value


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serve ``mmcv.ops`` and its submodules as :class:`_StubModule`."""

    def find_spec(self,
                  fullname: str,
                  path: Optional[Sequence[str]] = None,
                  target: Optional[types.ModuleType] = None):
        if fullname == 'mmcv.ops' or fullname.startswith('mmcv.ops.'):
            return importlib.machinery.ModuleSpec(
                fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _StubModule(spec.name)
        module.__path__ = []  # a package, so submodules resolve here too
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


_FINDER: Optional[_StubFinder] = None


def install_mmcv_ops_stub() -> bool:
    """Install the ``mmcv.ops`` stub if (and only if) mmcv is not compiled.

    Safe to call many times. Call it before anything imports
    ``mmpose.models``; ``import selfpose_mm`` does.

    Returns:
        bool: ``True`` if the stub is active.
    """
    global _FINDER
    if _FINDER is not None:
        return True
    if importlib.util.find_spec('mmcv') is None or has_compiled_mmcv():
        return False
    # Forget a half-imported real ``mmcv.ops`` from an earlier failed try.
    for name in list(sys.modules):
        if name == 'mmcv.ops' or name.startswith('mmcv.ops.'):
            del sys.modules[name]
    _FINDER = _StubFinder()
    sys.meta_path.insert(0, _FINDER)
    return True
