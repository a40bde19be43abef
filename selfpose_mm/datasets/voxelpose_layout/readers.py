"""Readers of VoxelPose's Shelf / Campus data files.

* ``actorsGT.mat`` (MATLAB): ``actor3D`` is a ``(1, A)`` cell array; cell
  ``a`` is an ``(F, 1)`` cell array of per-frame ``(14, 3)`` joints in
  **metres** (Shelf / Campus joint order), or an empty ``(1, 0)`` array
  when actor ``a`` is absent from frame ``f``. The frame index is the
  dataset frame number (Shelf test frames 300-600 are rows 300-600).
* ``pred_{shelf,campus}_maskrcnn_hrnet_coco.pkl``: a ``defaultdict``
  keyed ``"{cam}_{frame}"``; each value is a list (one entry per detected
  person) of ``{'pred': (17, 3)}`` COCO-17 ``x, y, score`` in pixels of
  the original image.
* ``panoptic_training_pose.pkl``: a list of ``{'pose': (17, 3),
  'vis': (17, 3)}`` CMU Panoptic poses in COCO-17 order, millimetres,
  **z up** (x, y are the ground plane; the ankles are about 100 mm above
  ``z = 0``).

Pickles are read with :func:`load_restricted_pickle` (builtins and NumPy
arrays only).
"""
import os.path as osp
from typing import Dict, Tuple

import numpy as np
import scipy.io

from ...utils.safe_load import load_restricted_pickle

__all__ = [
    'SHELF_NUM_JOINTS', 'COCO_NUM_JOINTS', 'read_actors_gt',
    'read_voxelpose_predictions', 'read_pose_pool'
]

#: Joints per actor in ``actorsGT.mat`` (Shelf / Campus 14).
SHELF_NUM_JOINTS = 14
#: Joints per detection / pool pose (COCO-17).
COCO_NUM_JOINTS = 17


def _check_file(path: str, what: str) -> None:
    if not osp.isfile(path):
        raise FileNotFoundError(
            f'{path}: no such {what} file; check data_root and the file '
            'name arguments of the dataset')


def _cells(arr: np.ndarray) -> list:
    """Flatten a MATLAB cell array (object ndarray) to a list."""
    arr = np.asarray(arr)
    if arr.dtype == object:
        return list(arr.ravel())
    return [arr]


def read_actors_gt(path: str) -> Tuple[np.ndarray, np.ndarray]:
    """Read the 3D ground truth of ``actorsGT.mat``.

    Args:
        path (str): The ``.mat`` file.

    Returns:
        tuple: ``poses`` (A, F, 14, 3) float32 mm (zeros where absent) and
        ``valid`` (A, F) bool (actor ``a`` annotated in frame ``f``).
    """
    _check_file(path, 'actorsGT.mat')
    try:
        mat = scipy.io.loadmat(path)
    except Exception as err:  # scipy raises several types
        raise ValueError(f'{path}: not a readable MATLAB file ({err}); '
                         'expected VoxelPose\'s actorsGT.mat') from err
    if 'actor3D' not in mat:
        fields = sorted(k for k in mat if not k.startswith('__'))
        raise KeyError(f'{path}: no field "actor3D" (found {fields}); '
                       'pass the Shelf/Campus actorsGT.mat of the VoxelPose '
                       'release as gt_file')
    actors = _cells(mat['actor3D'])
    frames = []
    for a, cell in enumerate(actors):
        entries = _cells(cell)
        # a numeric (F, 14, 3) array instead of a cell array of frames
        if len(entries) == 1 and np.asarray(entries[0]).ndim == 3:
            entries = list(np.asarray(entries[0]))
        frames.append(entries)
    counts = sorted({len(f) for f in frames})
    if len(counts) > 1:
        raise ValueError(f'{path}: actor3D cells hold different frame '
                         f'counts {[len(f) for f in frames]}; every actor '
                         'needs one entry per frame')
    A, F = len(frames), counts[0] if counts else 0
    poses = np.zeros((A, F, SHELF_NUM_JOINTS, 3), np.float64)
    valid = np.zeros((A, F), bool)
    for a, entries in enumerate(frames):
        for f, joints in enumerate(entries):
            joints = np.asarray(joints, np.float64)
            if joints.size == 0:
                continue
            if joints.shape != (SHELF_NUM_JOINTS, 3):
                raise ValueError(
                    f'{path}: actor3D{{{a + 1}}}{{{f + 1}}} has shape '
                    f'{joints.shape}, expected ({SHELF_NUM_JOINTS}, 3) '
                    'joints in metres (or an empty array when the actor '
                    'is absent); is this a Shelf/Campus actorsGT.mat?')
            poses[a, f] = joints
            valid[a, f] = True
    bad = np.argwhere(~np.isfinite(poses).all((-1, -2)))
    if len(bad):
        a, f = bad[0]
        raise ValueError(f'{path}: actor3D{{{a + 1}}}{{{f + 1}}} has '
                         f'NaN/inf joints ({len(bad)} entries in all); '
                         'store an empty array for an absent actor')
    return (poses * 1000.).astype(np.float32), valid


def read_voxelpose_predictions(
        path: str,
        num_joints: int = COCO_NUM_JOINTS
) -> Dict[Tuple[str, int], np.ndarray]:
    """Read a VoxelPose ``pred_*_maskrcnn_hrnet_coco.pkl``.

    Args:
        path (str): The pickle (read with :func:`load_restricted_pickle`).
        num_joints (int): Joints per detection. Defaults to 17 (COCO).

    Returns:
        dict: ``{(camera, frame): (P, K, 3)}`` float32 ``x, y, score``
        (pixels) for each key ``"{camera}_{frame}"`` of the file; ``camera``
        is a str (as the calibration keys), ``frame`` an int; an empty list
        gives ``(0, K, 3)``.
    """
    _check_file(path, 'VoxelPose 2D prediction')
    data = load_restricted_pickle(path)
    if not isinstance(data, dict):
        raise ValueError(f'{path}: expected a dict keyed "<cam>_<frame>", '
                         f'got {type(data).__name__}')
    out: Dict[Tuple[str, int], np.ndarray] = {}
    for key, people in data.items():
        cam, _, frame = str(key).rpartition('_')
        if not cam or not frame.lstrip('-').isdigit():
            raise ValueError(f'{path}: key {key!r} is not "<cam>_<frame>" '
                             '(e.g. "0_300")')
        if not isinstance(people, (list, tuple)):
            raise ValueError(f'{path}: [{key!r}] must be a list of '
                             f"{{'pred': ({num_joints}, 3)}} dicts")
        try:
            preds = [np.asarray(p['pred'], np.float32) for p in people]
        except (KeyError, TypeError, IndexError) as err:
            raise ValueError(f'{path}: [{key!r}] entries need a "pred" '
                             f'({num_joints}, 3) array ({err!r})') from err
        shapes = {p.shape for p in preds} - {(num_joints, 3)}
        if shapes:
            raise ValueError(f'{path}: [{key!r}] "pred" has shape(s) '
                             f'{sorted(shapes)}, expected ({num_joints}, 3) '
                             'COCO x, y, score')
        out[(cam, int(frame))] = (
            np.stack(preds) if preds else np.zeros((0, num_joints, 3),
                                                   np.float32))
    return out


def read_pose_pool(path: str) -> Tuple[np.ndarray, np.ndarray]:
    """Read ``panoptic_training_pose.pkl`` (VoxelPose synthetic training).

    Args:
        path (str): The pickle (read with :func:`load_restricted_pickle`).

    Returns:
        tuple: ``poses`` (N, 17, 3) float32 mm (COCO-17, z up) and ``vis``
        (N, 17) bool.
    """
    _check_file(path, 'pose pool')
    data = load_restricted_pickle(path)
    if not isinstance(data, (list, tuple)):
        raise ValueError(f'{path}: expected a list of {{"pose", "vis"}} '
                         f'dicts, got {type(data).__name__}')
    K = COCO_NUM_JOINTS
    try:
        poses = [np.asarray(d['pose'], np.float64) for d in data]
        vis = [np.asarray(d['vis']) for d in data]
    except (KeyError, TypeError, IndexError) as err:
        raise ValueError(f'{path}: every entry needs "pose" ({K}, 3) mm and '
                         f'"vis" ({K}, 3) ({err!r})') from err
    bad = [i for i, (p, v) in enumerate(zip(poses, vis))
           if p.shape != (K, 3) or v.shape[:1] != (K, )]
    if bad:
        i = bad[0]
        raise ValueError(f'{path}: entry {i} has pose {poses[i].shape} / '
                         f'vis {vis[i].shape}, expected ({K}, 3) COCO-17')
    if not poses:
        return np.zeros((0, K, 3), np.float32), np.zeros((0, K), bool)
    poses = np.stack(poses)
    vis = np.stack([v.reshape(K, -1)[:, 0] for v in vis]) > 0
    bad = np.flatnonzero(~np.isfinite(poses[vis]).all(-1))
    if len(bad):
        raise ValueError(f'{path}: {len(bad)} visible joints are NaN/inf; '
                         'mark them invisible in "vis"')
    return poses.astype(np.float32), vis
