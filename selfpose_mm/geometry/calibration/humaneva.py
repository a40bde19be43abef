"""HumanEva-I camera reader (VideoPose3D extrinsics + fitted intrinsics)."""
from collections import OrderedDict
from typing import Dict, Optional, Sequence

import numpy as np

from .common import (CalibrationError, Camera, CameraDict, PathLike, _array,
                     _camera, _field, _intrinsics, _read_json,
                     quaternion_to_matrix)

__all__ = ['HUMANEVA_INTRINSICS', 'load_humaneva_cameras']


#: HumanEva-I intrinsics (the camera file only has extrinsics). Least-
#: squares fit of fx, fy, cx, cy, k1, k2, p1, p2 (OpenCV/Bouguet order,
#: k3 = 0) on the Train split of VideoPose3D's HumanEva-I export with the
#: extrinsics held fixed; shared by subjects S1-S3. Reprojects the
#: Validate 2D GT to about 0.002 px mean, 0.26 px max (see
#: ``humaneva_notes.md``).
HUMANEVA_INTRINSICS = {
    'C1':
    dict(
        f=(765.788801, 765.325753),
        c=(299.774121, 232.347753),
        dist=(-0.289326616, 0.105263953, -1.35873869e-3, 1.12429738e-3, 0.0)),
    'C2':
    dict(
        f=(688.408420, 686.781944),
        c=(273.090144, 221.975101),
        dist=(-0.322089057, 0.0952665539, 2.41272847e-4, -7.04063336e-3, 0.0)),
    'C3':
    dict(
        f=(724.268106, 723.570080),
        c=(302.629778, 204.911946),
        dist=(-0.327524199, 1.27682708, -6.53927388e-3, -5.36464114e-3, 0.0)),
}


def load_humaneva_cameras(
        path_json: PathLike,
        subjects: Optional[Sequence[str]] = None,
        intrinsics: Optional[Dict[str, dict]] = None) -> CameraDict:
    """Load HumanEva-I cameras from the VideoPose3D-derived JSON.

    ``humaneva_cameras_extrinsic_params[subject]`` lists, per camera, the
    ``orientation`` quaternion (w, x, y, z; camera-to-world) and the
    ``translation`` = camera centre in mm. The file has no intrinsics, so
    :data:`HUMANEVA_INTRINSICS` (fitted, OpenCV order) are used unless
    ``intrinsics`` is given. Subjects with empty entries (S4) are skipped.

    Args:
        path_json: JSON file.
        subjects: Subjects to keep, e.g. ``['S1']``; None = all non-empty.
        intrinsics: ``{camera id: {f: (fx, fy), c: (cx, cy), dist: 5}}``.

    Returns:
        Ordered ``{'<subject>_<camera id>': Camera}`` (e.g. ``'S1_C1'``);
        world frame of ``data_3d_humaneva15.npz`` converted to mm.
    """
    data = _read_json(path_json)
    intr_list = _field(data, 'humaneva_cameras_intrinsic_params',
                       f'{path_json}', 'not a HumanEva camera file')
    ext = _field(data, 'humaneva_cameras_extrinsic_params', f'{path_json}')
    intrinsics = HUMANEVA_INTRINSICS if intrinsics is None else intrinsics
    cams: 'OrderedDict[str, Camera]' = OrderedDict()
    for subj, entries in ext.items():
        if subjects is not None and subj not in subjects:
            continue
        if len(entries) != len(intr_list):
            raise CalibrationError(f'{path_json}: subject {subj!r} has '
                                   f'{len(entries)} extrinsics but '
                                   f'{len(intr_list)} cameras')
        for info, entry in zip(intr_list, entries):
            cid = str(_field(info, 'id', f'{path_json}: intrinsic entry'))
            where = f'{path_json}: subject {subj!r} camera {cid!r}'
            if not entry:
                continue
            q = _array(
                _field(entry, 'orientation', where), (4, ), 'orientation',
                where)
            C = _array(
                _field(entry, 'translation', where), (3, ), 'translation',
                where)
            if cid not in intrinsics:
                raise CalibrationError(f'{where}: no intrinsics for camera '
                                       f'{cid!r}; pass intrinsics={{'
                                       f'{cid!r}: dict(f=..., c=..., '
                                       'dist=...)}')
            intr = intrinsics[cid]
            R = quaternion_to_matrix(q).T
            size = (int(info['res_w']), int(info['res_h'])) \
                if 'res_w' in info and 'res_h' in info else None
            name = f'{subj}_{cid}'
            cams[name] = _camera(
                where,
                name=name,
                K=_intrinsics(intr['f'][0], intr['f'][1], intr['c'][0],
                              intr['c'][1]),
                R=R,
                t=-R @ C,
                dist=intr.get('dist', np.zeros(5)),
                image_size=size)
    if not cams:
        raise CalibrationError(f'{path_json}: no cameras for subjects '
                               f'{subjects}')
    return cams
