"""3D pose sequences: the inference result, its JSON and npz files.

JSON schema (``poses3d.json``)::

    {
      "format": "selfpose_mm.poses3d", "version": 1,
      "unit": "mm",                 # all 3D coordinates
      "layout": "body25b",          # keypoint layout name
      "keypoint_names": [K names], "skeleton": [[i, j], ...],
      "camera_names": [V names],
      "cameras": {name: {"K": 3x3, "R": 3x3 (world->camera),
                         "t": [3] mm, "dist": [k1, k2, p1, p2, k3],
                         "image_size": [W, H]}},
      "frames": [
        {"frame_id": int,            # frame number of the inputs
         "people": [
           {"id": int,               # track id, stable across frames
            "score": float,          # mean of the keypoint scores
            "keypoints_3d": [K x [x, y, z]],   # mm, world frame
            "keypoint_scores": [K]}  # 0 = joint filled, not measured
         ]}
      ]
    }

npz schema (``poses3d.npz``; ``F`` frames, ``T`` tracks, ``K`` joints,
``V`` cameras)::

    keypoints_3d     (F, T, K, 3) float32 mm, NaN where track T is absent
    keypoint_scores  (F, T, K)    float32, 0 where absent
    scores           (F, T)       float32, NaN where absent
    track_ids        (T,)         int64, the "id" of the JSON
    frame_ids        (F,)         int64
    keypoint_names   (K,) str,  skeleton (L, 2) int64,  layout () str
    unit             () str 'mm'
    camera_names     (V,) str,  K (V, 3, 3),  R (V, 3, 3),  t (V, 3) mm,
    dist (V, 5),  image_size (V, 2)

Track ``j`` of frame ``f`` is ``keypoints_3d[f, j]``; it is the person
with id ``track_ids[j]``.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

import numpy as np

from .layouts import KeypointLayout

__all__ = ['FramePoses', 'PoseSequence', 'load_poses_npz', 'load_poses_json',
           'strict_json']

PathLike = Union[str, Path]
FORMAT = 'selfpose_mm.poses3d'


@dataclass
class FramePoses:
    """3D people of one frame (NumPy, mm)."""

    frame_id: int
    keypoints_3d: np.ndarray  # (N, K, 3)
    keypoint_scores: np.ndarray  # (N, K)
    scores: np.ndarray  # (N,)
    ids: np.ndarray  # (N,) int64


@dataclass
class PoseSequence:
    """Per-frame 3D people of a recording, with cameras and layout."""

    frames: List[FramePoses]
    #: the rig as plain arrays (``MultiViewCameras.to_camera_params``):
    #: the npz / json result files store exactly these
    camera_params: Dict[str, np.ndarray]
    camera_names: List[str]
    layout: Optional[KeypointLayout] = None
    num_keypoints: int = 0
    meta: Dict = field(default_factory=dict)

    @property
    def track_ids(self) -> np.ndarray:
        ids = set()
        for f in self.frames:
            ids.update(int(i) for i in f.ids)
        return np.array(sorted(ids), dtype=np.int64)

    def _layout_dict(self) -> Dict:
        if self.layout is not None:
            return self.layout.to_dict()
        K = self.num_keypoints
        return dict(name='unknown', keypoint_names=[str(k) for k in
                                                    range(K)],
                    skeleton=[], root_indices=[])

    def to_arrays(self) -> Dict[str, np.ndarray]:
        """The npz content (see the module docstring)."""
        tracks = self.track_ids
        col = {int(t): j for j, t in enumerate(tracks)}
        F, T, K = len(self.frames), len(tracks), self.num_keypoints
        X = np.full((F, T, K, 3), np.nan, np.float32)
        ks = np.zeros((F, T, K), np.float32)
        sc = np.full((F, T), np.nan, np.float32)
        for f, fr in enumerate(self.frames):
            for n, i in enumerate(fr.ids):
                X[f, col[int(i)]] = fr.keypoints_3d[n]
                ks[f, col[int(i)]] = fr.keypoint_scores[n]
                sc[f, col[int(i)]] = fr.scores[n]
        lay = self._layout_dict()
        cp = self.camera_params
        return dict(
            keypoints_3d=X, keypoint_scores=ks, scores=sc, track_ids=tracks,
            frame_ids=np.array([f.frame_id for f in self.frames], np.int64),
            keypoint_names=np.array(lay['keypoint_names']),
            skeleton=np.array(lay['skeleton'], np.int64).reshape(-1, 2),
            layout=np.array(lay['name']), unit=np.array('mm'),
            camera_names=np.array(self.camera_names),
            K=np.asarray(cp['K'], np.float64),
            R=np.asarray(cp['R'], np.float64),
            t=np.asarray(cp['t'], np.float64),
            dist=np.asarray(cp['dist'], np.float64),
            image_size=np.asarray(cp['image_size'], np.int64))

    def save_npz(self, path: PathLike) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, **self.to_arrays())

    def to_json_dict(self) -> Dict:
        lay = self._layout_dict()
        cp = self.camera_params
        cams = {
            n: dict(K=np.asarray(cp['K'][v]).tolist(),
                    R=np.asarray(cp['R'][v]).tolist(),
                    t=np.asarray(cp['t'][v]).tolist(),
                    dist=np.asarray(cp['dist'][v]).tolist(),
                    image_size=np.asarray(cp['image_size'][v]).tolist())
            for v, n in enumerate(self.camera_names)
        }

        def r(x: np.ndarray, d: int) -> List:
            return np.round(np.asarray(x, np.float64), d).tolist()

        frames = [
            dict(frame_id=int(f.frame_id), people=[
                dict(id=int(f.ids[n]), score=round(float(f.scores[n]), 4),
                     keypoints_3d=r(f.keypoints_3d[n], 2),
                     keypoint_scores=r(f.keypoint_scores[n], 4))
                for n in range(len(f.ids))
            ]) for f in self.frames
        ]
        return dict(format=FORMAT, version=1, unit='mm', layout=lay['name'],
                    keypoint_names=lay['keypoint_names'],
                    skeleton=lay['skeleton'],
                    camera_names=list(self.camera_names), cameras=cams,
                    frames=frames, meta=self.meta)

    def save_json(self, path: PathLike) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, 'w') as f:
            json.dump(self.to_json_dict(), f)


def strict_json(value: Any) -> Any:
    """``value`` with every NaN/Infinity float as ``None`` (JSON ``null``),
    through dicts, lists and tuples, so ``json.dump(..., allow_nan=False)``
    writes valid JSON (metrics of an empty set, the statistics of a camera
    that matched no detection)."""
    if isinstance(value, dict):
        return {k: strict_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [strict_json(v) for v in value]
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    return value


def load_poses_npz(path: PathLike) -> Dict[str, np.ndarray]:
    """Read a ``poses3d.npz`` (plain arrays, no pickle)."""
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def load_poses_json(path: PathLike) -> Dict:
    """Read a ``poses3d.json`` and check its format tag."""
    with open(path) as f:
        data = json.load(f)
    if data.get('format') != FORMAT:
        raise ValueError(f'{path}: not a {FORMAT} file')
    return data
