"""Backward-compatible, lazy alias of :mod:`selfpose_mm.setup_env`.

``register_all_modules`` imports every upper layer (datasets, engine,
models, ...), so it lives in :mod:`selfpose_mm.setup_env`. This alias stays
importable from ``selfpose_mm.utils`` because MMEngine's registry falls back
to ``<scope>.utils.register_all_modules(False)`` and older notebooks call
it there; it imports the real function only when called, so importing
``selfpose_mm.utils`` never pulls an upper layer in.
"""

__all__ = ['register_all_modules']


def register_all_modules(init_default_scope: bool = True) -> None:
    """Call :func:`selfpose_mm.setup_env.register_all_modules`.

    Args:
        init_default_scope (bool): Also make ``selfpose_mm`` the current
            default scope. Defaults to ``True``.
    """
    # Known layering exception (issue 17): a call-time import, upward.
    from selfpose_mm.setup_env import register_all_modules as _register
    _register(init_default_scope)
