"""MPJPE of trivial predictors on the synthetic stereo rig's validation set.

``python projects/mads/benchmarks/trivial_baseline.py`` prints the errors of
(a) the mean training pose in world coordinates and (b) the mean training
pose placed at the true pelvis (an oracle root), for the datasets of the
``*_synthetic-stereo.py`` configs (train seed 0 / val seed 1).
"""
import os.path as osp
import sys

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '../../..')))

import numpy as np  # noqa: E402

import projects.mads.mads  # noqa: E402,F401
from projects.mads.mads.datasets import SyntheticStereoDataset  # noqa: E402
from selfpose_mm.evaluation.functional import keypoint_errors  # noqa: E402


def main(num_train: int = 4000, num_val: int = 96) -> None:
    """Print the trivial baselines' MPJPE / P-MPJPE / pelvis-relative."""
    rig = dict(num_views=2, baseline_deg=45., radius=3500., focal=300.)
    train = SyntheticStereoDataset(num_samples=num_train, seed=0, **rig)
    val = SyntheticStereoDataset(num_samples=num_val, seed=1, **rig)
    tr = np.stack([train.get_data_info(i)['keypoints_3d']
                   for i in range(len(train))])
    gt = np.stack([val.get_data_info(i)['keypoints_3d']
                   for i in range(len(val))])
    mask = np.ones(gt.shape[:2], bool)
    mean = tr.mean(0, keepdims=True).repeat(len(gt), 0)
    rel = (tr - tr[:, 1:2]).mean(0, keepdims=True) + gt[:, 1:2]
    for name, pred in (('mean pose (world)', mean),
                       ('mean pose at true pelvis', rel)):
        m = keypoint_errors(pred, gt, mask, 'none').mean()
        p = keypoint_errors(pred, gt, mask, 'procrustes').mean()
        r = keypoint_errors(pred - pred[:, 1:2], gt - gt[:, 1:2], mask,
                            'none').mean()
        print(f'{name:28s} MPJPE {m:7.1f}  P-MPJPE {p:7.1f}  '
              f'rel/MPJPE {r:7.1f} mm')


if __name__ == '__main__':
    main()
