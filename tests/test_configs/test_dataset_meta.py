"""Tests of the dataset meta files and ``selfpose_mm.utils.metainfo``."""
import importlib.util
import os
import tempfile
import unittest
from pathlib import Path

import numpy as np
from mmengine import Config

REPO_ROOT = Path(__file__).resolve().parents[2]
META_DIR = REPO_ROOT / 'selfpose_mm' / 'dataset_meta'
STUB_DIR = REPO_ROOT / 'configs' / '_base_' / 'datasets'


def _load_metainfo_module():
    """Load ``selfpose_mm/utils/metainfo.py`` by path.

    This keeps the test independent of (and fast regardless of) whatever
    ``selfpose_mm/__init__.py`` imports.
    """
    spec = importlib.util.spec_from_file_location(
        '_test_selfpose_mm_metainfo',
        REPO_ROOT / 'selfpose_mm' / 'utils' / 'metainfo.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


metainfo = _load_metainfo_module()

NUM_KEYPOINTS = dict(
    panoptic_body3d=15,
    panoptic_coco19=19,
    shelf=14,
    campus=14,
    h36m=17,
    humaneva15=15,
    mads=19)
# Only H3.6M has no OKS sigmas, as in mmpose (it is scored by MPJPE).
NO_SIGMAS = {'h36m'}

# Expected orders, from the reference notes (VoxelPose/SelfPose3d,
# VideoPose3D, CDRNet's MADS loader).
EXPECTED_NAMES = dict(
    panoptic_body3d=[
        'neck', 'nose', 'mid_hip', 'left_shoulder', 'left_elbow', 'left_wrist',
        'left_hip', 'left_knee', 'left_ankle', 'right_shoulder', 'right_elbow',
        'right_wrist', 'right_hip', 'right_knee', 'right_ankle'
    ],
    shelf=[
        'right_ankle', 'right_knee', 'right_hip', 'left_hip', 'left_knee',
        'left_ankle', 'right_wrist', 'right_elbow', 'right_shoulder',
        'left_shoulder', 'left_elbow', 'left_wrist', 'bottom_head', 'top_head'
    ],
    h36m=[
        'root', 'right_hip', 'right_knee', 'right_foot', 'left_hip',
        'left_knee', 'left_foot', 'spine', 'thorax', 'neck_base', 'head',
        'left_shoulder', 'left_elbow', 'left_wrist', 'right_shoulder',
        'right_elbow', 'right_wrist'
    ],
    humaneva15=[
        'pelvis', 'thorax', 'left_shoulder', 'left_elbow', 'left_wrist',
        'right_shoulder', 'right_elbow', 'right_wrist', 'left_hip',
        'left_knee', 'left_ankle', 'right_hip', 'right_knee', 'right_ankle',
        'head'
    ],
    mads=[
        'neck', 'pelvis', 'right_hip', 'right_knee', 'right_ankle',
        'right_foot', 'left_hip', 'left_knee', 'left_ankle', 'left_foot',
        'right_shoulder', 'right_elbow', 'right_wrist', 'right_hand',
        'left_shoulder', 'left_elbow', 'left_wrist', 'left_hand', 'head'
    ],
)
EXPECTED_NAMES['campus'] = EXPECTED_NAMES['shelf']
EXPECTED_NAMES['panoptic_coco19'] = EXPECTED_NAMES['panoptic_body3d'] + [
    'left_eye', 'left_ear', 'right_eye', 'right_ear'
]

EXPECTED_FLIP = dict(
    # VoxelPose FLIP_LR_JOINTS15
    panoptic_body3d=[0, 1, 2, 9, 10, 11, 12, 13, 14, 3, 4, 5, 6, 7, 8],
    panoptic_coco19=[
        0, 1, 2, 9, 10, 11, 12, 13, 14, 3, 4, 5, 6, 7, 8, 17, 18, 15, 16
    ],
    shelf=[5, 4, 3, 2, 1, 0, 11, 10, 9, 8, 7, 6, 12, 13],
    campus=[5, 4, 3, 2, 1, 0, 11, 10, 9, 8, 7, 6, 12, 13],
)


def _flip_from_lr(num, left, right):
    flip = list(range(num))
    for a, b in zip(left, right):
        flip[a], flip[b] = b, a
    return flip


# VideoPose3D joints_left / joints_right.
EXPECTED_FLIP['h36m'] = _flip_from_lr(17, [4, 5, 6, 11, 12, 13],
                                      [1, 2, 3, 14, 15, 16])
EXPECTED_FLIP['humaneva15'] = _flip_from_lr(15, [2, 3, 4, 8, 9, 10],
                                            [5, 6, 7, 11, 12, 13])
# CDRNet repo flip_pairs (right, left).
EXPECTED_FLIP['mads'] = _flip_from_lr(19, [2, 3, 4, 5, 10, 11, 12, 13],
                                      [6, 7, 8, 9, 14, 15, 16, 17])

# Skeletons that must equal a reference parent list exactly.
EXPECTED_PARENTS = dict(
    h36m=[-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15],
    humaneva15=[-1, 0, 1, 2, 3, 1, 5, 6, 0, 8, 9, 0, 11, 12, 1],
    mads=[0, 0, 1, 2, 3, 4, 1, 6, 7, 8, 0, 10, 11, 12, 0, 14, 15, 16, 0],
)
# VoxelPose's Panoptic LIMBS.
PANOPTIC_LIMBS = [[0, 1], [0, 2], [0, 3], [3, 4], [4, 5], [0, 9], [9, 10],
                  [10, 11], [2, 6], [2, 12], [6, 7], [7, 8], [12, 13],
                  [13, 14]]


def _mirror(name):
    if name.startswith('left_'):
        return 'right_' + name[len('left_'):]
    if name.startswith('right_'):
        return 'left_' + name[len('right_'):]
    return name


def _links(meta):
    return {frozenset(link) for link in meta['skeleton_links']}


class TestDatasetMeta(unittest.TestCase):
    """Checks every dataset meta file through mmpose's parser."""

    @classmethod
    def setUpClass(cls):
        cls.metas = {
            name: metainfo.get_dataset_meta(name)
            for name in NUM_KEYPOINTS
        }

    def test_listed(self):
        names = metainfo.list_dataset_metas()
        for name in NUM_KEYPOINTS:
            self.assertIn(name, names)

    def test_num_keypoints_and_names(self):
        for name, num in NUM_KEYPOINTS.items():
            with self.subTest(name):
                meta = self.metas[name]
                self.assertEqual(meta['num_keypoints'], num)
                self.assertEqual(meta['dataset_name'], name)
                names = [meta['keypoint_id2name'][i] for i in range(num)]
                self.assertEqual(names, EXPECTED_NAMES[name])
                self.assertEqual(len(set(names)), num)

    def test_raw_schema(self):
        for name, num in NUM_KEYPOINTS.items():
            with self.subTest(name):
                info = Config.fromfile(str(META_DIR / f'{name}.py'))
                info = info.dataset_info
                for key in ('paper_info', 'keypoint_info', 'skeleton_info',
                            'joint_weights', 'sigmas'):
                    self.assertIn(key, info)
                for key in ('author', 'title', 'container', 'year',
                            'homepage'):
                    self.assertIn(key, info.paper_info)
                self.assertEqual(sorted(info.keypoint_info), list(range(num)))
                names = {k.name for k in info.keypoint_info.values()}
                for kid, kpt in info.keypoint_info.items():
                    self.assertEqual(kpt.id, kid)
                    self.assertIn(kpt.type, ('upper', 'lower'))
                    self.assertEqual(len(kpt.color), 3)
                    self.assertTrue(kpt.swap == '' or kpt.swap in names,
                                    kpt.swap)
                for sid, sk in info.skeleton_info.items():
                    self.assertEqual(sk.id, sid)
                    self.assertEqual(len(sk.link), 2)
                    self.assertEqual(len(sk.color), 3)

    def test_flip_indices(self):
        for name, num in NUM_KEYPOINTS.items():
            with self.subTest(name):
                meta = self.metas[name]
                flip = meta['flip_indices']
                self.assertEqual(sorted(flip), list(range(num)))
                # An involution.
                self.assertEqual([flip[j] for j in flip], list(range(num)))
                # Each left joint goes to its right counterpart, by name;
                # central joints stay put.
                id2name = meta['keypoint_id2name']
                for i in range(num):
                    self.assertEqual(id2name[flip[i]], _mirror(id2name[i]))
                self.assertEqual(flip, EXPECTED_FLIP[name])
                pairs = {frozenset(p) for p in meta['flip_pairs']}
                expected = {
                    frozenset((i, j))
                    for i, j in enumerate(flip) if i != j
                }
                self.assertEqual(pairs, expected)

    def test_skeleton(self):
        for name, num in NUM_KEYPOINTS.items():
            with self.subTest(name):
                meta = self.metas[name]
                links = meta['skeleton_links']
                self.assertEqual(meta['num_skeleton_links'], len(links))
                for a, b in links:
                    self.assertTrue(0 <= a < num and 0 <= b < num)
                    self.assertNotEqual(a, b)
                self.assertEqual(len(_links(meta)), len(links))
                # All joints form one connected body.
                seen, todo = {0}, [0]
                while todo:
                    j = todo.pop()
                    for a, b in links:
                        for u, v in ((a, b), (b, a)):
                            if u == j and v not in seen:
                                seen.add(v)
                                todo.append(v)
                self.assertEqual(seen, set(range(num)))
                # The skeleton is mirror-symmetric.
                flip = meta['flip_indices']
                self.assertEqual(
                    {frozenset((flip[a], flip[b]))
                     for a, b in links}, _links(meta))
                self.assertEqual(len(meta['skeleton_link_colors']), len(links))
                self.assertEqual(meta['keypoint_colors'].shape, (num, 3))

    def test_skeleton_matches_references(self):
        for name, parents in EXPECTED_PARENTS.items():
            with self.subTest(name):
                expected = {
                    frozenset((c, p))
                    for c, p in enumerate(parents) if p >= 0 and p != c
                }
                self.assertEqual(_links(self.metas[name]), expected)
        self.assertEqual(
            _links(self.metas['panoptic_body3d']),
            {frozenset(link)
             for link in PANOPTIC_LIMBS})

    def test_values_equal_mmpose_shipped_metas(self):
        """Where mmpose ships the same skeleton, every value agrees with
        mmpose's own meta file, parsed by mmpose (an independent source)."""
        import mmpose
        from mmpose.datasets.datasets.utils import parse_pose_metainfo
        mim = Path(mmpose.__file__).parent / '.mim' / 'configs' / '_base_'
        same = dict(panoptic_coco19='panoptic_body3d', h36m='h36m',
                    shelf='shelf', campus='campus')
        for ours, theirs in same.items():
            path = mim / 'datasets' / f'{theirs}.py'
            if not path.is_file():
                self.skipTest(f'{path} is not installed')
            with self.subTest(ours):
                ref = parse_pose_metainfo(dict(from_file=str(path)))
                meta = self.metas[ours]
                self.assertEqual(meta['num_keypoints'], ref['num_keypoints'])
                self.assertEqual(meta['keypoint_id2name'],
                                 ref['keypoint_id2name'])
                self.assertEqual(meta['flip_indices'], ref['flip_indices'])
                np.testing.assert_array_equal(meta['sigmas'], ref['sigmas'])
                np.testing.assert_array_equal(
                    meta['dataset_keypoint_weights'],
                    ref['dataset_keypoint_weights'])
                if ours == 'panoptic_coco19':
                    # ours adds the face links (nose-eyes-ears) mmpose omits
                    self.assertLessEqual(_links(ref), _links(meta))
                    self.assertEqual(
                        _links(meta) - _links(ref),
                        {frozenset(p) for p in ((1, 15), (1, 17), (15, 16),
                                                (17, 18))})
                else:
                    self.assertEqual(_links(meta), _links(ref))

    def test_weights_and_sigmas(self):
        for name, num in NUM_KEYPOINTS.items():
            with self.subTest(name):
                meta = self.metas[name]
                weights = meta['dataset_keypoint_weights']
                sigmas = meta['sigmas']
                flip = meta['flip_indices']
                self.assertEqual(weights.shape, (num, ))
                self.assertTrue(np.all(weights > 0))
                if name in NO_SIGMAS:
                    self.assertEqual(sigmas.shape, (0, ))
                else:
                    self.assertEqual(sigmas.shape, (num, ))
                    self.assertTrue(np.all((sigmas > 0) & (sigmas < 0.2)))
                    # Mirror joints get the same sigma and weight.
                    np.testing.assert_array_equal(sigmas, sigmas[flip])
                np.testing.assert_array_equal(weights, weights[flip])
                ids = meta['upper_body_ids'] + meta['lower_body_ids']
                self.assertEqual(sorted(ids), list(range(num)))
        self.assertIn('stats_info', self.metas['h36m'])

    def test_panoptic_subset_of_coco19(self):
        sub = self.metas['panoptic_body3d']
        full = self.metas['panoptic_coco19']
        n = sub['num_keypoints']
        for i in range(n):
            name = sub['keypoint_id2name'][i]
            self.assertEqual(full['keypoint_name2id'][name], i)
        self.assertEqual(full['flip_indices'][:n], sub['flip_indices'])
        self.assertTrue(_links(sub) <= _links(full))
        self.assertEqual(
            _links(sub),
            {link
             for link in _links(full) if all(j < n for j in link)})
        np.testing.assert_array_equal(full['sigmas'][:n], sub['sigmas'])
        np.testing.assert_array_equal(full['dataset_keypoint_weights'][:n],
                                      sub['dataset_keypoint_weights'])

    def test_shelf_equals_campus(self):
        shelf, campus = self.metas['shelf'], self.metas['campus']
        # the configs' mmpose-path stubs inherit exactly the packaged file
        for name in NUM_KEYPOINTS:
            self.assertEqual(
                Config.fromfile(str(STUB_DIR / f'{name}.py')).dataset_info,
                Config.fromfile(str(META_DIR / f'{name}.py')).dataset_info)
        for key in ('keypoint_id2name', 'flip_indices', 'skeleton_links'):
            self.assertEqual(shelf[key], campus[key])
        np.testing.assert_array_equal(shelf['sigmas'], campus['sigmas'])


class TestResolve(unittest.TestCase):
    """Checks name and path resolution of ``get_dataset_meta``."""

    def test_names_and_paths(self):
        expected = str((META_DIR / 'shelf.py').resolve())
        cwd = os.getcwd()
        with tempfile.TemporaryDirectory() as tmp:
            os.chdir(tmp)  # not the repo root: must still resolve
            try:
                for query in ('shelf', 'shelf.py',
                              'configs/_base_/datasets/shelf.py',
                              'configs/_base_/datasets/shelf', expected,
                              Path(expected)):
                    self.assertEqual(
                        metainfo.resolve_dataset_meta_path(query), expected)
                meta = metainfo.get_dataset_meta(
                    'configs/_base_/datasets/shelf.py')
                self.assertEqual(meta['num_keypoints'], 14)
                # Falls back to the working directory.
                Path(tmp, 'my_meta.py').write_text(
                    (META_DIR / 'shelf.py').read_text())
                self.assertEqual(
                    metainfo.get_dataset_meta('my_meta.py')['num_keypoints'],
                    14)
            finally:
                os.chdir(cwd)

    def test_missing(self):
        with self.assertRaises(FileNotFoundError) as ctx:
            metainfo.get_dataset_meta('no_such_dataset')
        self.assertIn('shelf', str(ctx.exception))
        self.assertIn('panoptic_body3d', str(ctx.exception))
        with self.assertRaises(FileNotFoundError):
            metainfo.get_dataset_meta('configs/_base_/datasets/nope.py')

