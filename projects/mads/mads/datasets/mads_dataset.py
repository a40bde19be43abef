"""MADS (Martial Arts, Dancing and Sports) in its stereo and multi-view
layouts: Bouguet-toolbox calibration and GT in MATLAB files."""
import os.path as osp
from glob import glob
from typing import List, Optional, Sequence, Tuple

import cv2
import numpy as np
from mmengine.dataset import BaseDataset
from mmengine.logging import print_log

from selfpose_mm.geometry import CalibrationError, Camera
from selfpose_mm.registry import DATASETS
from selfpose_mm.utils import resolve_dataset_meta_path

__all__ = [
    'MADSDataset', 'load_bouguet_camera', 'load_mads_stereo_cameras',
    'load_mads_gt', 'MADS_MOVEMENTS'
]

MADS_MOVEMENTS = ('HipHop', 'Jazz', 'Kata', 'Sports', 'Taichi')
NUM_JOINTS = 19


def _loadmat(path: str) -> dict:
    from scipy.io import loadmat
    if not osp.isfile(path):
        raise FileNotFoundError(f'MADS: missing file {path!r}; see the Data '
                                'section of projects/mads/README.md')
    return loadmat(path)


def load_bouguet_camera(path: str,
                        om_key: str = 'om_ext',
                        T_key: str = 'T_ext',
                        negate_om: bool = False,
                        name: Optional[str] = None) -> Camera:
    """A camera from a Bouguet calibration-toolbox ``.mat`` file.

    ``K = [[fc_x, alpha_c * fc_x, cc_x], [0, fc_y, cc_y], [0, 0, 1]]``,
    ``R = Rodrigues(om)`` (world to camera), ``t = T`` in mm and
    ``dist = kc`` (OpenCV order ``k1, k2, p1, p2, k3``).

    Args:
        path: The ``.mat`` file.
        om_key: Field of the Rodrigues vector (``'om'`` or ``'om_ext'``).
        T_key: Field of the translation (``'T'`` or ``'T_ext'``).
        negate_om: Negate ``om`` first (MADS's left-camera quirk).
        name: Camera name; defaults to the file stem.

    Raises:
        CalibrationError: Naming the file and the missing/invalid field.
    """
    mat = _loadmat(path)

    def field(key: str, size: int) -> np.ndarray:
        if key not in mat:
            found = sorted(k for k in mat if not k.startswith('__'))
            raise CalibrationError(
                f'{path}: field {key!r} missing (found {found}); expected '
                'a Bouguet calibration with fc, cc, alpha_c, kc and '
                f'{om_key}/{T_key}')
        arr = np.asarray(mat[key], dtype=np.float64).reshape(-1)
        if arr.size != size:
            raise CalibrationError(f'{path}: field {key!r} has {arr.size} '
                                   f'values, expected {size}')
        return arr

    fc, cc = field('fc', 2), field('cc', 2)
    alpha = field('alpha_c', 1)[0] if 'alpha_c' in mat else 0.
    kc = field('kc', 5) if 'kc' in mat else np.zeros(5)
    om, T = field(om_key, 3), field(T_key, 3)
    if negate_om:
        om = -om
    R, _ = cv2.Rodrigues(om)
    K = np.array([[fc[0], alpha * fc[0], cc[0]], [0., fc[1], cc[1]],
                  [0., 0., 1.]])
    try:
        return Camera(
            name=name or osp.splitext(osp.basename(path))[0],
            K=K,
            R=R,
            t=T,
            dist=kc)
    except CalibrationError as e:
        raise CalibrationError(f'{path}: {e}') from None


def load_mads_stereo_cameras(left_path: str,
                             right_path: str,
                             negate_left_om: bool = True,
                             shared_intrinsics: bool = True
                             ) -> Tuple[Camera, Camera]:
    """The MADS stereo pair, with the two known calibration quirks.

    * ``shared_intrinsics``: the left image is rectified, so both cameras
      use the right camera's ``fc, cc, alpha_c`` (and distortion).
    * ``negate_left_om``: the left ``om`` (``Calib_C0_left.mat``) is
      negated before Rodrigues.

    Both are empirical fixes of the public re-implementation; verify them
    on real data by reprojecting the GT onto the frames.

    Args:
        left_path: ``Calib_C0_left.mat`` (fields ``om``, ``T``).
        right_path: ``Calib_Cam0.mat`` of the multi-view data (fields
            ``om_ext``, ``T_ext``), used as the right camera.

    Returns:
        tuple: ``(left, right)`` cameras.
    """
    left = load_bouguet_camera(
        left_path, 'om', 'T', negate_om=negate_left_om, name='left')
    right = load_bouguet_camera(right_path, 'om_ext', 'T_ext', name='right')
    if shared_intrinsics:
        left = Camera(
            name='left', K=right.K, R=left.R, t=left.t, dist=right.dist)
    return left, right


def load_mads_gt(path: str,
                 skip_invalid: bool = False) -> Tuple[np.ndarray, np.ndarray]:
    """Read ``GTpose2`` (a cell array of 19x3 frames, NaN = no marker).

    Args:
        path: ``<sequence>_GT.mat``.
        skip_invalid: Drop frames that are not 19x3 instead of raising.

    Returns:
        tuple: poses ``(T, 19, 3)`` mm (NaN kept) and the kept frame
        indices ``(T,)``.
    """
    mat = _loadmat(path)
    if 'GTpose2' not in mat:
        raise KeyError(f'{path}: no field GTpose2 (found '
                       f'{sorted(k for k in mat if not k.startswith("__"))})')
    cells = np.asarray(mat['GTpose2'], dtype=object).reshape(-1)
    poses, kept = [], []
    for i, cell in enumerate(cells):
        arr = np.asarray(cell, dtype=np.float64)
        if arr.shape != (NUM_JOINTS, 3):
            if skip_invalid:
                continue
            raise ValueError(f'{path}: GTpose2 frame {i} has shape '
                             f'{arr.shape}, expected ({NUM_JOINTS}, 3); '
                             'pass skip_invalid_frames=True to drop such '
                             'frames')
        poses.append(arr)
        kept.append(i)
    if not poses:
        return np.zeros((0, NUM_JOINTS, 3)), np.zeros(0, np.int64)
    return np.stack(poses), np.asarray(kept, np.int64)


@DATASETS.register_module()
class MADSDataset(BaseDataset):
    """MADS stereo (2 views) or multi-view (3 views) frames with 3D GT.

    Expected tree under ``data_root`` (raw MADS files, frames extracted by
    ``projects/mads/tools/extract_mads_frames.py``)::

        MADS_depth/depth_data/<Movement>/            # mode='stereo'
            <seq>_GT.mat            GTpose2: cell of 19x3 (mm, NaN)
            Calib_C0_left.mat       left camera: fc cc alpha_c kc om T
            <seq>/left/left_0000.jpg, <seq>/right/right_0000.jpg, ...
        MADS_multiview/multi_view_data/<Movement>/
            Calib_Cam0.mat          right camera (stereo) / view C0
            Calib_Cam1.mat, Calib_Cam2.mat             (mode='multiview')
            <seq>_GT.mat, <seq>/C0/C0_0000.jpg, ...    (mode='multiview')

    Split (the public recipe): per movement, the first sequence in sorted
    order is ``'val'``, the others ``'train'``. A joint with any NaN
    coordinate is invisible (coordinates set to 0, never NaN downstream).

    Args:
        data_root (str): Root holding ``MADS_depth`` / ``MADS_multiview``.
        split (str): ``'train'``, ``'val'`` or ``'all'``.
        mode (str): ``'stereo'`` or ``'multiview'``.
        movements (Sequence[str], optional): Subset of
            ``MADS_MOVEMENTS``; default: every movement folder found.
        negate_left_om (bool): Stereo quirk, see
            :func:`load_mads_stereo_cameras`.
        shared_intrinsics (bool): Stereo quirk, idem.
        frame_step (int): Keep every n-th frame.
        skip_invalid_frames (bool): Drop GT frames that are not 19x3.
        pipeline (Sequence[dict]): Transforms.
        test_mode (bool): MMEngine test mode.
        **kwargs: Forwarded to :class:`mmengine.dataset.BaseDataset`.
    """

    METAINFO = dict(from_file=resolve_dataset_meta_path('mads'))
    STEREO_DIR = osp.join('MADS_depth', 'depth_data')
    MULTIVIEW_DIR = osp.join('MADS_multiview', 'multi_view_data')

    def __init__(self,
                 data_root: str = 'data/MADS',
                 split: str = 'train',
                 mode: str = 'stereo',
                 movements: Optional[Sequence[str]] = None,
                 negate_left_om: bool = True,
                 shared_intrinsics: bool = True,
                 frame_step: int = 1,
                 skip_invalid_frames: bool = False,
                 pipeline: Sequence[dict] = (),
                 test_mode: bool = False,
                 **kwargs) -> None:
        if split not in ('train', 'val', 'all'):
            raise ValueError(f"split must be 'train', 'val' or 'all', got "
                             f'{split!r}')
        if mode not in ('stereo', 'multiview'):
            raise ValueError(f"mode must be 'stereo' or 'multiview', got "
                             f'{mode!r}')
        self.split = split
        self.mode = mode
        self.movements = movements
        self.negate_left_om = negate_left_om
        self.shared_intrinsics = shared_intrinsics
        self.frame_step = max(1, int(frame_step))
        self.skip_invalid_frames = skip_invalid_frames
        super().__init__(
            ann_file='',
            data_root=data_root,
            pipeline=list(pipeline),
            test_mode=test_mode,
            **kwargs)

    # ------------------------------------------------------------------
    def _cameras(self, movement: str) -> Tuple[List[Camera], List[str]]:
        mv_dir = osp.join(self.data_root, self.MULTIVIEW_DIR, movement)
        if self.mode == 'stereo':
            st_dir = osp.join(self.data_root, self.STEREO_DIR, movement)
            cams = load_mads_stereo_cameras(
                osp.join(st_dir, 'Calib_C0_left.mat'),
                osp.join(mv_dir, 'Calib_Cam0.mat'), self.negate_left_om,
                self.shared_intrinsics)
            return list(cams), ['left', 'right']
        names = ['C0', 'C1', 'C2']
        cams = [
            load_bouguet_camera(
                osp.join(mv_dir, f'Calib_Cam{i}.mat'), name=n)
            for i, n in enumerate(names)
        ]
        return cams, names

    def _movement_dirs(self) -> List[Tuple[str, str]]:
        base = osp.join(self.data_root, self.STEREO_DIR
                        if self.mode == 'stereo' else self.MULTIVIEW_DIR)
        if not osp.isdir(base):
            raise FileNotFoundError(
                f'MADSDataset: {base!r} not found; data_root must hold '
                f'{self.STEREO_DIR!r} (stereo) or {self.MULTIVIEW_DIR!r} '
                '(multiview), see projects/mads/README.md')
        found = sorted(d for d in MADS_MOVEMENTS + tuple(
            m for m in (self.movements or ()) if m not in MADS_MOVEMENTS)
                       if osp.isdir(osp.join(base, d)))
        if self.movements is not None:
            missing = [m for m in self.movements if m not in found]
            if missing:
                raise FileNotFoundError(f'MADSDataset: movements {missing} '
                                        f'not found under {base!r}')
            found = [m for m in found if m in self.movements]
        return [(m, osp.join(base, m)) for m in found]

    def load_data_list(self) -> List[dict]:
        """One entry per kept frame of every selected sequence."""
        data_list: List[dict] = []
        for movement, mdir in self._movement_dirs():
            cams, view_names = self._cameras(movement)
            cam_dicts = [dict(c.to_dict(), name=c.name) for c in cams]
            gts = sorted(glob(osp.join(mdir, '*_GT.mat')))
            for rank, gt_path in enumerate(gts):
                is_val = rank == 0
                if (self.split == 'val' and not is_val) or (
                        self.split == 'train' and is_val):
                    continue
                seq = osp.basename(gt_path)[:-len('_GT.mat')]
                seq_dir = osp.join(mdir, seq)
                if not osp.isdir(seq_dir):
                    raise FileNotFoundError(
                        f'MADSDataset: no frames for {gt_path!r} (expected '
                        f'{seq_dir}/<view>/<view>_0000.jpg); run '
                        'projects/mads/tools/extract_mads_frames.py')
                poses, frames = load_mads_gt(gt_path,
                                             self.skip_invalid_frames)
                if self.skip_invalid_frames and len(frames) < len(
                        np.asarray(_loadmat(gt_path)['GTpose2']).reshape(
                            -1)):
                    print_log(
                        f'MADSDataset: {gt_path}: skipped '
                        'frames that are not 19x3', logger='current')
                for pose, fid in zip(poses[::self.frame_step],
                                     frames[::self.frame_step]):
                    vis = np.isfinite(pose).all(-1)
                    data_list.append(
                        dict(
                            img_paths=[
                                osp.join(seq_dir, v, f'{v}_{fid:04d}.jpg')
                                for v in view_names
                            ],
                            cameras=cam_dicts,
                            keypoints_3d=np.where(vis[:, None], pose,
                                                  0.).astype(np.float32),
                            keypoints_3d_visible=vis.astype(np.float32),
                            subject=movement,
                            action=movement,
                            sequence=seq,
                            frame_id=int(fid)))
        for i, d in enumerate(data_list):
            d['sample_idx'] = i
        if not data_list:
            raise ValueError(f'MADSDataset: no frames for split '
                             f'{self.split!r} under {self.data_root!r}')
        return data_list
