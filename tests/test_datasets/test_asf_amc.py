import tempfile
import unittest

import numpy as np
from mmengine.registry import init_default_scope

from selfpose_mm.datasets.synthetic import (PANOPTIC15_PARENTS, AsfSkeleton,
                                            MocapPoseSource, read_amc)
from selfpose_mm.datasets.synthetic.asf_amc import euler_matrix
from selfpose_mm.registry import DATASETS
from tests.test_datasets._helpers import heatmap_pipeline, shared_data

_ASF = """:version 1.10
:units
  mass 1.0
  length 0.45
  angle deg
:root
   order TX TY TZ RX RY RZ
   axis XYZ
   position 0 0 0
   orientation 0 0 0
:bonedata
  begin
     id 1
     name up
     direction 0 1 0
     length 1
     axis 0 0 0 XYZ
    dof rx ry rz
  end
  begin
     id 2
     name fwd
     direction 0 0 1
     length 2
     axis 0 0 0 XYZ
    dof rx
  end
:hierarchy
  begin
    root up
    up fwd
  end
"""


def _cmu():
    root = shared_data()
    d = None if root is None else (root / 'cmu_mocap_cyun9601' / 'data' /
                                   'CMU' / 'asfamc' / 'subjects')
    return d if d is not None and d.is_dir() else None


class TestAsfAmc(unittest.TestCase):

    def test_euler_order(self):
        R = euler_matrix(np.array([10., 20., 30.]), 'XYZ')
        rx = euler_matrix(np.array([10.]), 'X')
        ry = euler_matrix(np.array([20.]), 'Y')
        rz = euler_matrix(np.array([30.]), 'Z')
        np.testing.assert_allclose(R, rz @ ry @ rx, atol=1e-12)

    def test_fk_closed_form(self):
        with tempfile.TemporaryDirectory() as d:
            asf, amc = f'{d}/t.asf', f'{d}/t_01.amc'
            open(asf, 'w').write(_ASF.replace('\n', '\r\n'))
            open(amc, 'w').write(':FULLY-SPECIFIED\n:DEGREES\n1\n'
                                 'root 1 2 3 0 0 0\nup 0 0 0\nfwd 0\n'
                                 '2\nroot 0 0 0 0 90 0\nup 90 0 0\n'
                                 'fwd 0\n')
            skel = AsfSkeleton.from_file(asf)
            ends, _ = skel.forward_kinematics(read_amc(amc))
        u = 25.4 / 0.45
        np.testing.assert_allclose(ends['root'][0], [u, 2 * u, 3 * u])
        np.testing.assert_allclose(ends['fwd'][0], [u, 3 * u, 5 * u])
        # frame 2: root yaw 90 deg about y, "up" pitched 90 deg about x:
        # up's direction (0, 1, 0) -> x-rot -> (0, 0, 1) -> y-rot -> (1, 0, 0)
        np.testing.assert_allclose(ends['up'][1], [u, 0, 0], atol=1e-9)

    def test_real_cmu_clips(self):
        d = _cmu()
        if d is None:
            self.skipTest('CMU mocap not available in shared data')
        skel = AsfSkeleton.from_file(str(d / '02' / '02.asf'))
        joints = skel.panoptic15(read_amc(str(d / '02' / '02_01.amc')))
        self.assertEqual(joints.shape, (343, 15, 3))
        P = PANOPTIC15_PARENTS
        idx = [j for j in range(15) if P[j] >= 0 and j != 1]
        bones = np.linalg.norm(
            joints[:, idx] - joints[:, [P[j] for j in idx]], axis=-1)
        limbs = [idx.index(j) for j in (4, 5, 6, 7, 8, 10, 11, 12, 13, 14)]
        self.assertLess(bones[:, limbs].std(0).max(), 1e-3)  # rigid limbs
        self.assertLess(bones.std(0).max(), 20.)  # spine/shoulders bend
        mean = dict(zip(idx, bones.mean(0)))
        for j, (lo, hi) in {7: (350, 520), 8: (350, 500), 4: (230, 360),
                            5: (200, 330), 0: (400, 650)}.items():
            self.assertTrue(lo < mean[j] < hi, (j, mean[j]))
        # z up: head above the ankles, feet near the floor
        self.assertTrue((joints[:, 1, 2] > joints[:, 8, 2] + 1200).all())
        # smooth at 120 fps: no joint moves more than 5 cm per frame
        step = np.linalg.norm(np.diff(joints, axis=0), axis=-1)
        self.assertLess(step.max(), 50.)

    def test_mocap_world(self):
        d = _cmu()
        if d is None:
            self.skipTest('CMU mocap not available in shared data')
        init_default_scope('selfpose_mm')
        files = [str(d / '02' / '02_01.amc'), str(d / '03' / '03_01.amc')]
        ds = DATASETS.build(dict(
            type='SyntheticMultiViewDataset', num_samples=40,
            clip_length=20, num_people=(2, 3),
            pose_source=dict(type='MocapPoseSource', files=files),
            pipeline=heatmap_pipeline(dict())))
        s = ds[5]
        self.assertEqual(tuple(s['inputs'].shape), (5, 15, 128, 240))
        clip = ds._clip(0)['joints']
        self.assertGreaterEqual(len(clip), 1)
        step = np.linalg.norm(np.diff(clip, axis=1), axis=-1)
        self.assertLess(step.max(), 120.)
        src = MocapPoseSource(files)
        a = src.sample_clip(2, 10, np.random.default_rng(0), 30.)
        b = src.sample_clip(2, 10, np.random.default_rng(0), 30.)
        np.testing.assert_array_equal(a, b)
        np.testing.assert_allclose(a[:, 0, 2, :2], 0., atol=1e-6)


if __name__ == '__main__':
    unittest.main()
