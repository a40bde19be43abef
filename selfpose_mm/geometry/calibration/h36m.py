"""Human3.6M ``cameras.pkl`` reader (mmpose's pickle, loaded restricted)."""
from collections import OrderedDict
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from ...utils.safe_load import UnsafeFileError, load_restricted_pickle
from .common import (CalibrationError, Camera, CameraDict, PathLike, _array,
                     _camera, _field, _intrinsics)

__all__ = ['load_h36m_cameras']


def load_h36m_cameras(path_pkl: PathLike,
                      subjects: Optional[Sequence[str]] = None) -> CameraDict:
    """Load mmpose's Human3.6M ``cameras.pkl`` (all subjects x 4 cameras).

    The pickle maps ``(subject, camera_id)`` (e.g. ``('S1', '54138969')``)
    to ``{R, T, f, c, k, p, w, h, name, id}`` where ``R`` is
    **camera-to-world** and ``T`` the camera centre in **metres** (mmpose's
    ``SimpleCamera`` convention). Cameras are named ``'S1_54138969'``; we
    set ``R_w2c = R.T``, ``t = -R.T @ T * 1000`` and keep ``p`` in file
    order with ``dist_model='h36m'``, which reproduces the official H36M 2D
    exactly (OpenCV's tangential formula differs by up to ~0.2 px).

    Args:
        path_pkl: Pickle file.
        subjects: Subjects to keep (e.g. ``['S9', 'S11']``); None = all.

    Returns:
        Ordered ``{'<subject>_<camera id>': Camera}``.
    """
    path = Path(path_pkl)
    if not path.is_file():
        raise CalibrationError(f'{path}: calibration file not found')
    try:
        data = load_restricted_pickle(path)
    except UnsafeFileError as e:
        raise CalibrationError(str(e)) from None
    except Exception as e:  # noqa: BLE001 -- any unpickling failure
        raise CalibrationError(f'{path}: cannot unpickle ({e})') from None
    if not isinstance(data, dict):
        raise CalibrationError(f'{path}: expected a dict keyed by (subject, '
                               f'camera id), got {type(data).__name__}')
    cams: 'OrderedDict[str, Camera]' = OrderedDict()
    for key, entry in data.items():
        if isinstance(key, tuple) and len(key) == 2:
            subj, cid = map(str, key)
        else:
            subj, _, cid = str(key).partition('_')
        if subjects is not None and subj not in subjects:
            continue
        name = f'{subj}_{cid}'
        where = f'{path}: camera {key!r}'
        R = _array(_field(entry, 'R', where), (3, 3), 'R', where)
        T = _array(_field(entry, 'T', where), (3, ), 'T', where) * 1000.0
        f = _array(_field(entry, 'f', where), (2, ), 'f', where)
        c = _array(_field(entry, 'c', where), (2, ), 'c', where)
        k = _array(entry.get('k', np.zeros(3)), (3, ), 'k', where)
        p = _array(entry.get('p', np.zeros(2)), (2, ), 'p', where)
        size = None
        if 'w' in entry and 'h' in entry:
            size = (int(entry['w']), int(entry['h']))
        cams[name] = _camera(
            where,
            _k_field='f',
            name=name,
            K=_intrinsics(f[0], f[1], c[0], c[1]),
            R=R.T,
            t=-R.T @ T,
            dist=np.array([k[0], k[1], p[0], p[1], k[2]]),
            image_size=size,
            dist_model='h36m')
    if not cams:
        raise CalibrationError(f'{path}: no cameras for subjects '
                               f'{subjects}')
    return cams
