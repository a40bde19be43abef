"""Write a synthetic multi-camera recording (calibration + 2D detections +
3D ground truth) for trying ``tools/infer.py``::

    python tools/misc/make_synthetic_recording.py OUT --frames 32
    python tools/infer.py --calib OUT/calibration.json \
        --detections OUT/detections --layout panoptic15 --out OUT/result
"""
import argparse
import os.path as osp
import sys

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..', '..')))

from selfpose_mm.apis import write_synthetic_recording  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('out', help='output folder')
    p.add_argument('--frames', type=int, default=32)
    p.add_argument('--people', type=int, nargs=2, default=(2, 3))
    p.add_argument('--noise-px', type=float, default=1.0)
    p.add_argument('--format', default='openpose',
                   choices=('openpose', 'mmpose'))
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    gt = write_synthetic_recording(a.out, a.frames, tuple(a.people),
                                   a.noise_px, a.format, a.seed)
    print(f'{a.out}: {a.frames} frames, '
          f'{gt["keypoints_3d"].shape[1]} people')


if __name__ == '__main__':
    main()
