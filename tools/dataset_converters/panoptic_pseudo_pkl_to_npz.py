"""Convert SelfPose3d's pseudo-2D-label pickle to a safe npz.

SelfPose3d distributes its pseudo labels
(``group_train_cam5_pseudo_hrnet_{soft,hard}_9videos.pkl``) as pickles.
Loading a pickle can execute arbitrary code, so treat the file as
untrusted: run this conversion once (it uses a restricted unpickler that
only builds builtin containers and NumPy arrays, and refuses anything
else), then train from the npz, which ``PanopticDataset`` reads with
``np.load(allow_pickle=False)``.

Usage::

    python tools/dataset_converters/panoptic_pseudo_pkl_to_npz.py \
        group_train_cam5_pseudo_hrnet_soft_9videos.pkl \
        data/panoptic/pseudo_hrnet_soft_9videos.npz

The npz fields are documented in ``selfpose_mm/datasets/panoptic_pseudo.py``.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..'))

from selfpose_mm.datasets.panoptic_pseudo import (  # noqa: E402
    pseudo_records_to_npz, save_pseudo_npz)
from selfpose_mm.utils.safe_load import load_restricted_pickle  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description='SelfPose3d pseudo-label pickle -> safe npz')
    parser.add_argument('pkl', help='input .pkl (untrusted)')
    parser.add_argument('out', help='output .npz')
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    arrays = pseudo_records_to_npz(load_restricted_pickle(args.pkl))
    out = args.out if args.out.endswith('.npz') else args.out + '.npz'
    save_pseudo_npz(arrays, out)
    n_rec = len(arrays['record_keys'])
    n_people = len(arrays['joints_2d'])
    print(f'wrote {out}: {n_rec} records (view-frames), {n_people} '
          f'pseudo people, interval {int(arrays["interval"])}, '
          f'{len(arrays["sequence_list"])} sequences')
    return 0


if __name__ == '__main__':
    sys.exit(main())
