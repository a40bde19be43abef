"""A procedural articulated human in the Panoptic 15-joint layout (mm).

Joint order (VoxelPose / SelfPose3d Panoptic-15): 0 neck, 1 nose,
2 mid-hip, 3 l-shoulder, 4 l-elbow, 5 l-wrist, 6 l-hip, 7 l-knee,
8 l-ankle, 9 r-shoulder, 10 r-elbow, 11 r-wrist, 12 r-hip, 13 r-knee,
14 r-ankle. World frame z up, millimetres.

Bone lengths are adult anthropometric means scaled per person; joint
angles are drawn inside anatomical limits (shoulder, elbow, hip, knee,
torso lean, head), so every sample is a plausible standing/moving pose.
"""
from typing import Optional

import numpy as np

__all__ = ['ProceduralBody', 'PANOPTIC15_PARENTS']

#: Parent of each Panoptic-15 joint (-1 for the mid-hip root).
PANOPTIC15_PARENTS = (2, 0, -1, 0, 3, 4, 2, 6, 7, 0, 9, 10, 2, 12, 13)


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


def _apply(R: np.ndarray, v: np.ndarray) -> np.ndarray:
    return np.einsum('nij,nj->ni', R, v)


class ProceduralBody:
    """Sample random plausible 3D poses, vectorised over people.

    Args:
        height_range (tuple): Body-height scale factor range (1.0 is a
            1.75 m adult). Defaults to ``(0.85, 1.15)``.
        arm_freedom (float): Scales the shoulder/elbow angle ranges in
            [0, 1]. Defaults to 1.
        leg_freedom (float): Scales hip/knee angle ranges in [0, 1].
            Defaults to 1.

    Examples:
        >>> body = ProceduralBody()
        >>> poses = body.sample(4, np.random.default_rng(0))
        >>> poses.shape
        (4, 15, 3)
    """

    #: Mean bone lengths in mm for a 1.75 m adult.
    SPINE, NECK_NOSE, SHOULDER_HALF, HIP_HALF = 520., 210., 185., 105.
    UPPER_ARM, FOREARM, THIGH, SHIN = 300., 265., 435., 420.
    PELVIS_HEIGHT = 960.

    def __init__(self,
                 height_range=(0.85, 1.15),
                 arm_freedom: float = 1.,
                 leg_freedom: float = 1.) -> None:
        self.height_range = height_range
        self.arm_freedom = arm_freedom
        self.leg_freedom = leg_freedom

    def sample(self,
               num: int,
               rng: np.random.Generator,
               root_xy: Optional[np.ndarray] = None) -> np.ndarray:
        """Sample ``num`` poses standing on the floor (z = 0 at the feet).

        Args:
            num (int): Number of people N.
            rng (np.random.Generator): Random source (determinism).
            root_xy (np.ndarray, optional): Ground position of each person,
                shape (N, 2), mm. Defaults to the origin.

        Returns:
            np.ndarray: Joints in world mm, shape (N, 15, 3).
        """
        n = num
        u = lambda lo, hi: rng.uniform(lo, hi, size=n)  # noqa: E731
        scale = u(*self.height_range)
        sl = scale[:, None]
        af, lf = self.arm_freedom, self.leg_freedom
        joints = np.zeros((n, 15, 3))
        # Torso: lean forward/back and sideways, yaw of the whole body.
        torso = _rot_y(u(-0.15, 0.45)) @ _rot_x(u(-0.15, 0.15))
        up = _apply(torso, np.tile([0., 0., 1.], (n, 1)))
        lateral = _apply(torso, np.tile([0., 1., 0.], (n, 1)))
        joints[:, 2] = 0.
        joints[:, 0] = up * self.SPINE * sl
        head_dir = _apply(torso @ _rot_y(u(-0.3, 0.5)),
                          np.tile([0.35, 0., 0.94], (n, 1)))
        joints[:, 1] = joints[:, 0] + head_dir * self.NECK_NOSE * sl
        for side, (sh, el, wr, hp, kn, an) in ((1., (3, 4, 5, 6, 7, 8)),
                                               (-1., (9, 10, 11, 12, 13,
                                                      14))):
            joints[:, sh] = (
                joints[:, 0] + side * lateral * self.SHOULDER_HALF * sl)
            joints[:, hp] = side * lateral * self.HIP_HALF * sl
            # Arm: flexion about the lateral axis, abduction outwards.
            r_arm = torso @ _rot_y(-u(-0.6, 2.6) * af) @ _rot_x(
                -side * u(0.05, 1.6) * af)
            d_upper = _apply(r_arm, np.tile([0., 0., -1.], (n, 1)))
            joints[:, el] = joints[:, sh] + d_upper * self.UPPER_ARM * sl
            r_fore = r_arm @ _rot_y(-u(0., 2.4) * af)
            d_fore = _apply(r_fore, np.tile([0., 0., -1.], (n, 1)))
            joints[:, wr] = joints[:, el] + d_fore * self.FOREARM * sl
            # Leg: hip flexion/abduction, knee flexes backwards.
            r_leg = _rot_y(-u(-0.35, 1.5) * lf) @ _rot_x(
                -side * u(-0.1, 0.5) * lf)
            d_thigh = _apply(r_leg, np.tile([0., 0., -1.], (n, 1)))
            joints[:, kn] = joints[:, hp] + d_thigh * self.THIGH * sl
            r_shin = r_leg @ _rot_y(u(0., 2.0) * lf)
            d_shin = _apply(r_shin, np.tile([0., 0., -1.], (n, 1)))
            joints[:, an] = joints[:, kn] + d_shin * self.SHIN * sl
        # Global yaw, then stand on the floor at the requested position.
        yaw = _rot_z(u(-np.pi, np.pi))
        joints = np.einsum('nij,nkj->nki', yaw, joints)
        joints[:, :, 2] -= joints[:, :, 2].min(axis=1, keepdims=True)
        if root_xy is not None:
            joints[:, :, :2] += np.asarray(root_xy)[:, None, :]
        return joints
