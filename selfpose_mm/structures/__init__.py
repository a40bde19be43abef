"""structures."""

__all__ = []
