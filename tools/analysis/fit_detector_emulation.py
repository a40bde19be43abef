"""Measure a real 2D detector's statistics, without labels, for the
synthetic worlds' detector emulator (``EmulateDetections``).

Runs a training-free reconstruction config (``GeometricBaseline``) over
its test set of real multi-view detections, compares each view's
detections with the reprojected 3D people
(:class:`selfpose_mm.apis.detector_statistics.DetectorStatistics`) and
prints the ``EmulateDetections`` arguments that match them. No ground
truth is read (the dataset's GT, if any, is ignored).

Example (the real Shelf detections of 4D Association)::

    python tools/analysis/fit_detector_emulation.py \\
        projects/shelf/configs/geometric-baseline_shelf-4da.py \\
        --remap body25_to_panoptic15 --out work_dirs/shelf_detector.json
"""
import argparse
import json
import os
import os.path as osp
import sys

import numpy as np
from tqdm import tqdm

sys.path.insert(0, osp.dirname(osp.dirname(osp.dirname(
    osp.abspath(__file__)))))

from mmengine.config import Config, DictAction  # noqa: E402
from mmengine.dataset import pseudo_collate  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402

from selfpose_mm.apis.detector_statistics import DetectorStatistics  # noqa
from selfpose_mm.datasets.transforms.emulate_detections import \
    PANOPTIC15_FLIP  # noqa: E402
from selfpose_mm.datasets.transforms.remap_keypoints import \
    KEYPOINT_MAPPINGS  # noqa: E402
from selfpose_mm.registry import DATASETS, MODELS  # noqa: E402
from selfpose_mm.utils.config_aliases import \
    resolve_config_alias  # noqa: E402


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config', help='a GeometricBaseline config whose test '
                   'set holds the real detections')
    p.add_argument('--remap', default=None, choices=sorted(KEYPOINT_MAPPINGS),
                   help='index the detections and the 3D people into the '
                   "emulator's layout (Panoptic-15), e.g. body25_to_panoptic15")
    p.add_argument('--max-frames', type=int, default=None)
    p.add_argument('--out', default=None, help='write the summary as JSON')
    p.add_argument('--cfg-options', nargs='+', action=DictAction,
                   help='override config keys, e.g. '
                   'test_dataloader.dataset.data_root=PATH')
    return p.parse_args()


def main() -> None:
    args = parse_args()
    cfg = Config.fromfile(resolve_config_alias(args.config))
    if args.cfg_options:
        cfg.merge_from_dict(args.cfg_options)
    init_default_scope(cfg.get('default_scope', 'selfpose_mm'))
    dataset = DATASETS.build(cfg.test_dataloader.dataset)
    model = MODELS.build(cfg.model).eval()
    idx = None
    if args.remap:
        mapping = KEYPOINT_MAPPINGS[args.remap]
        if any(not np.isscalar(m) for m in mapping):
            raise SystemExit(f'--remap {args.remap}: only index mappings '
                             '(no averaged joints) can map the 3D people')
        idx = np.asarray(mapping, int)
    stats = DetectorStatistics(flip_indices=PANOPTIC15_FLIP)
    n = len(dataset) if args.max_frames is None else min(
        args.max_frames, len(dataset))
    for i in tqdm(range(n), desc='frames'):
        data = dataset[i]
        sample = model.test_step(pseudo_collate([data]))[0]
        dets = data['inputs'].numpy()  # (V, P, K, 3)
        X = sample.pred_instances.keypoints_3d
        X = X.numpy() if hasattr(X, 'numpy') else np.asarray(X)
        valid = np.asarray(sample.pred_instances.keypoint_scores) > 0
        X = np.where(valid[..., None], X, np.nan)
        if idx is not None:
            dets, X = dets[:, :, idx], X[:, idx]
        meta = sample.metainfo
        stats.add(dets[..., :2], dets[..., 2], X, sample.cameras,
                  meta['image_size'])
    summary = stats.summary()
    print(json.dumps(summary, indent=1))
    print('\nEmulateDetections arguments:\n' + repr(dict(
        type='EmulateDetections', **stats.emulator_kwargs(summary))))
    if args.out:
        os.makedirs(osp.dirname(osp.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f:
            json.dump(summary, f, indent=1)


if __name__ == '__main__':
    main()
