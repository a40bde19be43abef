"""Registration of every selfpose_mm module, for code outside the Runner.

This module sits at the top of the package's layers (next to
:mod:`selfpose_mm.registry`): it imports codecs, datasets, engine,
evaluation, models and visualization for their registration side effects,
so no lower layer may import it at module level. ``selfpose_mm.utils``
keeps a lazy alias (:func:`selfpose_mm.utils.register_all_modules`) because
MMEngine falls back to ``<scope>.utils.register_all_modules`` for a scope
without registry ``locations``; see ``docs/architecture.md``.
"""
import datetime
import warnings

from mmengine import DefaultScope

__all__ = ['register_all_modules']


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every selfpose_mm sub-package so all modules are registered.

    Tools never need this (registry ``locations`` do the work); it is for
    notebooks and tests that build modules without a config's
    ``default_scope``.

    Args:
        init_default_scope (bool): Also make ``selfpose_mm`` the current
            default scope. Defaults to ``True``.
    """
    import selfpose_mm.codecs  # noqa: F401
    import selfpose_mm.datasets  # noqa: F401
    import selfpose_mm.engine  # noqa: F401
    import selfpose_mm.evaluation  # noqa: F401
    import selfpose_mm.models  # noqa: F401
    import selfpose_mm.visualization  # noqa: F401
    if not init_default_scope:
        return
    current = DefaultScope.get_current_instance()
    if current is None or not DefaultScope.check_instance_created(
            'selfpose_mm'):
        DefaultScope.get_instance('selfpose_mm', scope_name='selfpose_mm')
    elif current.scope_name != 'selfpose_mm':
        warnings.warn('The current default scope '
                      f'"{current.scope_name}" is not "selfpose_mm"; '
                      'switching to a new "selfpose_mm" scope.')
        stamp = datetime.datetime.now().strftime('%Y%m%d-%H%M%S-%f')
        DefaultScope.get_instance(
            f'selfpose_mm-{stamp}', scope_name='selfpose_mm')
