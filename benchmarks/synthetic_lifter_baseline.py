"""Trivial baseline for the synthetic lifting demo: predict the mean pose.

Prints the MPJPE / P-MPJPE (mm) on the demo's validation split (seed 1,
2000 samples, 2 px noise) of the mean root-relative camera-frame pose of the
training split, i.e. what a lifter that ignores its input would score.

Usage: python benchmarks/synthetic_lifter_baseline.py
"""
import os.path as osp
import sys

import numpy as np

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

from selfpose_mm.datasets.synthetic import SyntheticLiftingDataset  # noqa
from selfpose_mm.evaluation.functional import keypoint_mpjpe  # noqa


def _rel(ds: SyntheticLiftingDataset, root: int = 2) -> np.ndarray:
    k3 = np.stack([ds.get_data_info(i)['keypoints_3d']
                   for i in range(len(ds))])
    return k3 - k3[:, root:root + 1]


def main() -> None:
    """Compute and print the mean-pose baseline."""
    train = _rel(SyntheticLiftingDataset(num_samples=50000, seed=0,
                                         noise_px=2.))
    val = _rel(SyntheticLiftingDataset(num_samples=2000, seed=1,
                                       noise_px=2.))
    mean = np.broadcast_to(train.mean(0), val.shape)
    print(f'mean-pose baseline: MPJPE {keypoint_mpjpe(mean, val):.1f} mm, '
          f'P-MPJPE {keypoint_mpjpe(mean, val, alignment="procrustes"):.1f}'
          ' mm')


if __name__ == '__main__':
    main()
