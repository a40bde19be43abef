"""Hooks."""

__all__ = []
