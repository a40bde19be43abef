"""Readers of per-camera 2D detections (one camera per file/folder).

Every reader returns ``{frame_id: (P, K, 3) float32}``: the ``P`` people
of that frame as ``(x, y, score)`` in pixels of the original image,
score 0 for missing joints. Formats:

``openpose``  a folder of OpenPose ``*.json`` (one per frame, the frame
              number is the last integer of the file name, e.g.
              ``cam01.0012.json`` or ``vid_000000000012_keypoints.json``):
              ``people[i].pose_keypoints_2d`` = ``K x (x, y, c)``
``mmpose``    mmpose's ``--save-predictions`` JSON: ``instance_info`` is a
              list of ``{frame_id, instances: [{keypoints (K, 2),
              keypoint_scores (K)}]}`` (video) or of instances (image)
``coco``      COCO keypoints: a results list ``[{image_id, keypoints
              (3K), score}]`` or a dataset ``{images, annotations}``;
              frames are the sorted image ids (or ``images`` order)

Non-finite coordinates are zeroed with their score (and counted in the
log); a joint count that differs from the layout is an error naming the
file.
"""
import json
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

import numpy as np
from mmengine.logging import print_log

__all__ = [
    'DetectionFormatError', 'DETECTION_FORMATS', 'detect_detection_format',
    'read_openpose_folder', 'read_openpose_json', 'read_mmpose_predictions',
    'read_coco_keypoints', 'read_detections'
]

PathLike = Union[str, Path]
Frames = Dict[int, np.ndarray]

DETECTION_FORMATS = ('auto', 'openpose', 'mmpose', 'coco')


class DetectionFormatError(ValueError):
    """A detection file that cannot be read; the message names it."""


def _load(path: Path) -> Any:
    try:
        with open(path, 'r') as f:
            return json.load(f)
    except FileNotFoundError:
        raise DetectionFormatError(f'{path}: file not found') from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise DetectionFormatError(f'{path}: invalid JSON ({e})') from None


def _people(rows: List[Any], K: Optional[int], where: str,
            stats: Dict[str, int]) -> np.ndarray:
    """Stack flat/nested keypoint rows into ``(P, K, 3)``."""
    out = []
    for i, row in enumerate(rows):
        try:
            arr = np.asarray(row, dtype=np.float64)
        except (TypeError, ValueError):
            raise DetectionFormatError(f'{where}: person {i}: keypoints '
                                       'are not numeric') from None
        if arr.size == 0:  # OpenPose writes empty people sometimes
            stats['empty'] = stats.get('empty', 0) + 1
            continue
        if arr.size % 3:
            raise DetectionFormatError(f'{where}: person {i}: {arr.size} '
                                       'values, not a multiple of 3 '
                                       '(x, y, score)')
        arr = arr.reshape(-1, 3)
        if K is not None and len(arr) != K:
            raise DetectionFormatError(
                f'{where}: person {i} has {len(arr)} joints, the layout has '
                f'{K}; pass the right --layout')
        bad = ~np.isfinite(arr).all(-1)
        if bad.any():
            stats['nan'] = stats.get('nan', 0) + int(bad.sum())
            arr[bad] = 0.0
        out.append(arr)
    if not out:
        return np.zeros((0, K or 0, 3), np.float32)
    if len({len(a) for a in out}) > 1:
        raise DetectionFormatError(f'{where}: people have different joint '
                                   f'counts {[len(a) for a in out]}')
    return np.stack(out).astype(np.float32)


def _report(stats: Dict[str, int], where: str) -> None:
    if stats.get('empty'):
        print_log(f'{where}: {stats["empty"]} people without keypoints '
                  'were skipped', logger='current', level=20)
    if stats.get('nan'):
        print_log(f'{where}: {stats["nan"]} joints with NaN/inf '
                  'coordinates were ignored (score set to 0)',
                  logger='current', level=30)


def _frame_number(path: Path) -> int:
    stem = path.name[:-len('.json')] if path.name.endswith('.json') \
        else path.stem
    nums = re.findall(r'\d+', stem)
    if not nums:
        raise DetectionFormatError(f'{path}: no frame number in the file '
                                   'name (expected e.g. cam01.0012.json)')
    return int(nums[-1])


def read_openpose_json(path: PathLike, num_keypoints: Optional[int] = None,
                       stats: Optional[Dict[str, int]] = None
                       ) -> np.ndarray:
    """People ``(P, K, 3)`` of one OpenPose JSON file."""
    path = Path(path)
    data = _load(path)
    if not isinstance(data, dict) or 'people' not in data:
        raise DetectionFormatError(f'{path}: not an OpenPose JSON (missing '
                                   "'people')")
    rows = []
    for i, person in enumerate(data['people']):
        if 'pose_keypoints_2d' not in person:
            raise DetectionFormatError(f'{path}: people[{i}] lacks '
                                       "'pose_keypoints_2d' (present: "
                                       f'{sorted(person)})')
        rows.append(person['pose_keypoints_2d'])
    return _people(rows, num_keypoints, str(path),
                   {} if stats is None else stats)


def read_openpose_folder(folder: PathLike,
                         num_keypoints: Optional[int] = None) -> Frames:
    """All frames of one camera's OpenPose JSON folder."""
    folder = Path(folder)
    files = sorted(folder.glob('*.json'))
    if not files:
        raise DetectionFormatError(f'{folder}: no OpenPose *.json files')
    out: Frames = {}
    stats: Dict[str, int] = {}
    for f in files:
        fid = _frame_number(f)
        if fid in out:
            raise DetectionFormatError(f'{f}: frame number {fid} appears '
                                       'twice in the folder')
        out[fid] = read_openpose_json(f, num_keypoints, stats)
    _report(stats, str(folder))
    return dict(sorted(out.items()))


def _mmpose_instances(instances: List[Any], K: Optional[int], where: str,
                      stats: Dict[str, int]) -> np.ndarray:
    rows = []
    for i, inst in enumerate(instances):
        if not isinstance(inst, dict) or 'keypoints' not in inst:
            raise DetectionFormatError(f'{where}: instance {i} lacks '
                                       "'keypoints'")
        xy = np.asarray(inst['keypoints'], dtype=np.float64)
        if xy.ndim == 3:  # (1, K, 2) from some mmpose versions
            xy = xy[0]
        sc = np.asarray(inst.get('keypoint_scores', np.ones(len(xy))),
                        dtype=np.float64).reshape(-1)
        if xy.ndim != 2 or xy.shape[1] != 2 or len(sc) != len(xy):
            raise DetectionFormatError(
                f'{where}: instance {i}: keypoints {xy.shape} / '
                f'keypoint_scores {sc.shape}; expected (K, 2) and (K,)')
        rows.append(np.concatenate([xy, sc[:, None]], 1))
    return _people(rows, K, where, stats)


def read_mmpose_predictions(path: PathLike,
                            num_keypoints: Optional[int] = None) -> Frames:
    """mmpose ``--save-predictions`` JSON of one camera."""
    path = Path(path)
    data = _load(path)
    info = data.get('instance_info') if isinstance(data, dict) else data
    if not isinstance(info, list):
        raise DetectionFormatError(f'{path}: not an mmpose prediction file '
                                   "(expected 'instance_info' list)")
    stats: Dict[str, int] = {}
    out: Frames = {}
    if info and isinstance(info[0], dict) and 'instances' in info[0]:
        for j, frame in enumerate(info):
            fid = int(frame.get('frame_id', j))
            out[fid] = _mmpose_instances(frame['instances'], num_keypoints,
                                         f'{path}: frame {fid}', stats)
    else:  # a single image: instance_info is the list of instances
        out[0] = _mmpose_instances(info, num_keypoints, str(path), stats)
    _report(stats, str(path))
    return dict(sorted(out.items()))


def read_coco_keypoints(path: PathLike,
                        num_keypoints: Optional[int] = None,
                        score_thr: float = 0.0) -> Frames:
    """COCO keypoint results list or dataset JSON of one camera.

    The COCO visibility flag ``v`` (0 absent, 1 occluded, 2 visible) of a
    dataset file becomes score ``v > 0``; result files carry scores.
    Frames are numbered 0.. in sorted image-id order (dataset files:
    the order of ``images``).
    """
    path = Path(path)
    data = _load(path)
    if isinstance(data, dict):
        if 'annotations' not in data:
            raise DetectionFormatError(f'{path}: COCO dataset without '
                                       "'annotations'")
        anns = data['annotations']
        order = [im['id'] for im in data.get('images', [])]
    elif isinstance(data, list):
        anns, order = data, []
    else:
        raise DetectionFormatError(f'{path}: not a COCO keypoint file')
    by_image: Dict[Any, List[Any]] = {}
    for i, a in enumerate(anns):
        if not isinstance(a, dict) or 'image_id' not in a or \
                'keypoints' not in a:
            raise DetectionFormatError(f'{path}: entry {i} lacks image_id '
                                       'or keypoints')
        if a.get('score', 1.0) < score_thr:
            continue
        kp = np.asarray(a['keypoints'], dtype=np.float64).reshape(-1, 3)
        if isinstance(data, dict):
            kp[:, 2] = kp[:, 2] > 0
        by_image.setdefault(a['image_id'], []).append(kp)
    order = order or sorted(by_image)
    stats: Dict[str, int] = {}
    out = {
        j: _people(by_image.get(img, []), num_keypoints,
                   f'{path}: image {img}', stats)
        for j, img in enumerate(order)
    }
    _report(stats, str(path))
    return out


def detect_detection_format(path: PathLike) -> str:
    """``openpose`` for folders, else from the JSON content."""
    path = Path(path)
    if path.is_dir():
        return 'openpose'
    if not path.exists():
        raise DetectionFormatError(f'{path}: detections not found')
    data = _load(path)
    if isinstance(data, dict):
        if 'people' in data:
            return 'openpose'
        if 'instance_info' in data:
            return 'mmpose'
        if 'annotations' in data:
            return 'coco'
    if isinstance(data, list) and data and isinstance(data[0], dict):
        if 'image_id' in data[0]:
            return 'coco'
        if 'instances' in data[0] or 'keypoint_scores' in data[0]:
            return 'mmpose'
    raise DetectionFormatError(
        f'{path}: unrecognised detection format; expected an OpenPose '
        'folder, an mmpose prediction JSON or a COCO keypoint JSON')


def read_detections(path: PathLike, fmt: str = 'auto',
                    num_keypoints: Optional[int] = None) -> Frames:
    """Read one camera's detections in any supported format."""
    if fmt not in DETECTION_FORMATS:
        raise DetectionFormatError(f'unknown detection format {fmt!r}; '
                                   f'valid: {list(DETECTION_FORMATS)}')
    path = Path(path)
    if fmt == 'auto':
        fmt = detect_detection_format(path)
    if fmt == 'openpose':
        if path.is_file():
            return {_frame_number(path): read_openpose_json(
                path, num_keypoints)}
        return read_openpose_folder(path, num_keypoints)
    if fmt == 'mmpose':
        return read_mmpose_predictions(path, num_keypoints)
    return read_coco_keypoints(path, num_keypoints)
