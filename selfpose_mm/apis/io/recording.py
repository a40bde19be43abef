"""A synchronised multi-camera recording: calibration + per-camera 2D
detections and/or frames, indexed by frame."""
from collections import OrderedDict
from typing import Dict, List, Optional, Sequence

import numpy as np
from mmengine.logging import print_log

from selfpose_mm.datasets.camera_utils import stack_cameras
from selfpose_mm.geometry import Camera
from .frames import FrameSource

__all__ = ['MultiViewRecording', 'SYNC_MODES']

SYNC_MODES = ('strict', 'intersect')


class MultiViewRecording:
    """Frames of V calibrated cameras, each a results dict for a pipeline.

    Item ``i`` is a dict with ``keypoints_2d`` ``(V, P, K, 3)`` (x, y,
    score; padded with score 0, only with detections), ``cameras`` (the
    ``MultiViewCameras`` ``(V,)`` of :attr:`multiview_cameras`),
    ``image_size`` ``(V, 2)``,
    ``camera_names``, ``frame_id``, ``sequence``, ``sample_idx`` and, when
    frames are given and ``load_images``, ``img`` (V BGR arrays or None
    for unreadable frames) and ``img_paths``.

    Synchronisation: with ``sync='strict'`` every camera must have the
    same frames (detection frame numbers, and frame counts of videos or
    image folders), else a ``ValueError`` names the cameras and counts;
    ``'intersect'`` keeps the common frames and logs how many were
    dropped.

    Args:
        cameras (dict): Ordered ``{name: Camera}``; one per view.
        detections (list, optional): Per view ``{frame_id: (P, K, 3)}``.
        frames (list, optional): Per view :class:`FrameSource`.
        sequence (str): Name written to the metainfo.
        sync (str): ``'strict'`` or ``'intersect'``.
        load_images (bool): Read frames into ``img``.
        sources (list, optional): Per-view input paths, for messages.
    """

    def __init__(self,
                 cameras: Dict[str, Camera],
                 detections: Optional[List[Dict[int, np.ndarray]]] = None,
                 frames: Optional[List[FrameSource]] = None,
                 sequence: str = 'recording',
                 sync: str = 'strict',
                 load_images: bool = True,
                 sources: Optional[Sequence[str]] = None) -> None:
        if sync not in SYNC_MODES:
            raise ValueError(f'sync must be one of {SYNC_MODES}, got '
                             f'{sync!r}')
        if detections is None and frames is None:
            raise ValueError('a recording needs detections or frames')
        self.cameras = OrderedDict(cameras)
        names = list(self.cameras)
        V = len(names)
        for what, items in (('detection inputs', detections),
                            ('frame inputs', frames)):
            if items is not None and len(items) != V:
                raise ValueError(
                    f'{len(items)} {what} but {V} cameras in the '
                    f'calibration ({names}); give one per camera, in '
                    'calibration order, or select cameras with --cameras')
        self.detections, self.frames = detections, frames
        self.sequence, self.load_images = sequence, load_images
        src = list(sources) if sources is not None else names
        ids = None
        if detections is not None:
            sets = [set(d) for d in detections]
            ids = set.intersection(*sets)
            if any(s != ids for s in sets):
                desc = ', '.join(
                    f'{n}: {len(s)} frames ({min(s, default=-1)}-'
                    f'{max(s, default=-1)})' for n, s in zip(src, sets))
                if sync == 'strict':
                    raise ValueError(
                        f'cameras have different detection frames ({desc}); '
                        'out-of-sync or incomplete inputs. Fix them, or '
                        'pass --sync intersect to keep common frames')
                print_log(f'keeping the {len(ids)} frames common to all '
                          f'cameras ({desc})', logger='current', level=30)
        if frames is not None:
            counts = [len(f) for f in frames]
            n = min(counts)
            if len(set(counts)) > 1:
                desc = ', '.join(f'{s}: {c}' for s, c in zip(src, counts))
                if sync == 'strict':
                    raise ValueError(
                        f'videos/image folders have different frame counts '
                        f'({desc}); out of sync? Trim them, or pass --sync '
                        'intersect to use the first common frames')
                print_log(f'using the first {n} frames of every camera '
                          f'({desc})', logger='current', level=30)
            if ids is None:
                ids = set(range(n))
            else:
                out = sorted(i for i in ids if i >= n or i < 0)
                if out:
                    msg = (f'{len(out)} detection frames (e.g. {out[:3]}) '
                           f'have no image/video frame (frames: {n})')
                    if sync == 'strict':
                        raise ValueError(msg + '; detections and videos '
                                         'out of sync? (--sync intersect '
                                         'drops them)')
                    print_log(msg + '; dropped', logger='current', level=30)
                    ids -= set(out)
        self.frame_ids: List[int] = sorted(ids)
        if not self.frame_ids:
            raise ValueError('no frame is common to all cameras')
        self._fill_image_sizes()
        #: the rig as one ``MultiViewCameras`` ``(V,)`` (float32)
        self.multiview_cameras = stack_cameras(self.cameras.values())
        self.num_keypoints = self._num_keypoints()

    # ------------------------------------------------------------------
    def _fill_image_sizes(self) -> None:
        """Calibrated size, else the frames' size; checked against them."""
        for v, (name, cam) in enumerate(self.cameras.items()):
            size = None
            if self.frames is not None:
                size = self.frames[v].image_size
            if cam.image_size is None:
                if size is None:
                    raise ValueError(
                        f'camera {name!r}: no image size in the calibration '
                        'and no frames; add image_size to the calibration')
                cam.image_size = size
            elif size is not None and tuple(size) != tuple(cam.image_size):
                raise ValueError(
                    f'camera {name!r}: frames are {size[0]}x{size[1]} but '
                    f'the calibration says {cam.image_size[0]}x'
                    f'{cam.image_size[1]}; wrong camera order or resized '
                    'video (scale the calibration)')

    def _num_keypoints(self) -> Optional[int]:
        if self.detections is None:
            return None
        for d in self.detections:
            for arr in d.values():
                if arr.shape[0]:
                    return int(arr.shape[1])
        return None

    @property
    def image_size(self) -> np.ndarray:
        """``(V, 2)`` int32 ``(W, H)`` of the cameras."""
        return np.round(
            self.multiview_cameras.image_size.numpy()).astype(np.int32)

    @property
    def camera_params(self) -> Dict[str, np.ndarray]:
        """The rig as plain NumPy arrays (``K``, ``R``, ``t``, ``dist``,
        ``image_size``, ``dist_model``): the form the result files
        (:class:`~selfpose_mm.apis.results.PoseSequence` npz/json) store."""
        return self.multiview_cameras.to_camera_params()

    @property
    def camera_names(self) -> List[str]:
        return list(self.cameras)

    def __len__(self) -> int:
        return len(self.frame_ids)

    def detections_at(self, index: int, num_keypoints: int) -> np.ndarray:
        """``(V, P, K, 3)`` detections of frame ``index`` (padded)."""
        fid = self.frame_ids[index]
        views = [d.get(fid, np.zeros((0, num_keypoints, 3), np.float32))
                 for d in self.detections]
        for name, arr in zip(self.camera_names, views):
            if arr.size and arr.shape[1] != num_keypoints:
                raise ValueError(f'camera {name!r} frame {fid}: '
                                 f'{arr.shape[1]} joints, expected '
                                 f'{num_keypoints}')
        P = max([len(a) for a in views] + [1])
        out = np.zeros((len(views), P, num_keypoints, 3), np.float32)
        for v, arr in enumerate(views):
            out[v, :len(arr)] = arr
        return out

    def __getitem__(self, index: int) -> Dict:
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        index %= len(self)
        fid = self.frame_ids[index]
        res = dict(
            cameras=self.multiview_cameras,
            image_size=self.image_size,
            camera_names=self.camera_names,
            frame_id=int(fid),
            sequence=self.sequence,
            sample_idx=index,
            subject='', action='')
        if self.detections is not None:
            K = self.num_keypoints or 0
            res['keypoints_2d'] = self.detections_at(index, K)
        if self.frames is not None and self.load_images:
            res['img'] = [f.read(fid) for f in self.frames]
            res['img_paths'] = [str(f.path) for f in self.frames]
        return res
