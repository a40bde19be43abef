"""Error types the tools print as one ``error: ...`` line (exit code 2).

Each message names the file or option, the field and the fix.
"""

__all__ = ['UsageError', 'CheckpointMismatchError']


class UsageError(ValueError):
    """A command-line option that cannot work (message: option and fix)."""


class CheckpointMismatchError(ValueError):
    """A checkpoint whose weights do not fit the config's model."""
