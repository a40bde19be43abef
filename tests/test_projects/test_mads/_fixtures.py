"""Tiny MADS-format and COCO-format trees written in the datasets' own file
formats (MATLAB .mat via scipy.io, JPEG via OpenCV, COCO JSON)."""
import json
from pathlib import Path
from typing import Dict, List

import cv2
import numpy as np
from scipy.io import savemat

from projects.mads.mads.datasets.synthetic_stereo import (
    panoptic15_to_mads19, stereo_rig)
from projects.mads.mads.datasets.transforms import RenderStickFigures
from selfpose_mm.datasets.synthetic import ProceduralBody

__all__ = ['write_mads_fixture', 'write_coco_fixture', 'MADS_FIXTURE']

#: Layout of the MADS fixture: movement -> sequences (first = val split).
MADS_FIXTURE = {'HipHop': ['HipHop_S1', 'HipHop_S2'], 'Kata': ['Kata_S1',
                                                                'Kata_S2']}
FRAMES = 3
IMAGE_SIZE = (160, 120)


def _bouguet(cam: dict, om_key: str, T_key: str, negate: bool,
             fc_scale: float = 1.) -> dict:
    om, _ = cv2.Rodrigues(np.asarray(cam['R'], np.float64))
    K = cam['K']
    return {
        'fc': np.array([[K[0, 0] * fc_scale], [K[1, 1] * fc_scale]]),
        'cc': np.array([[K[0, 2]], [K[1, 2]]]),
        'alpha_c': np.array([[0.]]),
        'kc': np.zeros((5, 1)),
        om_key: -om if negate else om,
        T_key: np.asarray(cam['t'], np.float64).reshape(3, 1),
    }


def write_mads_fixture(root: Path, seed: int = 0) -> Dict[str, List]:
    """Write a 2-movement, 2-sequence, 3-frame MADS stereo tree.

    The left calibration follows MADS's quirks: its ``om`` is stored
    negated and its ``fc`` is wrong (the dataset must take the right
    camera's intrinsics). Some markers are NaN.

    Returns:
        dict: ``poses`` per sequence (with NaN) and the true ``cameras``.
    """
    rng = np.random.default_rng(seed)
    cams = stereo_rig(2, 40., 3500., 1100., focal=160.,
                      image_size=IMAGE_SIZE)
    render = RenderStickFigures()
    out: Dict[str, List] = {'cameras': cams}
    depth = root / 'MADS_depth' / 'depth_data'
    multi = root / 'MADS_multiview' / 'multi_view_data'
    for movement, seqs in MADS_FIXTURE.items():
        (depth / movement).mkdir(parents=True, exist_ok=True)
        (multi / movement).mkdir(parents=True, exist_ok=True)
        savemat(depth / movement / 'Calib_C0_left.mat',
                _bouguet(cams[0], 'om', 'T', negate=True, fc_scale=1.3))
        savemat(multi / movement / 'Calib_Cam0.mat',
                _bouguet(cams[1], 'om_ext', 'T_ext', negate=False))
        for seq in seqs:
            poses = panoptic15_to_mads19(ProceduralBody().sample(
                FRAMES, rng, root_xy=rng.uniform(-200, 200, (FRAMES, 2))))
            cells = np.empty((1, FRAMES), dtype=object)
            for f in range(FRAMES):
                res = render.transform(
                    dict(keypoints_3d=poses[f], cameras=cams, sample_idx=f))
                for v, name in enumerate(('left', 'right')):
                    d = depth / movement / seq / name
                    d.mkdir(parents=True, exist_ok=True)
                    cv2.imwrite(str(d / f'{name}_{f:04d}.jpg'),
                                res['imgs'][v])
                gt = poses[f].copy()
                gt[5] = np.nan  # a missing marker
                if f == 1:
                    gt[13, 2] = np.nan
                cells[0, f] = gt
            savemat(depth / movement / f'{seq}_GT.mat', {'GTpose2': cells})
            out[seq] = [c for c in cells[0]]
    return out


def write_coco_fixture(root: Path, num_images: int = 2) -> Path:
    """Write a COCO-keypoints tree (``annotations/*.json`` + images).

    Returns:
        Path: The annotation file (used for train and val).
    """
    rng = np.random.default_rng(0)
    (root / 'images').mkdir(parents=True, exist_ok=True)
    (root / 'annotations').mkdir(parents=True, exist_ok=True)
    images, anns = [], []
    for i in range(num_images):
        w, h = 192, 160
        img = rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
        kps = []
        for _ in range(17):
            kps += [float(rng.uniform(60, 130)), float(rng.uniform(30, 140)),
                    2]
        name = f'{i:012d}.jpg'
        cv2.imwrite(str(root / 'images' / name), img)
        images.append(dict(id=i + 1, file_name=name, width=w, height=h))
        anns.append(
            dict(
                id=i + 1,
                image_id=i + 1,
                category_id=1,
                iscrowd=0,
                num_keypoints=17,
                bbox=[50., 20., 90., 130.],
                area=90. * 130.,
                keypoints=kps))
    cat = dict(
        id=1,
        name='person',
        supercategory='person',
        keypoints=[f'kp{k}' for k in range(17)],
        skeleton=[[16, 14], [14, 12]])
    ann_file = root / 'annotations' / 'person_keypoints.json'
    ann_file.write_text(
        json.dumps(dict(images=images, annotations=anns,
                        categories=[cat])))
    return ann_file
