"""2D/3D keypoint layouts understood by the inference tools.

A layout names the joints of the detections (and therefore of the 3D
output of detection-input estimators), their kinematic links (used to
fill joints that could not be triangulated and to draw skeletons) and the
joints averaged into the tracking root.
"""
from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

__all__ = [
    'KeypointLayout', 'LAYOUTS', 'OPENPOSE_DEFAULT_BY_COUNT', 'get_layout',
    'layout_names'
]


@dataclass(frozen=True)
class KeypointLayout:
    """Joint names, skeleton links and root joints of a layout."""

    name: str
    keypoint_names: Tuple[str, ...]
    skeleton: Tuple[Tuple[int, int], ...]
    root_indices: Tuple[int, ...]

    @property
    def num_keypoints(self) -> int:
        return len(self.keypoint_names)

    def to_dict(self) -> Dict:
        return dict(name=self.name, keypoint_names=list(self.keypoint_names),
                    skeleton=[list(s) for s in self.skeleton],
                    root_indices=list(self.root_indices))


def _mk(name: str, names: Sequence[str], links: Sequence[Tuple[int, int]],
        root: Sequence[int]) -> KeypointLayout:
    return KeypointLayout(name, tuple(names), tuple(map(tuple, links)),
                          tuple(root))


_COCO17 = ('nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear',
           'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
           'left_wrist', 'right_wrist', 'left_hip', 'right_hip',
           'left_knee', 'right_knee', 'left_ankle', 'right_ankle')
_COCO17_LINKS = [(0, 1), (0, 2), (1, 3), (2, 4), (0, 5), (0, 6), (5, 7),
                 (7, 9), (6, 8), (8, 10), (5, 11), (6, 12), (11, 12),
                 (11, 13), (13, 15), (12, 14), (14, 16)]
_FEET = ('left_big_toe', 'left_small_toe', 'left_heel', 'right_big_toe',
         'right_small_toe', 'right_heel')

LAYOUTS: Dict[str, KeypointLayout] = {
    # OpenPose BODY_25B (experimental models): COCO-17, then neck, head
    # top and the six foot points
    'body25b': _mk('body25b', _COCO17 + ('neck', 'head_top') + _FEET,
                   [l for l in _COCO17_LINKS if l not in ((0, 5), (0, 6))] +
                   [(0, 17), (17, 18), (17, 5), (17, 6), (15, 19),
                    (15, 20), (15, 21), (16, 22), (16, 23), (16, 24)],
                   (11, 12)),
    'body25': _mk('body25', ('nose', 'neck', 'right_shoulder',
                             'right_elbow', 'right_wrist', 'left_shoulder',
                             'left_elbow', 'left_wrist', 'mid_hip',
                             'right_hip', 'right_knee', 'right_ankle',
                             'left_hip', 'left_knee', 'left_ankle',
                             'right_eye', 'left_eye', 'right_ear',
                             'left_ear') + _FEET,
                  [(1, 0), (0, 15), (15, 17), (0, 16), (16, 18), (1, 2),
                   (2, 3), (3, 4), (1, 5), (5, 6), (6, 7), (1, 8), (8, 9),
                   (9, 10), (10, 11), (11, 22), (22, 23), (11, 24),
                   (8, 12), (12, 13), (13, 14), (14, 19), (19, 20),
                   (14, 21)], (9, 12)),
    'coco18': _mk('coco18', ('nose', 'neck', 'right_shoulder',
                             'right_elbow', 'right_wrist', 'left_shoulder',
                             'left_elbow', 'left_wrist', 'right_hip',
                             'right_knee', 'right_ankle', 'left_hip',
                             'left_knee', 'left_ankle', 'right_eye',
                             'left_eye', 'right_ear', 'left_ear'),
                  [(1, 0), (1, 2), (2, 3), (3, 4), (1, 5), (5, 6), (6, 7),
                   (1, 8), (8, 9), (9, 10), (1, 11), (11, 12), (12, 13),
                   (0, 14), (14, 16), (0, 15), (15, 17)], (8, 11)),
    'coco17': _mk('coco17', _COCO17, _COCO17_LINKS, (11, 12)),
    # Panoptic-15 (the synthetic world and the voxel models)
    'panoptic15': _mk('panoptic15', (
        'neck', 'nose', 'mid_hip', 'left_shoulder', 'left_elbow',
        'left_wrist', 'left_hip', 'left_knee', 'left_ankle',
        'right_shoulder', 'right_elbow', 'right_wrist', 'right_hip',
        'right_knee', 'right_ankle'), [(0, 1), (0, 2), (0, 3), (3, 4),
                                       (4, 5), (0, 9), (9, 10), (10, 11),
                                       (2, 6), (6, 7), (7, 8), (2, 12),
                                       (12, 13), (13, 14)], (2, )),
}

#: OpenPose JSON layouts by joint count when the user does not say.
OPENPOSE_DEFAULT_BY_COUNT = {25: 'body25', 18: 'coco18', 17: 'coco17',
                             15: 'panoptic15'}


def get_layout(name: str) -> KeypointLayout:
    """Look a layout up by name (case-insensitive, ``_`` ignored)."""
    key = str(name).lower().replace('_', '').replace('-', '')
    if key not in LAYOUTS:
        raise KeyError(f'unknown keypoint layout {name!r}; known: '
                       f'{sorted(LAYOUTS)}')
    return LAYOUTS[key]


def layout_names() -> List[str]:
    return sorted(LAYOUTS)
