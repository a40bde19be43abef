"""visualization."""

__all__ = []
