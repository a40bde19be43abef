"""Acclaim ASF/AMC motion capture (CMU MoCap) reader and forward kinematics.

ASF holds the skeleton: per bone a unit ``direction`` and ``length`` (in
the default pose, global frame), an ``axis`` (Euler angles of the bone's
local frame, with their order) and the ``dof`` list; ``:hierarchy`` gives
the tree below ``root``. AMC holds, per frame, the root ``TX TY TZ RX RY
RZ`` (the root's ``order``) and each bone's dof values, degrees.

Forward kinematics (the standard Acclaim formulation): with ``C`` the
bone's axis rotation and ``M`` its motion rotation (both ``Rz Ry Rx``
products of the Euler angles, missing dofs = 0), the bone's global
rotation is ``L = L_parent C M C^T`` and its end point is
``start + L (direction * length)``; the root's children start at the root
position.

Units: CMU files say ``:units length 0.45``, meaning lengths are stored as
inches times 0.45 (the real length in inches is ``value / 0.45``), so
``mm = value * 25.4 / 0.45`` (about 56.44 mm per unit). A femur of 7.59
units is 428 mm. ASF is y up; the output is rotated to z up with
``(x, y, z) -> (x, -z, y)``.

Panoptic-15 mapping: mid-hip = midpoint of the two hip joints (ends of
``lhipjoint`` / ``rhipjoint``), hips = those ends, knees = ``*femur`` ends,
ankles = ``*tibia`` ends, shoulders = ``*clavicle`` ends, elbows =
``*humerus`` ends, wrists = ``*wrist`` ends (CMU's
``radius`` is short; its end is mid-forearm), neck = midpoint of the
shoulders (OpenPose's neck), nose = base of the head (``upperneck`` end)
moved 60 mm up and 100 mm forward in the head's frame.
"""
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

import numpy as np

__all__ = ['AsfSkeleton', 'read_amc', 'euler_matrix']

_AXES = {'x': 0, 'y': 1, 'z': 2}
#: ASF (y up) to the synthetic world (z up).
Y_UP_TO_Z_UP = np.array([[1., 0., 0.], [0., 0., -1.], [0., 1., 0.]])


def _rot(axis: int, a: np.ndarray) -> np.ndarray:
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    if axis == 0:
        m = [o, z, z, z, c, -s, z, s, c]
    elif axis == 1:
        m = [c, z, s, z, o, z, -s, z, c]
    else:
        m = [c, -s, z, s, c, z, z, z, o]
    return np.stack(m, -1).reshape(*np.shape(a), 3, 3)


def euler_matrix(angles_deg: np.ndarray, order: str = 'XYZ') -> np.ndarray:
    """Rotation of Euler angles applied in ``order`` (first applied first).

    ``order='XYZ'`` gives ``Rz @ Ry @ Rx`` (Acclaim's convention).

    Args:
        angles_deg (np.ndarray): Angles (..., len(order)) in degrees, one
            column per letter of ``order``.
        order (str): Axis letters, e.g. ``'XYZ'``.

    Returns:
        np.ndarray: Rotations (..., 3, 3).
    """
    a = np.deg2rad(np.asarray(angles_deg, np.float64))
    out = np.broadcast_to(np.eye(3), a.shape[:-1] + (3, 3)).copy()
    for i, letter in enumerate(order.lower()):
        out = _rot(_AXES[letter], a[..., i]) @ out
    return out


@dataclass
class _Bone:
    name: str
    direction: np.ndarray
    length: float
    axis: np.ndarray
    axis_order: str
    dof: List[str] = field(default_factory=list)


def _strip(lines: List[str]) -> List[str]:
    out = []
    for line in lines:
        line = line.split('#', 1)[0].strip()
        if line:
            out.append(line)
    return out


class AsfSkeleton:
    """An ASF skeleton with vectorised forward kinematics.

    Args:
        bones (dict): Bone name -> bone data.
        children (dict): Parent name -> child names (``'root'`` included).
        length_scale (float): ``:units length`` of the file.
        root_order (list[str]): AMC root channel order.
        root_axis (str): Root axis order. root_orientation: degrees.
    """

    def __init__(self, bones: Dict[str, _Bone],
                 children: Dict[str, List[str]], length_scale: float,
                 root_order: List[str], root_axis: str,
                 root_orientation: np.ndarray, source: str = '') -> None:
        self.bones = bones
        self.children = children
        self.length_scale = length_scale
        self.mm_per_unit = 25.4 / length_scale
        self.root_order = root_order
        self.root_axis = root_axis
        self.root_orientation = root_orientation
        self.source = source

    @classmethod
    def from_file(cls, path: str) -> 'AsfSkeleton':
        """Parse an ASF file (CRLF or LF)."""
        with open(path, 'r', encoding='utf-8', errors='replace') as f:
            lines = _strip(f.read().splitlines())
        section, bones, children = None, {}, {}
        length_scale, root_order, root_axis = 1., [], 'XYZ'
        root_orient = np.zeros(3)
        cur: Dict = {}
        for line in lines:
            tok = line.split()
            if tok[0].startswith(':'):
                section = tok[0][1:].lower()
                continue
            key = tok[0].lower()
            if section == 'units' and key == 'length':
                length_scale = float(tok[1])
            elif section == 'root':
                if key == 'order':
                    root_order = [t.lower() for t in tok[1:]]
                elif key == 'axis':
                    root_axis = tok[1]
                elif key == 'orientation':
                    root_orient = np.array(tok[1:4], np.float64)
            elif section == 'bonedata':
                if key == 'begin':
                    cur = {}
                elif key == 'end':
                    try:
                        bones[cur['name']] = _Bone(
                            cur['name'], np.asarray(cur['direction']),
                            cur['length'], np.asarray(cur['axis']),
                            cur['axis_order'], cur.get('dof', []))
                    except KeyError as e:
                        raise ValueError(f'{path}: bone {cur.get("name")} '
                                         f'lacks field {e}') from None
                elif key == 'name':
                    cur['name'] = tok[1]
                elif key == 'direction':
                    cur['direction'] = [float(v) for v in tok[1:4]]
                elif key == 'length':
                    cur['length'] = float(tok[1])
                elif key == 'axis':
                    cur['axis'] = [float(v) for v in tok[1:4]]
                    cur['axis_order'] = tok[4] if len(tok) > 4 else 'XYZ'
                elif key == 'dof':
                    cur['dof'] = [t.lower() for t in tok[1:]]
            elif section == 'hierarchy' and key not in ('begin', 'end'):
                children.setdefault(tok[0], []).extend(tok[1:])
        if not bones or 'root' not in children:
            raise ValueError(f'{path}: not an ASF skeleton (no :bonedata or '
                             'no root in :hierarchy)')
        return cls(bones, children, length_scale, root_order, root_axis,
                   root_orient, path)

    def forward_kinematics(
            self, motion: Dict[str, np.ndarray]
    ) -> Tuple[Dict[str, np.ndarray], Dict[str, np.ndarray]]:
        """Global bone end points (mm, ASF y-up axes) and rotations.

        Args:
            motion (dict): From :func:`read_amc`: ``'root'`` (F, 6) and each
                bone's (F, len(dof)) degrees.

        Returns:
            tuple: ``ends`` {name: (F, 3)} (``'root'`` = root position) and
            ``rots`` {name: (F, 3, 3)}.
        """
        root = np.asarray(motion['root'], np.float64)
        F = root.shape[0]
        ch = {c: i for i, c in enumerate(self.root_order)}
        pos = root[:, [ch['tx'], ch['ty'], ch['tz']]] * self.mm_per_unit
        ang = root[:, [ch['rx'], ch['ry'], ch['rz']]]
        C = euler_matrix(self.root_orientation, self.root_axis)
        L = C @ euler_matrix(ang, 'XYZ') @ C.T
        ends, rots = {'root': pos}, {'root': L}
        stack = [('root', c) for c in self.children.get('root', [])]
        while stack:
            parent, name = stack.pop()
            bone = self.bones[name]
            C = euler_matrix(bone.axis, bone.axis_order)
            vals = np.zeros((F, 3))
            if bone.dof:
                data = np.asarray(motion.get(name, np.zeros((F, 0))))
                for i, d in enumerate(bone.dof):
                    if d in ('rx', 'ry', 'rz') and i < data.shape[1]:
                        vals[:, _AXES[d[1]]] = data[:, i]
            Lb = rots[parent] @ C @ euler_matrix(vals, 'XYZ') @ C.T
            offset = bone.direction * bone.length * self.mm_per_unit
            ends[name] = ends[parent] + Lb @ offset
            rots[name] = Lb
            stack += [(name, c) for c in self.children.get(name, [])]
        return ends, rots

    def panoptic15(self, motion: Dict[str, np.ndarray]) -> np.ndarray:
        """Panoptic-15 joints (F, 15, 3) in mm, z up (module docstring)."""
        e, r = self.forward_kinematics(motion)
        F = e['root'].shape[0]
        j = np.zeros((F, 15, 3))
        j[:, 6], j[:, 12] = e['lhipjoint'], e['rhipjoint']
        j[:, 2] = (j[:, 6] + j[:, 12]) / 2
        j[:, 7], j[:, 13] = e['lfemur'], e['rfemur']
        j[:, 8], j[:, 14] = e['ltibia'], e['rtibia']
        j[:, 3], j[:, 9] = e['lclavicle'], e['rclavicle']
        j[:, 4], j[:, 10] = e['lhumerus'], e['rhumerus']
        j[:, 5], j[:, 11] = e['lwrist'], e['rwrist']
        j[:, 0] = (j[:, 3] + j[:, 9]) / 2
        j[:, 1] = e['upperneck'] + r['head'] @ np.array([0., 60., 100.])
        return j @ Y_UP_TO_Z_UP.T


def read_amc(path: str) -> Dict[str, np.ndarray]:
    """Read an AMC file into ``{bone: (F, n_values)}`` (degrees / units).

    Args:
        path (str): ``.amc`` file (CRLF or LF).

    Returns:
        dict: ``'root'`` (F, 6) in the ASF root ``order`` and one array per
        bone. Frames missing a bone are filled with zeros.
    """
    with open(path, 'r', encoding='utf-8', errors='replace') as f:
        lines = f.read().splitlines()
    frames: List[Dict[str, List[float]]] = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith('#') or line.startswith(':'):
            continue
        tok = line.split()
        if len(tok) == 1 and tok[0].isdigit():
            frames.append({})
            continue
        if not frames:
            raise ValueError(f'{path}: data before the first frame number')
        frames[-1][tok[0]] = [float(v) for v in tok[1:]]
    if not frames:
        raise ValueError(f'{path}: no frames')
    names = {n: len(v) for fr in frames for n, v in fr.items()}
    out = {n: np.zeros((len(frames), k)) for n, k in names.items()}
    for i, fr in enumerate(frames):
        for n, v in fr.items():
            out[n][i, :len(v)] = v
    return out
