"""Hooks."""
from .voxelpose_visualization_hook import VoxelPoseVisualizationHook

__all__ = ['VoxelPoseVisualizationHook']
