"""VideoPose3D data: npz formats, video datasets, semi-supervised pairs."""
from .custom_video_dataset import CustomVideoDataset
from .npz_io import (H36M_KEPT_JOINTS, chunk_bounds, deterministic_random,
                     load_positions_2d, load_positions_3d, subset_slice)
from .semi_supervised_dataset import SemiSupervisedVideoDataset
from .video_lifting_dataset import (VideoPose3DDataset,
                                    symmetry_to_flip_indices)

__all__ = [
    'VideoPose3DDataset', 'CustomVideoDataset', 'SemiSupervisedVideoDataset',
    'H36M_KEPT_JOINTS', 'chunk_bounds', 'deterministic_random',
    'load_positions_2d', 'load_positions_3d', 'subset_slice',
    'symmetry_to_flip_indices'
]
