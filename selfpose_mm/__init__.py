"""selfpose_mm: 3D human pose from calibrated cameras without 3D labels.

Importing the package first installs the ``mmcv.ops`` stand-in when only
``mmcv-lite`` is present (see :mod:`selfpose_mm.utils.mmcv_compat`), so that
``import mmpose.models`` works on CPU machines without a compiled mmcv, and
then makes MMEngine's local checkpoint loader (``load_from``, ``resume``,
``load_checkpoint``) the allowlisted ``weights_only`` loader of
:mod:`selfpose_mm.utils.safe_load`.
"""
from .utils.mmcv_compat import install_mmcv_ops_stub

install_mmcv_ops_stub()

from .utils.safe_load import register_safe_checkpoint_loader  # noqa: E402

register_safe_checkpoint_loader()

from .version import __version__  # noqa: E402

__all__ = ['__version__']
