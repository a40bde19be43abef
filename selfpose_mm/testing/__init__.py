"""Helpers for tests (fault injection, per-rank dumps)."""
from .hooks import DumpRankWeightsHook, ExitAtIterHook

__all__ = ['DumpRankWeightsHook', 'ExitAtIterHook']
