"""Shelf project: the 4D Association Shelf release (BODY_25 detections)
as a dataset plugin for ``selfpose_mm``, and VoxelPose's Shelf layout.
Importing this package registers ``Shelf4DADataset`` and ``ShelfDataset``
(DATASETS) and ``GroupCandidatesByPAF`` /
``PackMultiViewDetections`` (TRANSFORMS) into the core registries."""
from .io_4da import (BODY25_NAMES, BODY25_PAF_PAIRS, BODY25_SKELETON,
                     read_4da_detections, read_4da_gt)
from .shelf_4da_dataset import Shelf4DADataset
from .shelf_dataset import ShelfDataset
from .transforms import (GroupCandidatesByPAF, PackMultiViewDetections,
                         group_by_paf)

__all__ = [
    'BODY25_NAMES', 'BODY25_PAF_PAIRS', 'BODY25_SKELETON',
    'read_4da_detections', 'read_4da_gt', 'Shelf4DADataset',
    'GroupCandidatesByPAF', 'PackMultiViewDetections', 'group_by_paf',
    'ShelfDataset'
]
