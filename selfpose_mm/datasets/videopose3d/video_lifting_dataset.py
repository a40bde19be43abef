"""Human3.6M / HumanEva-I videos in VideoPose3D's npz formats."""
from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
from mmengine.dataset import BaseDataset

from selfpose_mm.geometry import (load_h36m_cameras, load_humaneva_cameras)
from selfpose_mm.registry import DATASETS
from selfpose_mm.structures import MultiViewCameras
from selfpose_mm.utils import get_dataset_meta
from .npz_io import (chunk_bounds, load_positions_2d, load_positions_3d,
                     subset_slice)

__all__ = ['VideoPose3DDataset', 'symmetry_to_flip_indices']

#: Camera order of the 2D lists in VideoPose3D's npz files.
CAMERA_IDS = {
    'h36m': ('54138969', '55011271', '58860488', '60457274'),
    'humaneva15': ('C1', 'C2', 'C3'),
}


def symmetry_to_flip_indices(num_joints: int,
                             symmetry: Sequence[Sequence[int]]) -> List[int]:
    """``keypoints_symmetry = [left, right]`` → a flip permutation."""
    perm = list(range(num_joints))
    left, right = symmetry
    if len(left) != len(right):
        raise ValueError(f'keypoints_symmetry left {list(left)} and right '
                         f'{list(right)} differ in length')
    for a, b in zip(left, right):
        perm[a], perm[b] = b, a
    return perm


@DATASETS.register_module()
class VideoPose3DDataset(BaseDataset):
    """Single-view 2D→3D lifting videos from VideoPose3D's npz files.

    Every (subject, action, camera) video becomes one sequence holding its
    2D keypoints (pixels) and, if labelled, its camera-frame 3D joints (mm;
    world → camera with the dataset's real calibration) plus the camera
    for back-projection: ``camera``, its float32 arrays (``K``, ``dist``,
    ``dist_model``), and ``cameras``, the same as a ``(1,)``
    :class:`~selfpose_mm.structures.MultiViewCameras` in the camera frame
    (``R = I``, ``t = 0``, with the image size), which every sample of
    the sequence puts into the pipeline results (``results['cameras']``;
    the flip transform replaces it, the packer sets the data sample's
    ``cameras``). Samples are

    - ``chunk_length=n``: output chunks of n frames laid out as
      VideoPose3D's ``ChunkedGenerator`` (``n=1``: one sample per frame),
      and with ``flip_doubling`` every chunk twice, unflipped and flipped
      (VideoPose3D's deterministic augmentation);
    - ``chunk_length=None``: one sample per whole video (evaluation).

    The input window around a chunk (receptive-field padding, edge
    replication, causal shift) is cut by the ``TemporalWindow`` transform.

    Args:
        dataset_name (str): ``'h36m'`` (17 joints, mocap 32 → 17) or
            ``'humaneva15'``.
        data_root (str): Folder of the npz files.
        keypoint_2d_src (str): 2D source, the ``<source>`` of
            ``data_2d_<dataset>_<source>.npz`` (``'gt'``,
            ``'cpn_ft_h36m_dbb'``, ``'detectron_pt_coco'``, ...).
        ann_file_3d (str, optional): Defaults to
            ``data_3d_<dataset>.npz``.
        ann_file_2d (str, optional): Defaults to
            ``data_2d_<dataset>_<source>.npz``.
        camera_param_file (str): Human3.6M: mmpose's ``cameras.pkl``;
            HumanEva: ``humaneva_cameras_from_videopose3d.json``. Relative
            paths are under ``data_root``.
        subjects (Sequence[str], optional): e.g. ``['S1', 'S5']`` or
            ``['Train/S1']``; None = all subjects of the 2D file with 3D.
        actions (Sequence[str], optional): Action-name prefixes
            (VideoPose3D's ``startswith`` filter); None = all.
        cameras (Sequence[int | str], optional): Camera indices or ids;
            None = all.
        subset (float): Labelled fraction: one contiguous block per video
            (VideoPose3D's ``--subset``). Defaults to 1.
        downsample (int): Keep every n-th frame. Defaults to 1.
        chunk_length (int, optional): Output frames per sample; None =
            whole videos. Defaults to 1.
        flip_doubling (bool): Emit every chunk unflipped and flipped.
        with_3d (bool): Load 3D targets (False for unlabelled data).
        pipeline (Sequence[dict]): Transforms.
        test_mode (bool): MMEngine test mode flag.
        metainfo (dict, optional): Overrides of the dataset meta.
        serialize_data (bool): MMEngine's data-list serialisation.
        lazy_init (bool): MMEngine lazy init.
    """

    def __init__(self,
                 dataset_name: str = 'h36m',
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
                 chunk_length: Optional[int] = 1,
                 flip_doubling: bool = False,
                 with_3d: bool = True,
                 pipeline: Sequence[dict] = (),
                 test_mode: bool = False,
                 metainfo: Optional[dict] = None,
                 serialize_data: bool = True,
                 lazy_init: bool = False) -> None:
        if dataset_name not in CAMERA_IDS:
            raise ValueError(f'dataset_name must be one of '
                             f'{list(CAMERA_IDS)}, got {dataset_name!r}')
        self.dataset_name = dataset_name
        self.keypoint_2d_src = keypoint_2d_src
        self.ann_file_3d = ann_file_3d or f'data_3d_{dataset_name}.npz'
        self.ann_file_2d = ann_file_2d or \
            f'data_2d_{dataset_name}_{keypoint_2d_src}.npz'
        self.camera_param_file = camera_param_file
        self.subjects = list(subjects) if subjects is not None else None
        self.actions = list(actions) if actions is not None else None
        self.camera_sel = list(cameras) if cameras is not None else None
        self.subset = subset
        self.downsample = downsample
        self.chunk_length = chunk_length
        self.flip_doubling = flip_doubling
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

    # ------------------------------------------------------------------
    def _path(self, name: str) -> Path:
        path = Path(name)
        return path if path.is_absolute() else Path(self.data_root) / path

    def _load_cameras(self) -> Optional[Dict[str, Any]]:
        if self.camera_param_file is None:
            return None
        path = self._path(self.camera_param_file)
        if self.dataset_name == 'h36m':
            return load_h36m_cameras(path)
        return load_humaneva_cameras(path)

    def _camera_ids(self) -> List[int]:
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
        return out

    def _keep_action(self, action: str) -> bool:
        return self.actions is None or any(
            action.startswith(a) for a in self.actions)

    def load_data_list(self) -> List[dict]:
        """Read the npz files into ``self.sequences``; list the samples."""
        pos2d, meta2d = load_positions_2d(self._path(self.ann_file_2d))
        pos3d = load_positions_3d(self._path(self.ann_file_3d)) \
            if self.with_3d or Path(self._path(self.ann_file_3d)).is_file() \
            else {}
        cams = self._load_cameras()
        num_2d = int(meta2d.get('num_joints', 0))
        sym = meta2d.get('keypoints_symmetry')
        self.flip_indices_2d = symmetry_to_flip_indices(num_2d, sym) \
            if sym is not None else list(range(num_2d))
        cam_ids = CAMERA_IDS[self.dataset_name]
        subjects = self.subjects
        if subjects is None:
            subjects = [s for s in pos2d if not self.with_3d or s in pos3d]
        self.sequences = []
        data_list = []
        for subject in subjects:
            if subject not in pos2d:
                raise KeyError(f'{self._path(self.ann_file_2d)}: no subject '
                               f'{subject!r} (present: {sorted(pos2d)})')
            if self.with_3d and subject not in pos3d:
                raise KeyError(f'{self._path(self.ann_file_3d)}: no 3D for '
                               f'subject {subject!r}; use with_3d=False for '
                               'unlabelled subjects')
            for action in sorted(pos2d[subject]):
                if not self._keep_action(action):
                    continue
                views = pos2d[subject][action]
                mocap = pos3d.get(subject, {}).get(action)
                if self.with_3d and mocap is None:
                    continue
                for ci in self._camera_ids():
                    if ci >= len(views) or views[ci] is None:
                        continue
                    seq = self._make_sequence(subject, action, ci,
                                              views[ci], mocap, cams,
                                              cam_ids[ci])
                    if seq is None:
                        continue
                    idx = len(self.sequences)
                    self.sequences.append(seq)
                    data_list.extend(self._samples(idx, seq['length']))
        if not data_list:
            raise ValueError(f'{self._path(self.ann_file_2d)}: no samples '
                             f'for subjects={subjects}, actions='
                             f'{self.actions}, cameras={self.camera_sel}')
        return data_list

    def _make_sequence(self, subject: str, action: str, ci: int,
                       kp2d: np.ndarray, mocap: Optional[np.ndarray],
                       cams: Optional[dict], cam_id: str) -> Optional[dict]:
        kp2d = np.asarray(kp2d, np.float32)[..., :2]
        cam_key = f'{subject.split("/")[-1]}_{cam_id}'
        camera = None
        if cams is not None:
            if cam_key not in cams:
                raise KeyError(f'{self._path(self.camera_param_file)}: no '
                               f'camera {cam_key!r} for {subject}/{action}')
            camera = cams[cam_key]
        kp3d = None
        if mocap is not None:
            if len(kp2d) < len(mocap):
                raise ValueError(f'{self._path(self.ann_file_2d)}: '
                                 f'{subject}/{action} camera {cam_id} has '
                                 f'{len(kp2d)} 2D frames < {len(mocap)} 3D')
            kp2d = kp2d[:len(mocap)]  # some H36M videos are longer
            if self.with_3d:
                if camera is None:
                    raise ValueError('camera_param_file is required to put '
                                     'the world 3D into camera frames')
                kp3d = camera.world_to_camera(mocap).astype(np.float32)
        sl = subset_slice(len(kp2d), self.subset, self.downsample)
        kp2d = kp2d[sl]
        kp3d = kp3d[sl] if kp3d is not None else None
        if len(kp2d) == 0:
            return None
        if camera is not None and camera.image_size is not None:
            image_size = tuple(float(v) for v in camera.image_size)
        elif self.dataset_name == 'humaneva15':
            image_size = (640., 480.)
        else:
            raise ValueError(f'{subject}/{action}: unknown image size of '
                             f'camera {cam_id}; give camera_param_file')
        cam = cameras = None
        if camera is not None:
            cam = dict(
                K=np.asarray(camera.K, np.float32),
                dist=np.asarray(
                    camera.dist if camera.dist is not None else np.zeros(5),
                    np.float32),
                dist_model=camera.dist_model)
            cameras = MultiViewCameras(
                K=cam['K'][None], R=np.eye(3, dtype=np.float32)[None],
                t=np.zeros((1, 3), np.float32), dist=cam['dist'][None],
                image_size=np.asarray([image_size], np.float32),
                dist_model=cam['dist_model'])
        return OrderedDict(
            subject=subject,
            action=action,
            camera_name=cam_id,
            keypoints_2d=kp2d,
            keypoints_3d=kp3d,
            camera=cam,
            cameras=cameras,
            image_size=image_size,
            length=len(kp2d))

    def _samples(self, seq_idx: int, length: int) -> List[dict]:
        bounds = [(0, length)] if self.chunk_length is None else \
            chunk_bounds(length, self.chunk_length)
        flips = (False, True) if self.flip_doubling else (False, )
        return [
            dict(seq_idx=seq_idx, start=s, end=e, flip=f) for s, e in bounds
            for f in flips
        ]

    def get_data_info(self, idx: int) -> dict:
        """A sample plus references to its sequence arrays and camera."""
        info = super().get_data_info(idx)
        seq = self.sequences[info['seq_idx']]
        info.update(
            keypoints_2d_seq=seq['keypoints_2d'],
            keypoints_3d_seq=seq['keypoints_3d'],
            cameras=seq['cameras'],
            image_size=seq['image_size'],
            subject=seq['subject'],
            action=seq['action'],
            camera=seq['camera_name'],
            sequence=f"{seq['subject']}/{seq['action']}/"
            f"{seq['camera_name']}",
            frame_id=info['start'],
            flip_indices=self.metainfo['flip_indices'],
            flip_indices_2d=self.flip_indices_2d)
        return info
