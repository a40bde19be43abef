"""Where the synthetic world's people come from: procedural or mocap.

A pose source returns motion clips ``(N, T, K, 3)`` (mm, z up) whose
first-frame root (joint 2, mid-hip) is at the xy origin, with a random
heading; the world places them. Sources are built from config dicts
``dict(type='ProceduralPoseSource', ...)`` /
``dict(type='MocapPoseSource', ...)`` /
``dict(type='PosePoolSource', ...)`` /
``dict(type='MixturePoseSource', sources=[...], weights=[...])`` by
:func:`build_pose_source`.
"""
import glob
import os
from typing import Dict, List, Optional, Sequence, Union

import numpy as np

from ..voxelpose_layout.readers import read_pose_pool
from ..transforms.remap_keypoints import coco17_to_panoptic15
from .asf_amc import AsfSkeleton, read_amc
from .body_model import ProceduralBody, _rot_z

__all__ = [
    'ProceduralPoseSource', 'MocapPoseSource', 'PosePoolSource',
    'MixturePoseSource', 'build_pose_source'
]

class ProceduralPoseSource:
    """People from :class:`ProceduralBody` (standing, walking, seated).

    Args:
        **body_cfg: Keyword arguments of :class:`ProceduralBody`
            (``height_range``, ``bone_std``, ``posture_probs``,
            ``walk_speed``, ``ankle_height``, ...).
    """

    def __init__(self, **body_cfg) -> None:
        self.body = ProceduralBody(**body_cfg)

    def sample_clip(self, num: int, num_frames: int,
                    rng: np.random.Generator, fps: float) -> np.ndarray:
        """Clips (N, T, 15, 3) mm; see the module docstring."""
        return self.body.sample_motion(num, num_frames, rng, fps)


class MocapPoseSource:
    """People replayed from CMU ASF/AMC motion capture.

    All AMC clips are read once (forward kinematics vectorised over
    frames, see :mod:`.asf_amc`) and mapped to Panoptic-15 joints. A clip
    draw picks a random file and start frame, resamples to the world's
    ``fps`` (nearest source frame), rotates it about z by a random angle,
    moves the first-frame root to the xy origin and puts the lowest joint
    of the clip at ``ankle_height``; clips shorter than requested are
    played back and forth (ping-pong) to keep the motion continuous.

    Args:
        files (Sequence[str] | str): AMC files, glob patterns or
            directories (every ``*.amc`` inside, recursively). The skeleton
            of ``<dir>/<subject>_<clip>.amc`` is ``<dir>/<subject>.asf``
            unless ``asf`` is given.
        asf (str, optional): One ASF skeleton for every clip.
        source_fps (float): Frame rate of the AMC files. Defaults to 120.
        ankle_height (float): Height of the lowest joint above the floor in
            mm. Defaults to 60.
        max_files (int, optional): Read at most this many clips (sorted).
    """

    def __init__(self,
                 files: Union[str, Sequence[str]],
                 asf: Optional[str] = None,
                 source_fps: float = 120.,
                 ankle_height: float = 60.,
                 max_files: Optional[int] = None) -> None:
        paths = self._expand(files)
        if max_files is not None:
            paths = paths[:max_files]
        if not paths:
            raise FileNotFoundError(f'MocapPoseSource: no .amc files match '
                                    f'{files!r}')
        skeletons: Dict[str, AsfSkeleton] = {}
        self.clips: List[np.ndarray] = []
        self.names: List[str] = []
        for amc in paths:
            skel_path = asf or self._asf_for(amc)
            if skel_path not in skeletons:
                skeletons[skel_path] = AsfSkeleton.from_file(skel_path)
            skel = skeletons[skel_path]
            joints = skel.panoptic15(read_amc(amc))  # (F, 15, 3) mm
            self.clips.append(joints)
            self.names.append(os.path.basename(amc))
        self.source_fps = source_fps
        self.ankle_height = ankle_height

    @staticmethod
    def _expand(files: Union[str, Sequence[str]]) -> List[str]:
        items = [files] if isinstance(files, str) else list(files)
        out: List[str] = []
        for item in items:
            if os.path.isdir(item):
                out += glob.glob(
                    os.path.join(item, '**', '*.amc'), recursive=True)
            else:
                out += glob.glob(item) or [item]
        return sorted({p for p in out if p.lower().endswith('.amc')})

    @staticmethod
    def _asf_for(amc: str) -> str:
        folder, name = os.path.split(amc)
        path = os.path.join(folder, name.split('_')[0] + '.asf')
        if not os.path.isfile(path):
            raise FileNotFoundError(
                f'MocapPoseSource: no skeleton {path} for {amc}; pass '
                'asf=... explicitly')
        return path

    def sample_clip(self, num: int, num_frames: int,
                    rng: np.random.Generator, fps: float) -> np.ndarray:
        """Clips (N, T, 15, 3) mm; see the class docstring."""
        out = np.zeros((num, num_frames, 15, 3))
        step = self.source_fps / float(fps)
        for n in range(num):
            clip = self.clips[rng.integers(len(self.clips))]
            F = clip.shape[0]
            span = (num_frames - 1) * step
            start = rng.uniform(0., max(F - 1 - span, 0.))
            src = np.rint(start + np.arange(num_frames) * step).astype(int)
            if F > 1:  # ping-pong beyond the clip end
                period = 2 * (F - 1)
                src = src % period
                src = np.where(src >= F, period - src, src)
            else:
                src = np.zeros_like(src)
            joints = clip[src]
            joints = joints @ _rot_z(np.asarray(rng.uniform(-np.pi, np.pi))).T
            joints[..., :2] -= joints[0, 2, :2]
            joints[..., 2] += self.ankle_height - joints[..., 2].min()
            out[n] = joints
        return out


class PosePoolSource:
    """Static people from a pose pool (VoxelPose's synthetic training).

    Reads ``panoptic_training_pose.pkl`` (a list of ``{'pose': (17, 3)
    mm, 'vis': (17, 3)}`` COCO-17 CMU Panoptic poses, see
    :func:`read_pose_pool`). The pool is already **z up** in mm with the
    ground at about ``z = 0`` (VoxelPose's ShelfSynthetic uses its x, y as
    the ground plane and z as the height), so the heights are kept as they
    are. Poses are converted to the Panoptic-15 layout
    (:func:`coco17_to_panoptic15`: neck = shoulder midpoint, mid-hip = hip
    midpoint), rotated about the vertical through the mid-hip by a heading
    drawn from U(-pi, pi), moved to the xy origin and repeated over the
    ``T`` frames of a clip (no motion).

    Args:
        file (str): The pool pickle.
        min_visible (int): Keep poses with at least this many visible
            joints among the 13 COCO joints the Panoptic-15 layout uses
            (nose, shoulders, elbows, wrists, hips, knees, ankles); both
            shoulders and both hips must be visible unless it is 0.
            Defaults to 13.
    """

    _USED = (0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)

    def __init__(self, file: str, min_visible: int = 13) -> None:
        poses, vis = read_pose_pool(file)
        keep = vis[:, list(self._USED)].sum(1) >= min_visible
        if min_visible > 0:
            keep &= vis[:, [5, 6, 11, 12]].all(1)
        if not keep.any():
            raise ValueError(
                f'PosePoolSource: {file}: none of its {len(poses)} poses '
                f'has {min_visible} visible joints (and visible shoulders '
                'and hips); lower min_visible')
        self.file = file
        self.poses = coco17_to_panoptic15(poses[keep].astype(np.float64))

    def sample_clip(self, num: int, num_frames: int,
                    rng: np.random.Generator, fps: float) -> np.ndarray:
        """Clips (N, T, 15, 3) mm; see the class docstring."""
        pose = self.poses[rng.integers(len(self.poses), size=num)]
        yaw = rng.uniform(-np.pi, np.pi, size=num)
        centred = pose.copy()
        centred[..., :2] -= pose[:, 2:3, :2]  # mid-hip to the xy origin
        rot = centred @ np.swapaxes(_rot_z(yaw), -1, -2)  # (N, 15, 3)
        return np.repeat(rot[:, None], num_frames, axis=1)


class MixturePoseSource:
    """People drawn from several sources, each person from one source.

    E.g. CMU motion capture for real motion and postures, mixed with the
    procedural bodies for the variety of bone lengths, seated people and
    headings that 14 mocap clips lack.

    Args:
        sources (Sequence[dict]): Pose source configs (or built sources).
        weights (Sequence[float], optional): Probability of each source per
            person. Defaults to uniform.
    """

    def __init__(self,
                 sources: Sequence[dict],
                 weights: Optional[Sequence[float]] = None) -> None:
        if not sources:
            raise ValueError('MixturePoseSource: give at least one source')
        self.sources = [build_pose_source(s) for s in sources]
        w = np.ones(len(self.sources)) if weights is None else np.asarray(
            weights, np.float64)
        if w.shape != (len(self.sources), ) or (w < 0).any() or w.sum() <= 0:
            raise ValueError(f'MixturePoseSource: weights {weights} must be '
                             f'{len(self.sources)} non-negative numbers '
                             'with a positive sum')
        self.weights = w / w.sum()

    def sample_clip(self, num: int, num_frames: int,
                    rng: np.random.Generator, fps: float) -> np.ndarray:
        """Clips (N, T, 15, 3) mm; person ``n`` from source ``c[n]``."""
        pick = rng.choice(len(self.sources), size=num, p=self.weights)
        out = np.zeros((num, num_frames, 15, 3))
        for c in np.unique(pick):  # one call per source, not per person
            sel = np.nonzero(pick == c)[0]
            out[sel] = self.sources[c].sample_clip(len(sel), num_frames, rng,
                                                   fps)
        return out


_SOURCES = dict(
    ProceduralPoseSource=ProceduralPoseSource,
    MocapPoseSource=MocapPoseSource,
    PosePoolSource=PosePoolSource,
    MixturePoseSource=MixturePoseSource)


def build_pose_source(cfg: Optional[dict]):
    """Build a pose source from ``dict(type=..., **kwargs)`` (None means
    the default :class:`ProceduralPoseSource`)."""
    if cfg is None:
        return ProceduralPoseSource()
    if not isinstance(cfg, dict):
        return cfg  # an already built source
    cfg = dict(cfg)
    name = cfg.pop('type', 'ProceduralPoseSource')
    if name not in _SOURCES:
        raise KeyError(f'unknown pose source type {name!r}; valid: '
                       f'{sorted(_SOURCES)}')
    return _SOURCES[name](**cfg)
