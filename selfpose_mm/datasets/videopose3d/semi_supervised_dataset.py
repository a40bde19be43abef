"""Labelled + unlabelled pairs for semi-supervised lifting."""
from typing import Any, Union

import numpy as np
from mmengine.dataset import BaseDataset

from selfpose_mm.registry import DATASETS

__all__ = ['SemiSupervisedVideoDataset']


@DATASETS.register_module()
class SemiSupervisedVideoDataset:
    """Pair every labelled sample with an unlabelled one (VideoPose3D).

    An epoch is one pass over the **labelled** set, as in VideoPose3D; the
    unlabelled samples form an endless stream (a fixed permutation walked
    on across epochs: item ``i`` of epoch ``e`` takes unlabelled position
    ``(i + e * len(labeled)) mod len(unlabeled)``), so all unlabelled data
    is seen over training. :class:`~selfpose_mm.engine.DatasetEpochHook`
    calls :meth:`set_epoch`; use ``persistent_workers=False`` so workers
    see it.

    The item is the labelled packed sample; its data sample carries
    ``unlabeled_inputs`` (the unlabelled 2D window) and ``unlabeled`` (the
    unlabelled data sample: camera and the 2D reprojection target).

    Args:
        labeled (dict | BaseDataset): Labelled dataset (with 3D and
            camera).
        unlabeled (dict | BaseDataset): Unlabelled dataset (2D + camera).
        seed (int): Seed of the unlabelled permutation. Defaults to 4321
            (VideoPose3D's).
    """

    def __init__(self,
                 labeled: Union[dict, BaseDataset],
                 unlabeled: Union[dict, BaseDataset],
                 seed: int = 4321) -> None:
        self.labeled = DATASETS.build(labeled) if isinstance(
            labeled, dict) else labeled
        self.unlabeled = DATASETS.build(unlabeled) if isinstance(
            unlabeled, dict) else unlabeled
        self.perm = np.random.RandomState(seed).permutation(
            len(self.unlabeled))
        self.epoch = 0

    @property
    def metainfo(self) -> dict:
        """The labelled dataset's meta."""
        return self.labeled.metainfo

    def set_epoch(self, epoch: int) -> None:
        """Advance the unlabelled stream to ``epoch``."""
        self.epoch = int(epoch)

    def full_init(self) -> None:
        """Initialise both datasets."""
        self.labeled.full_init()
        self.unlabeled.full_init()

    def __len__(self) -> int:
        return len(self.labeled)

    def __getitem__(self, idx: int) -> Any:
        item = self.labeled[idx]
        pos = (idx + self.epoch * len(self.labeled)) % len(self.perm)
        unlab = self.unlabeled[int(self.perm[pos])]
        sample = item['data_samples']
        sample.unlabeled_inputs = unlab['inputs']
        sample.unlabeled = unlab['data_samples']
        return item
