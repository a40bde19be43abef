"""CMU Panoptic multi-view dataset (panoptic-toolbox layout)."""
import glob
import json
import os.path as osp
import warnings
from collections import defaultdict
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.dataset import BaseDataset

from selfpose_mm.geometry import (convert_panoptic_points,
                                  load_panoptic_calibration)
from selfpose_mm.registry import DATASETS
from selfpose_mm.structures import MultiViewCameras
from selfpose_mm.utils import resolve_dataset_meta_path
from selfpose_mm.utils.safe_load import load_restricted_pickle
from .camera_utils import stack_cameras
from .panoptic_pseudo import load_pseudo_npz, pseudo_records_to_npz

__all__ = ['PanopticDataset', 'PANOPTIC_HD_CAMERAS', 'SELFPOSE3D_TRAIN',
           'SELFPOSE3D_VAL']

#: The five HD cameras of VoxelPose / SelfPose3d, in their db order.
PANOPTIC_HD_CAMERAS = ('00_03', '00_06', '00_12', '00_13', '00_23')
#: SelfPose3d's training sequences (VoxelPose's list without 160906_band3).
SELFPOSE3D_TRAIN = ('160422_ultimatum1', '160224_haggling1',
                    '160226_haggling1', '161202_haggling1',
                    '160906_ian1', '160906_ian2', '160906_ian3',
                    '160906_band1', '160906_band2')
#: SelfPose3d's / VoxelPose's validation sequences.
SELFPOSE3D_VAL = ('160906_pizza1', '160422_haggling1', '160906_ian5',
                  '160906_band4')


@DATASETS.register_module()
class PanopticDataset(BaseDataset):
    """CMU Panoptic frames seen by a set of HD cameras.

    Layout under ``data_root`` (the panoptic-toolbox one)::

        <seq>/calibration_<seq>.json
        <seq>/hdPose3d_stage1_coco19/body3DScene_<frame:08d>.json
        <seq>/hdImgs/<cam>/<cam>_<frame:08d>.jpg   (image mode only)

    3D GT (``ann_source='gt'``): the first 15 coco19 joints, visible when
    ``conf > min_joint_score``; a body whose root (joint 2) is not visible
    is dropped (as VoxelPose does). Points and cameras are converted to mm
    and, with ``world_transform``, to VoxelPose's z-up frame
    (``PANOPTIC_TO_VOXELPOSE``), so a joint projects to the same pixel
    either way. Every ``frame_interval``-th annotation file (sorted) of each
    sequence is used.

    Pseudo 2D labels (``ann_source='pseudo'``): SelfPose3d's per-view
    detections (no cross-view identity) from ``pseudo_file``, either the
    safe ``.npz`` written by
    ``tools/dataset_converters/panoptic_pseudo_pkl_to_npz.py`` or, only
    with ``allow_unsafe_pickle=True``, the original ``.pkl`` (pickles are
    untrusted input: they can run code when loaded; even then a restricted
    unpickler that only builds builtins and NumPy arrays is used). They are
    packed as ``pseudo_keypoints_2d`` (and also used as the 2D detections
    with ``pseudo_as_detections``). The 3D GT of a frame is attached when
    its json exists (else M = 0). ``frame_interval`` subsamples the
    file's frame list.

    Images are not required: the heatmap-mode pipeline
    (``ProjectPoses`` -> ``EmulateDetections`` -> ``RenderInputHeatmaps``)
    only needs the calibration and the 3D json; ``img_paths`` are listed
    for ``LoadMultiViewImages`` in image mode.

    Args:
        data_root (str): Root folder of the sequences.
        sequences (Sequence[str]): Sequences to use. Defaults to
            SelfPose3d's training list.
        cameras (Sequence[str]): HD camera names, in view order. Defaults
            to :data:`PANOPTIC_HD_CAMERAS`.
        frame_interval (int): Keep every n-th frame. Defaults to 3
            (VoxelPose train; its validation uses 12).
        ann_source (str): ``'gt'`` or ``'pseudo'``. Defaults to ``'gt'``.
        pseudo_file (str, optional): Pseudo-label ``.npz`` (or ``.pkl``).
        allow_unsafe_pickle (bool): Permit reading a ``.pkl``. Defaults to
            False.
        pseudo_as_detections (bool): Also use the pseudo labels as the 2D
            input detections. Defaults to False.
        world_transform (bool): Use VoxelPose's z-up frame. Defaults to
            True.
        min_joint_score (float): Joint visibility threshold on the coco19
            confidence. Defaults to 0.1.
        skip_empty (bool): Drop frames without bodies (VoxelPose does).
            Defaults to True.
        seed (int): Seeds ``sample_seed`` for the random transforms.
            Defaults to 0.
        pipeline (Sequence[dict]): Transforms.
        test_mode (bool): MMEngine test-mode flag.
        **kwargs: Passed to :class:`mmengine.dataset.BaseDataset`.
    """

    METAINFO = dict(from_file=resolve_dataset_meta_path('panoptic_body3d'))

    def __init__(self,
                 data_root: str = '',
                 sequences: Sequence[str] = SELFPOSE3D_TRAIN,
                 cameras: Sequence[str] = PANOPTIC_HD_CAMERAS,
                 frame_interval: int = 3,
                 ann_source: str = 'gt',
                 pseudo_file: Optional[str] = None,
                 allow_unsafe_pickle: bool = False,
                 pseudo_as_detections: bool = False,
                 world_transform: bool = True,
                 min_joint_score: float = 0.1,
                 skip_empty: bool = True,
                 seed: int = 0,
                 pipeline: Sequence[dict] = (),
                 test_mode: bool = False,
                 **kwargs) -> None:
        if ann_source not in ('gt', 'pseudo'):
            raise ValueError(f'PanopticDataset: ann_source must be "gt" or '
                             f'"pseudo", got {ann_source!r}')
        if ann_source == 'pseudo' and not pseudo_file:
            raise ValueError('PanopticDataset: ann_source="pseudo" needs '
                             'pseudo_file')
        if int(frame_interval) < 1:
            raise ValueError(f'frame_interval must be >= 1, got '
                             f'{frame_interval}')
        self.sequences = list(sequences)
        self.cameras = list(cameras)
        self.frame_interval = int(frame_interval)
        self.ann_source = ann_source
        self.pseudo_file = pseudo_file
        self.allow_unsafe_pickle = allow_unsafe_pickle
        self.pseudo_as_detections = pseudo_as_detections
        self.world_transform = world_transform
        self.min_joint_score = min_joint_score
        self.skip_empty = skip_empty
        self.seed = int(seed)
        super().__init__(
            data_root=data_root,
            pipeline=list(pipeline),
            test_mode=test_mode,
            **kwargs)

    # ------------------------------------------------------------------
    def _seq_dir(self, seq: str) -> str:
        return osp.join(self.data_root, seq)

    def _calibration(self, seq: str) -> MultiViewCameras:
        path = osp.join(self._seq_dir(seq), f'calibration_{seq}.json')
        if not osp.isfile(path):
            raise FileNotFoundError(
                f'PanopticDataset: missing calibration {path}; expected '
                'the panoptic-toolbox layout <data_root>/<seq>/'
                'calibration_<seq>.json (check data_root and sequences)')
        cams = load_panoptic_calibration(path, self.cameras,
                                         self.world_transform)
        return stack_cameras(list(cams.values()))

    def _read_bodies(self, path: str):
        with open(path, 'r') as f:
            try:
                bodies = json.load(f).get('bodies', [])
            except json.JSONDecodeError as e:
                raise ValueError(f'{path}: invalid json ({e})') from None
        kps, vis, ids = [], [], []
        for b in bodies:
            j = np.asarray(b['joints19'], np.float64).reshape(-1, 4)
            if j.shape[0] < 15:
                raise ValueError(f'{path}: body {b.get("id")} has '
                                 f'{j.shape[0]} joints, expected 19')
            v = j[:15, 3] > self.min_joint_score
            if not v[2]:
                continue
            kps.append(convert_panoptic_points(j[:15, :3],
                                               self.world_transform))
            vis.append(v)
            ids.append(int(b.get('id', len(ids))))
        if not kps:
            return (np.zeros((0, 15, 3), np.float32),
                    np.zeros((0, 15), np.float32), np.zeros(0, np.int64))
        return (np.stack(kps).astype(np.float32),
                np.stack(vis).astype(np.float32), np.asarray(ids, np.int64))

    def _img_paths(self, seq: str, frame: int) -> List[str]:
        return [
            osp.join(self._seq_dir(seq), 'hdImgs', cam,
                     f'{cam}_{frame:08d}.jpg') for cam in self.cameras
        ]

    def _record(self, seq: str, frame: int,
                cameras: MultiViewCameras) -> Dict:
        ann = osp.join(self._seq_dir(seq), 'hdPose3d_stage1_coco19',
                       f'body3DScene_{frame:08d}.json')
        if osp.isfile(ann):
            kp3d, vis, ids = self._read_bodies(ann)
        else:
            kp3d, vis, ids = (np.zeros((0, 15, 3), np.float32),
                              np.zeros((0, 15), np.float32),
                              np.zeros(0, np.int64))
        return dict(
            sequence=seq,
            subject=seq,
            action=seq,
            frame_id=int(frame),
            keypoints_3d=kp3d,
            keypoints_3d_visible=vis,
            instance_ids=ids,
            cameras=cameras,
            camera_names=list(self.cameras),
            img_paths=self._img_paths(seq, frame))

    def _load_gt(self) -> List[Dict]:
        out = []
        for seq in self.sequences:
            cp = self._calibration(seq)
            files = sorted(
                glob.glob(
                    osp.join(self._seq_dir(seq), 'hdPose3d_stage1_coco19',
                             'body3DScene_*.json')))
            if not files:
                warnings.warn(f'PanopticDataset: no annotations in '
                              f'{self._seq_dir(seq)}/hdPose3d_stage1_coco19')
            for i, path in enumerate(files):
                if i % self.frame_interval:
                    continue
                stem = osp.splitext(osp.basename(path))[0]
                frame = int(stem.rsplit('_', 1)[-1])
                rec = self._record(seq, frame, cp)
                if self.skip_empty and len(rec['keypoints_3d']) == 0:
                    continue
                out.append(rec)
        return out

    def _load_pseudo_arrays(self) -> Dict[str, np.ndarray]:
        path = self.pseudo_file
        if path.endswith('.npz'):
            return load_pseudo_npz(path)
        if not self.allow_unsafe_pickle:
            raise ValueError(
                f'PanopticDataset: {path} is a pickle, which can run code '
                'when loaded. Convert it once on a trusted machine with '
                '`python tools/dataset_converters/'
                'panoptic_pseudo_pkl_to_npz.py IN.pkl OUT.npz` and point '
                'pseudo_file at the npz, or set allow_unsafe_pickle=True')
        warnings.warn(f'PanopticDataset: reading the pickle {path} (a '
                      'restricted unpickler is used; prefer the npz)')
        return pseudo_records_to_npz(load_restricted_pickle(path))

    def _load_pseudo(self) -> List[Dict]:
        arr = self._load_pseudo_arrays()
        off = arr['person_offsets']
        frames = defaultdict(dict)  # (seq, frame) -> cam -> record index
        for r, key in enumerate(arr['record_keys']):
            parts = str(key).rsplit('_', 3)
            if len(parts) != 4:
                raise ValueError(f'{self.pseudo_file}: record key {key!r} '
                                 'is not <seq>_<panel>_<node>_<frame>')
            seq, cam, frame = parts[0], f'{parts[1]}_{parts[2]}', int(
                parts[3])
            if seq in self.sequences and cam in self.cameras:
                frames[(seq, frame)][cam] = r
        K = arr['joints_2d'].shape[1]
        calib, out = {}, []
        keys = sorted(frames)
        for i, (seq, frame) in enumerate(keys):
            if i % self.frame_interval:
                continue
            views = frames[(seq, frame)]
            if len(views) != len(self.cameras):
                continue  # a view is missing in the file
            if seq not in calib:
                calib[seq] = self._calibration(seq)
            n = max(off[views[c] + 1] - off[views[c]] for c in self.cameras)
            kp = np.zeros((len(self.cameras), n, K, 2), np.float32)
            vis = np.zeros((len(self.cameras), n, K), np.float32)
            for v, cam in enumerate(self.cameras):
                a, b = off[views[cam]], off[views[cam] + 1]
                kp[v, :b - a] = arr['joints_2d'][a:b]
                vis[v, :b - a] = arr['joints_2d_vis'][a:b]
            rec = self._record(seq, frame, calib[seq])
            rec['pseudo_keypoints_2d'] = kp
            rec['pseudo_keypoints_2d_visible'] = vis
            if self.pseudo_as_detections:
                rec['keypoints_2d'] = kp.copy()
                rec['keypoints_2d_scores'] = vis.copy()
            out.append(rec)
        return out

    def load_data_list(self) -> List[Dict]:
        """Index the frames (see the class docstring)."""
        data = self._load_gt() if self.ann_source == 'gt' else \
            self._load_pseudo()
        for i, rec in enumerate(data):
            rec['sample_idx'] = i
            rec['sample_seed'] = int(
                np.random.SeedSequence([self.seed, i,
                                        404]).generate_state(1)[0])
        return data
