"""Extract MADS video frames into the layout ``MADSDataset`` reads.

``python projects/mads/tools/extract_mads_frames.py data/MADS [--mode
stereo|multiview]`` writes, for every ``<Movement>/<seq>_GT.mat``,
``<Movement>/<seq>/<view>/<view>_%04d.jpg`` from ``<seq>_Left.avi`` /
``<seq>_Right.avi`` (stereo) or ``<seq>_C0.avi`` ... (multiview). Frame
``i`` of the video is GT frame ``i``. Existing frames are kept.
"""
import argparse
import os
import os.path as osp
from glob import glob

import cv2

VIEWS = {
    'stereo': (osp.join('MADS_depth', 'depth_data'), {
        'left': 'Left',
        'right': 'Right'
    }),
    'multiview': (osp.join('MADS_multiview', 'multi_view_data'), {
        'C0': 'C0',
        'C1': 'C1',
        'C2': 'C2'
    }),
}


def extract(video: str, out_dir: str, view: str) -> int:
    """Write every frame of ``video``; return the number of frames."""
    cap = cv2.VideoCapture(video)
    if not cap.isOpened():
        raise FileNotFoundError(f'cannot open video {video!r}')
    os.makedirs(out_dir, exist_ok=True)
    i = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        path = osp.join(out_dir, f'{view}_{i:04d}.jpg')
        if not osp.exists(path):
            cv2.imwrite(path, frame, [cv2.IMWRITE_JPEG_QUALITY, 95])
        i += 1
    cap.release()
    return i


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('data_root')
    parser.add_argument('--mode', choices=list(VIEWS), default='stereo')
    args = parser.parse_args()
    sub, views = VIEWS[args.mode]
    for gt in sorted(glob(osp.join(args.data_root, sub, '*', '*_GT.mat'))):
        seq = gt[:-len('_GT.mat')]
        for view, suffix in views.items():
            video = f'{seq}_{suffix}.avi'
            n = extract(video, osp.join(seq, view), view)
            print(f'{video}: {n} frames')


if __name__ == '__main__':
    main()
