"""A procedural articulated human in the Panoptic 15-joint layout (mm).

Joint order (VoxelPose / SelfPose3d Panoptic-15): 0 neck, 1 nose,
2 mid-hip, 3 l-shoulder, 4 l-elbow, 5 l-wrist, 6 l-hip, 7 l-knee,
8 l-ankle, 9 r-shoulder, 10 r-elbow, 11 r-wrist, 12 r-hip, 13 r-knee,
14 r-ankle. World frame z up, millimetres; a body faces +x before its
yaw, its left side is +y.

The body is a 15-DOF kinematic tree (:data:`DOF_NAMES`): torso pitch and
roll, head pitch, and per side shoulder flexion / abduction, elbow flexion,
hip flexion / abduction and knee flexion. Every angle stays inside
anatomical limits (:data:`DOF_LIMITS`, radians). Bone lengths are adult
anthropometric means (1.75 m) scaled by a per-person height factor and a
small independent per-bone variation (left/right symmetric).

Two ways to draw bodies:

* :meth:`ProceduralBody.sample` - independent static poses (uniform inside
  the limits), used by :class:`SyntheticLiftingDataset`;
* :meth:`ProceduralBody.sample_motion` - smooth clips: each person stands
  (idle motion), walks (a gait cycle coupled to a smooth trajectory) or
  sits; joint angles are sums of low-frequency sinusoids kept inside the
  limits, so consecutive frames are coherent.
"""
from typing import Dict, Optional, Sequence, Tuple

import numpy as np

__all__ = ['ProceduralBody', 'PANOPTIC15_PARENTS', 'DOF_NAMES', 'DOF_LIMITS']

#: Parent of each Panoptic-15 joint (-1 for the mid-hip root).
PANOPTIC15_PARENTS = (2, 0, -1, 0, 3, 4, 2, 6, 7, 0, 9, 10, 2, 12, 13)

#: Degrees of freedom of the procedural body, in the column order of the
#: ``angles`` arrays.
DOF_NAMES = ('torso_pitch', 'torso_roll', 'head_pitch', 'l_shoulder_flex',
             'l_shoulder_abd', 'l_elbow', 'l_hip_flex', 'l_hip_abd',
             'l_knee', 'r_shoulder_flex', 'r_shoulder_abd', 'r_elbow',
             'r_hip_flex', 'r_hip_abd', 'r_knee')

#: Joint-angle limits (radians) of each DOF, shape (15, 2).
DOF_LIMITS = np.array([
    (-0.15, 0.45), (-0.15, 0.15), (-0.3, 0.5),   # torso, head
    (-0.6, 2.6), (0.05, 1.6), (0., 2.4),         # left arm
    (-0.35, 1.7), (-0.1, 0.5), (0., 2.0),        # left leg
    (-0.6, 2.6), (0.05, 1.6), (0., 2.4),         # right arm
    (-0.35, 1.7), (-0.1, 0.5), (0., 2.0),        # right leg
])

_ARM_DOFS = (3, 4, 5, 9, 10, 11)
_LEG_DOFS = (6, 7, 8, 12, 13, 14)
_POSTURES = ('stand', 'walk', 'sit')


def _rot_x(a: np.ndarray) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([o, z, z, z, c, -s, z, s, c], -1).reshape(*a.shape, 3, 3)


def _rot_y(a: np.ndarray) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([c, z, s, z, o, z, -s, z, c], -1).reshape(*a.shape, 3, 3)


def _rot_z(a: np.ndarray) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([c, -s, z, s, c, z, z, z, o], -1).reshape(*a.shape, 3, 3)


def _col(R: np.ndarray, v: Sequence[float]) -> np.ndarray:
    """``R @ v`` for a constant vector, batched over R's leading dims."""
    return R @ np.asarray(v, dtype=np.float64)


class ProceduralBody:
    """Plausible 3D bodies and smooth motion clips, vectorised over people.

    Args:
        height_range (tuple): Body-height scale factor range (1.0 is a
            1.75 m adult). Defaults to ``(0.85, 1.15)``.
        arm_freedom (float): Scales the shoulder/elbow angle ranges of
            :meth:`sample` in [0, 1]. Defaults to 1.
        leg_freedom (float): Scales hip/knee angle ranges of :meth:`sample`
            in [0, 1]. Defaults to 1.
        bone_std (float): Relative std of the per-bone length variation
            (anthropometric spread at a fixed height). Defaults to 0.04.
        posture_probs (dict): Probabilities of ``'stand'``, ``'walk'`` and
            ``'sit'`` in :meth:`sample_motion`. Defaults to 0.45 / 0.35 /
            0.2.
        walk_speed (tuple): Walking speed range in mm/s. Defaults to
            ``(500, 1400)``.
        ankle_height (float): Height of the ankle joints above the floor
            (mm) for the lowest joint of a body. Defaults to 60.

    Examples:
        >>> body = ProceduralBody()
        >>> poses = body.sample(4, np.random.default_rng(0))
        >>> poses.shape
        (4, 15, 3)
        >>> clip = body.sample_motion(2, 30, np.random.default_rng(0))
        >>> clip.shape
        (2, 30, 15, 3)
    """

    #: Mean bone lengths in mm for a 1.75 m adult.
    SPINE, NECK_NOSE, SHOULDER_HALF, HIP_HALF = 520., 210., 185., 105.
    UPPER_ARM, FOREARM, THIGH, SHIN = 300., 265., 435., 420.
    PELVIS_HEIGHT = 960.
    #: Bone order of the ``bones`` arrays.
    BONE_NAMES = ('spine', 'neck_nose', 'shoulder_half', 'hip_half',
                  'upper_arm', 'forearm', 'thigh', 'shin')

    def __init__(self,
                 height_range: Tuple[float, float] = (0.85, 1.15),
                 arm_freedom: float = 1.,
                 leg_freedom: float = 1.,
                 bone_std: float = 0.04,
                 posture_probs: Optional[Dict[str, float]] = None,
                 walk_speed: Tuple[float, float] = (500., 1400.),
                 ankle_height: float = 60.) -> None:
        self.height_range = tuple(height_range)
        self.arm_freedom = arm_freedom
        self.leg_freedom = leg_freedom
        self.bone_std = bone_std
        probs = dict(stand=0.45, walk=0.35, sit=0.2)
        if posture_probs is not None:
            unknown = set(posture_probs) - set(_POSTURES)
            if unknown:
                raise ValueError(f'posture_probs: unknown postures '
                                 f'{sorted(unknown)}; valid: {_POSTURES}')
            probs = {k: float(posture_probs.get(k, 0.)) for k in _POSTURES}
        p = np.array([probs[k] for k in _POSTURES])
        if p.sum() <= 0 or (p < 0).any():
            raise ValueError(f'posture_probs must be >= 0 with a positive '
                             f'sum, got {probs}')
        self.posture_probs = p / p.sum()
        self.walk_speed = tuple(walk_speed)
        self.ankle_height = ankle_height
        self._mean_bones = np.array([
            self.SPINE, self.NECK_NOSE, self.SHOULDER_HALF, self.HIP_HALF,
            self.UPPER_ARM, self.FOREARM, self.THIGH, self.SHIN
        ])

    # ------------------------------------------------------------------
    # building blocks
    # ------------------------------------------------------------------
    def sample_bones(self, num: int, rng: np.random.Generator) -> np.ndarray:
        """Per-person bone lengths (mm), shape (N, 8) (:attr:`BONE_NAMES`)."""
        scale = rng.uniform(*self.height_range, size=(num, 1))
        var = np.clip(rng.normal(0., self.bone_std, size=(num, 8)),
                      -2.5 * self.bone_std, 2.5 * self.bone_std)
        return self._mean_bones * scale * (1. + var)

    def forward_kinematics(self, angles: np.ndarray, bones: np.ndarray,
                           yaw: np.ndarray) -> np.ndarray:
        """Joint positions from joint angles, root (mid-hip) at the origin.

        Args:
            angles (np.ndarray): Joint angles (..., 15) in :data:`DOF_NAMES`
                order, radians (clipped to :data:`DOF_LIMITS`).
            bones (np.ndarray): Bone lengths (..., 8) mm.
            yaw (np.ndarray): Heading about +z (...), radians.

        Returns:
            np.ndarray: Joints (..., 15, 3) mm.
        """
        a = np.clip(angles, DOF_LIMITS[:, 0], DOF_LIMITS[:, 1])
        b = np.broadcast_to(bones, a.shape[:-1] + (8, ))
        shape = a.shape[:-1]
        joints = np.zeros(shape + (15, 3))
        bl = lambda i: b[..., i, None]  # noqa: E731
        torso = _rot_y(a[..., 0]) @ _rot_x(a[..., 1])
        up = _col(torso, (0., 0., 1.))
        lateral = _col(torso, (0., 1., 0.))
        joints[..., 0, :] = up * bl(0)
        head = _col(torso @ _rot_y(a[..., 2]), (0.35, 0., 0.94))
        joints[..., 1, :] = joints[..., 0, :] + head * bl(1)
        down = (0., 0., -1.)
        for side, off, (sh, el, wr, hp, kn, an) in (
                (1., 3, (3, 4, 5, 6, 7, 8)), (-1., 9, (9, 10, 11, 12, 13,
                                                      14))):
            joints[..., sh, :] = joints[..., 0, :] + side * lateral * bl(2)
            joints[..., hp, :] = side * lateral * bl(3)
            r_arm = torso @ _rot_y(-a[..., off]) @ _rot_x(
                -side * a[..., off + 1])
            joints[..., el, :] = joints[..., sh, :] + _col(r_arm,
                                                           down) * bl(4)
            r_fore = r_arm @ _rot_y(-a[..., off + 2])
            joints[..., wr, :] = joints[..., el, :] + _col(r_fore,
                                                           down) * bl(5)
            r_leg = _rot_y(-a[..., off + 3]) @ _rot_x(-side * a[..., off + 4])
            joints[..., kn, :] = joints[..., hp, :] + _col(r_leg,
                                                           down) * bl(6)
            r_shin = r_leg @ _rot_y(a[..., off + 5])
            joints[..., an, :] = joints[..., kn, :] + _col(r_shin,
                                                           down) * bl(7)
        return joints @ np.swapaxes(_rot_z(yaw), -1, -2)

    def sample_angles(self, num: int, rng: np.random.Generator) -> np.ndarray:
        """Static joint angles uniform inside the (freedom-scaled) limits.

        Returns:
            np.ndarray: Angles (N, 15) radians.
        """
        lo, hi = DOF_LIMITS[:, 0].copy(), DOF_LIMITS[:, 1].copy()
        hi[1:3] = (0.15, 0.5)
        hi[[6, 12]] = 1.5  # static poses: no seated hips (back-compat)
        free = np.ones(15)
        free[list(_ARM_DOFS)] = self.arm_freedom
        free[list(_LEG_DOFS)] = self.leg_freedom
        u = rng.uniform(size=(num, 15))
        return (lo + u * (hi - lo)) * free

    # ------------------------------------------------------------------
    # public samplers
    # ------------------------------------------------------------------
    def sample(self,
               num: int,
               rng: np.random.Generator,
               root_xy: Optional[np.ndarray] = None) -> np.ndarray:
        """Sample ``num`` static poses standing on the floor (z = 0 feet).

        Args:
            num (int): Number of people N.
            rng (np.random.Generator): Random source (determinism).
            root_xy (np.ndarray, optional): Ground position of each person,
                shape (N, 2), mm. Defaults to the origin.

        Returns:
            np.ndarray: Joints in world mm, shape (N, 15, 3).
        """
        bones = self.sample_bones(num, rng)
        angles = self.sample_angles(num, rng)
        yaw = rng.uniform(-np.pi, np.pi, size=num)
        joints = self.forward_kinematics(angles, bones, yaw)
        joints[:, :, 2] -= joints[:, :, 2].min(axis=1, keepdims=True)
        if root_xy is not None:
            joints[:, :, :2] += np.asarray(root_xy)[:, None, :]
        return joints

    def sample_motion(self,
                      num: int,
                      num_frames: int,
                      rng: np.random.Generator,
                      fps: float = 30.) -> np.ndarray:
        """Smooth motion clips of ``num`` people.

        Each person keeps its bone lengths and posture for the clip. Joint
        angles are ``centre + sum_i a_i sin(2 pi f_i t + phi_i)`` with the
        amplitudes chosen so the angle never leaves its limits; walkers add
        a gait cycle (legs in anti-phase, arms opposite to legs) whose
        frequency matches their speed (stride 1.4 m at speed 1 m/s scaled
        by height) and move along a smoothly turning heading. The root xy
        starts at the origin; the lowest joint of each frame is at
        ``ankle_height``.

        Args:
            num (int): Number of people N.
            num_frames (int): Clip length T.
            rng (np.random.Generator): Random source.
            fps (float): Frame rate used to convert frequencies and speeds.

        Returns:
            np.ndarray: Joints (N, T, 15, 3) in mm, z up.
        """
        n, T = num, num_frames
        t = np.arange(T) / float(fps)  # (T,)
        bones = self.sample_bones(n, rng)
        posture = rng.choice(3, size=n, p=self.posture_probs)
        walk, sit = posture == 1, posture == 2
        lo, hi = DOF_LIMITS[:, 0], DOF_LIMITS[:, 1]
        # Idle motion around a random centre, for every DOF.
        centre = rng.uniform(lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo),
                             size=(n, 15))
        centre[:, [6, 12]] = rng.uniform(-0.1, 0.6, size=(n, 2))  # hips
        centre[:, [8, 14]] = rng.uniform(0., 0.6, size=(n, 2))  # knees
        centre[:, 0] = rng.uniform(-0.05, 0.25, size=n)
        # Seated: thighs about horizontal, shins about vertical.
        hip = rng.uniform(1.3, 1.65, size=(n, 1))
        knee = hip + rng.uniform(-0.25, 0.2, size=(n, 1))
        centre[np.ix_(sit, [6, 12])] = hip[sit] + rng.uniform(
            -0.1, 0.1, size=(int(sit.sum()), 2))
        centre[np.ix_(sit, [8, 14])] = knee[sit] + rng.uniform(
            -0.15, 0.15, size=(int(sit.sum()), 2))
        room = np.minimum(centre - lo, hi - centre)  # (N, 15)
        amp = room * rng.uniform(0., 0.6, size=(n, 15))
        amp[np.ix_(sit, list(_LEG_DOFS))] *= 0.15
        freq = rng.uniform(0.05, 0.6, size=(n, 15, 2))
        phase = rng.uniform(0., 2 * np.pi, size=(n, 15, 2))
        mix = rng.dirichlet((1., 1.), size=(n, 15))
        wave = np.sin(2 * np.pi * freq[:, None] * t[None, :, None, None] +
                      phase[:, None])  # (N, T, 15, 2)
        angles = centre[:, None] + amp[:, None] * (wave * mix[:, None]).sum(-1)
        # Walking: gait cycle coupled to the speed.
        speed = rng.uniform(*self.walk_speed, size=n) * walk
        height = bones[:, 6] / self.THIGH
        gait_f = speed / (1400. * height)
        g = 2 * np.pi * gait_f[:, None] * t[None] + rng.uniform(
            0, 2 * np.pi, size=(n, 1))  # (N, T)
        swing = np.clip(speed / 1400., 0., 1.)[:, None] * 0.4
        w = walk[:, None]
        for off, sgn in ((3, 1.), (9, -1.)):
            ph = g if sgn > 0 else g + np.pi
            gait = {
                off + 3: 0.15 + swing * np.sin(ph),  # hip flexion
                off + 5: 0.35 + 0.35 * np.sin(ph + 0.5 * np.pi) * (
                    swing / 0.4) + 0.05,  # knee
                off: 0.1 - 0.8 * swing * np.sin(ph),  # shoulder (opposite)
                off + 2: 0.35 + 0.1 * np.sin(ph),  # elbow
                off + 1: np.full_like(g, 0.15),  # arm abduction
                off + 4: np.full_like(g, 0.05),  # hip abduction
            }
            for d, val in gait.items():
                angles[..., d] = np.where(w, val, angles[..., d])
        angles = np.clip(angles, lo, hi)
        # Heading and root trajectory.
        yaw0 = rng.uniform(-np.pi, np.pi, size=(n, 1))
        turn = rng.uniform(-0.4, 0.4, size=(n, 1)) * np.where(
            sit[:, None], 0.1, 1.)
        wob_f = rng.uniform(0.05, 0.3, size=(n, 1))
        wob = rng.uniform(0., 0.4, size=(n, 1)) * np.where(
            sit[:, None], 0.2, 1.)
        yaw = yaw0 + turn * t + wob * np.sin(
            2 * np.pi * wob_f * t + rng.uniform(0, 2 * np.pi, size=(n, 1)))
        joints = self.forward_kinematics(angles, bones[:, None], yaw)
        step = speed[:, None] / float(fps)
        vel = np.stack([np.cos(yaw), np.sin(yaw)], -1) * step[..., None]
        xy = np.cumsum(vel, axis=1) - vel[:, :1]  # starts at the origin
        sway = rng.uniform(0., 60., size=(n, 1, 2)) * np.sin(
            2 * np.pi * rng.uniform(0.05, 0.3, size=(n, 1, 2)) *
            t[None, :, None] + rng.uniform(0, 2 * np.pi, size=(n, 1, 2)))
        xy = xy + sway * (~sit)[:, None, None]
        joints[..., :2] += xy[:, :, None]
        joints[..., 2] += self.ankle_height - joints[..., 2].min(
            -1, keepdims=True)
        return joints
