"""Synchronised multi-view 2D frames (+ calibrated cameras) for
self-supervised lifting, read from VideoPose3D's npz files."""
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
from mmengine.dataset import BaseDataset

from selfpose_mm.geometry import (Camera, load_h36m_cameras,
                                  load_humaneva_cameras)
from selfpose_mm.registry import DATASETS
from selfpose_mm.structures import MultiViewCameras
from selfpose_mm.utils import get_dataset_meta
from ..videopose3d.npz_io import (load_positions_2d, load_positions_3d,
                                  subset_slice)
from ..videopose3d.video_lifting_dataset import CAMERA_IDS

__all__ = ['MultiViewLiftingDataset']


@DATASETS.register_module()
class MultiViewLiftingDataset(BaseDataset):
    """One sample = the V synchronised 2D views of one frame.

    Every (subject, action) take whose selected cameras all have 2D becomes
    one sequence; each of its frames is a sample holding the V views' 2D
    keypoints (pixels), the V calibrated cameras (``K``, world→camera
    ``R``, ``t`` in mm, distortion) and, only when ``with_3d`` (evaluation),
    the V camera-frame 3D poses (mm). Self-supervised training configs set
    ``with_3d=False`` so no 3D label is even loaded.

    A sample's cameras are one :class:`MultiViewCameras` ``(V,)`` under
    ``cameras`` (float32, identity input affine; ``image_size`` is also
    given as a ``(V, 2)`` array for the encoder). One structure is built
    per take and shared by its frames (structures are immutable).

    Note:
        - V: views, K: joints.

    Args:
        dataset_name (str): ``'h36m'`` or ``'humaneva15'``.
        data_root (str): Folder of the npz files.
        keypoint_2d_src (str): 2D source (``data_2d_<ds>_<src>.npz``).
        ann_file_3d (str, optional): Defaults to ``data_3d_<ds>.npz``.
        ann_file_2d (str, optional): Defaults to
            ``data_2d_<ds>_<src>.npz``.
        camera_param_file (str): H36M ``cameras.pkl`` or HumanEva
            ``humaneva_cameras_from_videopose3d.json`` (relative paths are
            under ``data_root``). Required: the loss needs the cameras.
        subjects (Sequence[str], optional): e.g. ``['Train/S1']``; None =
            every subject of the 2D file (with 3D when ``with_3d``).
        actions (Sequence[str], optional): Action-name prefixes.
        cameras (Sequence[int | str], optional): Camera indices or ids, in
            view order; None = all. At least 2.
        subset (float): Contiguous fraction per take (VideoPose3D's
            ``--subset``). Defaults to 1.
        downsample (int): Keep every n-th frame. Defaults to 1.
        with_3d (bool): Load the 3D (evaluation only). Defaults to False.
        pipeline (Sequence[dict]): Transforms.
        test_mode (bool): MMEngine test-mode flag.
        metainfo (dict, optional): Overrides of the dataset meta.
        serialize_data (bool): MMEngine's data-list serialisation.
        lazy_init (bool): MMEngine lazy init.
    """

    def __init__(self,
                 dataset_name: str = 'humaneva15',
                 data_root: str = '',
                 keypoint_2d_src: str = 'gt',
                 ann_file_3d: Optional[str] = None,
                 ann_file_2d: Optional[str] = None,
                 camera_param_file: Optional[str] = None,
                 subjects: Optional[Sequence[str]] = None,
                 actions: Optional[Sequence[str]] = None,
                 cameras: Optional[Sequence[Union[int, str]]] = None,
                 subset: float = 1.,
                 downsample: int = 1,
                 with_3d: bool = False,
                 pipeline: Sequence[dict] = (),
                 test_mode: bool = False,
                 metainfo: Optional[dict] = None,
                 serialize_data: bool = True,
                 lazy_init: bool = False) -> None:
        if dataset_name not in CAMERA_IDS:
            raise ValueError(f'dataset_name must be one of '
                             f'{list(CAMERA_IDS)}, got {dataset_name!r}')
        if camera_param_file is None:
            raise ValueError('MultiViewLiftingDataset: camera_param_file is '
                             'required (the multi-view loss projects '
                             'through the calibrated cameras)')
        self.dataset_name = dataset_name
        self.ann_file_3d = ann_file_3d or f'data_3d_{dataset_name}.npz'
        self.ann_file_2d = ann_file_2d or \
            f'data_2d_{dataset_name}_{keypoint_2d_src}.npz'
        self.camera_param_file = camera_param_file
        self.subjects = list(subjects) if subjects is not None else None
        self.actions = list(actions) if actions is not None else None
        self.camera_sel = list(cameras) if cameras is not None else None
        self.subset = subset
        self.downsample = downsample
        self.with_3d = with_3d
        self.sequences: List[Dict[str, Any]] = []
        meta = get_dataset_meta(dataset_name)
        meta.update(metainfo or {})
        super().__init__(
            ann_file='',
            metainfo=meta,
            data_root=data_root,
            pipeline=list(pipeline),
            test_mode=test_mode,
            serialize_data=serialize_data,
            lazy_init=lazy_init)

    def _path(self, name: str) -> Path:
        path = Path(name)
        return path if path.is_absolute() else Path(self.data_root) / path

    def _view_indices(self) -> List[int]:
        ids = CAMERA_IDS[self.dataset_name]
        if self.camera_sel is None:
            return list(range(len(ids)))
        out = []
        for c in self.camera_sel:
            if isinstance(c, int) and 0 <= c < len(ids):
                out.append(c)
            elif str(c) in ids:
                out.append(ids.index(str(c)))
            else:
                raise ValueError(f'camera {c!r} is neither an index nor an '
                                 f'id of {ids}')
        if len(out) < 2:
            raise ValueError(f'MultiViewLiftingDataset needs >= 2 cameras, '
                             f'got {self.camera_sel}')
        return out

    def _cameras(self, cams: Dict[str, Camera], subject: str,
                 views: List[int]) -> Dict[str, Any]:
        ids = CAMERA_IDS[self.dataset_name]
        sel = []
        for v in views:
            key = f'{subject.split("/")[-1]}_{ids[v]}'
            if key not in cams:
                raise KeyError(f'{self._path(self.camera_param_file)}: no '
                               f'camera {key!r} for subject {subject!r}')
            sel.append(cams[key])
        models = {c.dist_model for c in sel}
        if len(models) != 1:
            raise ValueError(f'{subject}: mixed distortion models {models}')
        size = [
            c.image_size if c.image_size is not None else (640, 480)
            for c in sel
        ]
        return dict(
            objects=sel,
            K=np.stack([c.K for c in sel]).astype(np.float32),
            R=np.stack([c.R for c in sel]).astype(np.float32),
            t=np.stack([c.t for c in sel]).astype(np.float32),
            dist=np.stack([
                c.dist if c.dist is not None else np.zeros(5) for c in sel
            ]).astype(np.float32),
            dist_model=models.pop(),
            image_size=np.asarray(size, np.float32))

    def load_data_list(self) -> List[dict]:
        """Group the V views of every take; one sample per frame."""
        path_2d = self._path(self.ann_file_2d)
        pos2d, _ = load_positions_2d(path_2d)
        pos3d = load_positions_3d(self._path(self.ann_file_3d)) \
            if self.with_3d else {}
        cam_path = self._path(self.camera_param_file)
        cams = load_h36m_cameras(cam_path) if self.dataset_name == 'h36m' \
            else load_humaneva_cameras(cam_path)
        views = self._view_indices()
        subjects = self.subjects
        if subjects is None:
            subjects = [s for s in pos2d if not self.with_3d or s in pos3d]
        self.sequences = []
        data_list: List[dict] = []
        for subject in subjects:
            if subject not in pos2d:
                raise KeyError(f'{path_2d}: no subject {subject!r} '
                               f'(present: {sorted(pos2d)})')
            cam = None
            for action in sorted(pos2d[subject]):
                if self.actions is not None and not any(
                        action.startswith(a) for a in self.actions):
                    continue
                kp = pos2d[subject][action]
                if any(v >= len(kp) or kp[v] is None for v in views):
                    continue  # a view is missing: not a multi-view take
                mocap = pos3d.get(subject, {}).get(action)
                if self.with_3d and mocap is None:
                    continue
                length = min(len(kp[v]) for v in views)
                if mocap is not None:
                    length = min(length, len(mocap))
                kp2d = np.stack([
                    np.asarray(kp[v], np.float32)[:length, :, :2]
                    for v in views
                ], 1)  # (T, V, K, 2)
                if cam is None:
                    cam = self._cameras(cams, subject, views)
                kp3d = None
                if mocap is not None:
                    kp3d = np.stack([
                        c.world_to_camera(mocap[:length])
                        for c in cam['objects']
                    ], 1).astype(np.float32)  # (T, V, K, 3)
                sl = subset_slice(length, self.subset, self.downsample)
                frames = np.arange(length)[sl]
                if len(frames) == 0:
                    continue
                idx = len(self.sequences)
                self.sequences.append(
                    dict(
                        subject=subject,
                        action=action,
                        keypoints_2d=kp2d,
                        keypoints_3d=kp3d,
                        image_size=cam['image_size'],
                        cameras=MultiViewCameras(
                            K=cam['K'],
                            R=cam['R'],
                            t=cam['t'],
                            dist=cam['dist'],
                            image_size=cam['image_size'],
                            dist_model=cam['dist_model'])))
                data_list.extend(
                    dict(seq_idx=idx, frame=int(f)) for f in frames)
        if not data_list:
            raise ValueError(f'{path_2d}: no multi-view samples for '
                             f'subjects={subjects}, actions={self.actions}, '
                             f'cameras={self.camera_sel}')
        return data_list

    def get_data_info(self, idx: int) -> dict:
        """The sample's V views (copies) and cameras."""
        info = super().get_data_info(idx)
        seq = self.sequences[info['seq_idx']]
        f = info['frame']
        kp3d = seq['keypoints_3d']
        info.update(
            keypoints_2d=seq['keypoints_2d'][f].copy(),
            keypoints_3d=None if kp3d is None else kp3d[f].copy(),
            cameras=seq['cameras'],
            image_size=seq['image_size'],
            subject=seq['subject'],
            action=seq['action'],
            sequence=f"{seq['subject']}/{seq['action']}",
            frame_id=f)
        return info
