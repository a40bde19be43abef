"""Transforms of the Shelf project: PAF grouping of per-joint candidates
into 2D people (``PackMultiViewDetections`` now lives in the core and is
re-exported here)."""
from typing import Dict, Sequence, Tuple

import numpy as np
from mmcv.transforms import BaseTransform

# moved to the core (tools/infer.py needs it); re-exported for old imports
from selfpose_mm.datasets.transforms import \
    PackMultiViewDetections  # noqa: F401
from selfpose_mm.registry import TRANSFORMS

__all__ = ['GroupCandidatesByPAF', 'PackMultiViewDetections']


def group_by_paf(candidates: Sequence[np.ndarray],
                 pafs: Sequence[np.ndarray],
                 paf_pairs: Sequence[Tuple[int, int]],
                 paf_thr: float = 0.05,
                 min_joints: int = 5) -> np.ndarray:
    """Greedy (Kruskal-style) OpenPose grouping of one view.

    All candidate pairs of all PAFs scoring above ``paf_thr`` are consumed
    in decreasing score order: a pair of free candidates starts a person; a
    pair with one assigned candidate extends that person if its slot for
    the other joint is free; a pair joining two people merges them if they
    share no joint.

    Args:
        candidates (Sequence[np.ndarray]): Per joint, ``(n_j, 3)``
            candidates ``(x, y, score)``.
        pafs (Sequence[np.ndarray]): Per PAF, ``(n_a, n_b)`` scores.
        paf_pairs (Sequence[Tuple[int, int]]): Joint pair of each PAF.
        paf_thr (float): Minimum PAF score. Defaults to 0.05.
        min_joints (int): People with fewer joints are dropped. Defaults
            to 5.

    Returns:
        np.ndarray: ``(P, K, 3)`` people, score 0 for missing joints.
    """
    K = len(candidates)
    edges = []
    for e, ((a, b), paf) in enumerate(zip(paf_pairs, pafs)):
        ia, ib = np.nonzero(paf > paf_thr)
        edges += [(paf[i, j], a, i, b, j) for i, j in zip(ia, ib)]
    edges.sort(key=lambda x: -x[0])
    owner = [np.full(len(c), -1) for c in candidates]
    people = []  # each: K candidate indices (-1 = empty)
    for _, a, i, b, j in edges:
        pa, pb = owner[a][i], owner[b][j]
        if pa < 0 and pb < 0:
            slots = np.full(K, -1)
            slots[a], slots[b] = i, j
            owner[a][i] = owner[b][j] = len(people)
            people.append(slots)
        elif pa >= 0 and pb < 0:
            if people[pa][b] < 0:
                people[pa][b] = j
                owner[b][j] = pa
        elif pb >= 0 and pa < 0:
            if people[pb][a] < 0:
                people[pb][a] = i
                owner[a][i] = pb
        elif pa != pb and people[pa] is not None and people[pb] is not None:
            if not ((people[pa] >= 0) & (people[pb] >= 0)).any():
                people[pa] = np.maximum(people[pa], people[pb])
                for k in np.flatnonzero(people[pb] >= 0):
                    owner[k][people[pb][k]] = pa
                people[pb] = None
    out = []
    for slots in people:
        if slots is None or (slots >= 0).sum() < min_joints:
            continue
        pose = np.zeros((K, 3))
        for k in np.flatnonzero(slots >= 0):
            pose[k] = candidates[k][slots[k]]
        out.append(pose)
    return np.stack(out) if out else np.zeros((0, K, 3))


@TRANSFORMS.register_module()
class GroupCandidatesByPAF(BaseTransform):
    """Group per-joint 2D candidates into people with part affinity fields.

    Required Keys:

    - candidates (list of V lists of K arrays ``(n, 3)``, normalised x, y)
    - pafs (list of V lists of arrays ``(n_a, n_b)``)
    - image_size (np.ndarray ``(V, 2)``, width and height)

    Added Keys:

    - keypoints_2d (np.ndarray ``(V, P, K, 3)``, pixels and score; score 0
      pads missing joints and people)

    Args:
        paf_pairs (Sequence[Sequence[int]]): Joint pair of each PAF.
        paf_thr (float): Minimum PAF score. Defaults to 0.05.
        min_joints (int): People with fewer joints are dropped. Defaults
            to 5.
    """

    def __init__(self,
                 paf_pairs: Sequence[Sequence[int]],
                 paf_thr: float = 0.05,
                 min_joints: int = 5) -> None:
        self.paf_pairs = [tuple(p) for p in paf_pairs]
        self.paf_thr = paf_thr
        self.min_joints = min_joints

    def transform(self, results: Dict) -> Dict:
        """Group every view and pad to a common number of people."""
        views = [
            group_by_paf(c, p, self.paf_pairs, self.paf_thr,
                         self.min_joints)
            for c, p in zip(results['candidates'], results['pafs'])
        ]
        K = len(results['candidates'][0])
        P = max([len(v) for v in views] + [1])
        out = np.zeros((len(views), P, K, 3), dtype=np.float32)
        size = np.asarray(results['image_size'], dtype=np.float64)
        for v, people in enumerate(views):
            people = people.copy()
            people[..., :2] *= size[v]
            out[v, :len(people)] = people
        results['keypoints_2d'] = out
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(paf_thr={self.paf_thr}, '
                f'min_joints={self.min_joints})')
