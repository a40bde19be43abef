"""SelfPose3d pseudo-2D-label files: a restricted pickle reader and npz.

SelfPose3d ships its pseudo labels (``group_train_cam5_pseudo_hrnet_
{soft,hard}_9videos.pkl``) as Python pickles. **A pickle is a program**:
loading an untrusted one can execute arbitrary code. This module therefore

* reads pickles only through :class:`RestrictedUnpickler` (from
  :mod:`selfpose_mm.utils.safe_load`, re-exported here), which resolves
  nothing but builtin containers/scalars and the NumPy array/dtype
  reconstructors (anything else raises ``pickle.UnpicklingError``), and
  only when the caller opts in (``allow_unsafe_pickle=True`` in
  :class:`PanopticDataset`); and
* defines a safe, array-only ``.npz`` format (read with
  ``allow_pickle=False``) that ``tools/dataset_converters/
  panoptic_pseudo_pkl_to_npz.py`` writes once.

npz fields: ``record_keys`` (R,) str ``<seq>_<cam>_<frame>``, ``images``
(R,) str, ``person_offsets`` (R + 1,) int64 (the people of record ``r``
are rows ``offsets[r]:offsets[r+1]``), ``joints_2d`` (P, K, 2) float32
pixels, ``joints_2d_vis`` (P, K) bool, ``scores`` (P,) float32 (detector
score, 1 when absent), ``bboxes`` (P, 4) float32 ``x, y, w, h`` (NaN when
absent), ``interval`` () int64, ``cam_list`` (C, 2) int64 and
``sequence_list`` (S,) str.
"""
from typing import Dict, List

import numpy as np

from ..utils.safe_load import RestrictedUnpickler, restricted_pickle_load

__all__ = [
    'RestrictedUnpickler', 'restricted_pickle_load', 'pseudo_records_to_npz',
    'load_pseudo_npz', 'save_pseudo_npz'
]

def _people(rec: Dict, field: str, n: int, shape, dtype, fill) -> np.ndarray:
    val = rec.get(field)
    if val is None or len(val) == 0:
        return np.full((n, ) + shape, fill, dtype)
    return np.asarray(val, dtype).reshape((n, ) + shape)


def pseudo_records_to_npz(data: Dict) -> Dict[str, np.ndarray]:
    """Flatten a SelfPose3d pseudo-label dict (``db`` + meta) to arrays."""
    if not isinstance(data, dict) or 'db' not in data:
        raise ValueError('expected a SelfPose3d pseudo-label dict with a '
                         '"db" list of records')
    keys: List[str] = []
    images: List[str] = []
    offsets = [0]
    j2d, jvis, scores, boxes = [], [], [], []
    for i, rec in enumerate(data['db']):
        if 'key' not in rec or 'joints_2d' not in rec:
            raise ValueError(f'record {i} lacks "key" or "joints_2d"')
        people = [np.asarray(p, np.float32)[:, :2] for p in rec['joints_2d']]
        n = len(people)
        K = people[0].shape[0] if n else 15
        keys.append(str(rec['key']))
        images.append(str(rec.get('image', '')))
        offsets.append(offsets[-1] + n)
        j2d.append(np.stack(people) if n else np.zeros((0, K, 2),
                                                       np.float32))
        vis = rec.get('joints_2d_vis')
        if vis is None or n == 0:
            jvis.append(np.ones((n, K), bool))
        else:
            v = np.asarray(vis)
            jvis.append(v.reshape(n, K, -1)[..., 0] > 0)
        scores.append(_people(rec, 'scores', n, (), np.float32, 1.))
        boxes.append(_people(rec, 'bboxes', n, (4, ), np.float32, np.nan))
    K = j2d[0].shape[1] if j2d else 15
    return dict(
        record_keys=np.array(keys, dtype=str),
        images=np.array(images, dtype=str),
        person_offsets=np.asarray(offsets, np.int64),
        joints_2d=np.concatenate(j2d).reshape(-1, K, 2).astype(np.float32),
        joints_2d_vis=np.concatenate(jvis).reshape(-1, K),
        scores=np.concatenate(scores).astype(np.float32),
        bboxes=np.concatenate(boxes).reshape(-1, 4).astype(np.float32),
        interval=np.asarray(int(data.get('interval', 1)), np.int64),
        cam_list=np.asarray(data.get('cam_list', []),
                            np.int64).reshape(-1, 2),
        sequence_list=np.array(
            [str(s) for s in data.get('sequence_list', [])], dtype=str))


def save_pseudo_npz(arrays: Dict[str, np.ndarray], path: str) -> None:
    """Write the arrays of :func:`pseudo_records_to_npz` (compressed)."""
    np.savez_compressed(path, **arrays)


def load_pseudo_npz(path: str) -> Dict[str, np.ndarray]:
    """Read a pseudo-label npz with ``allow_pickle=False`` (safe)."""
    with np.load(path, allow_pickle=False) as f:
        out = {k: f[k] for k in f.files}
    need = ('record_keys', 'person_offsets', 'joints_2d', 'joints_2d_vis')
    missing = [k for k in need if k not in out]
    if missing:
        raise ValueError(f'{path}: not a pseudo-label npz, missing '
                         f'{missing}; create it with tools/dataset_'
                         'converters/panoptic_pseudo_pkl_to_npz.py')
    return out
