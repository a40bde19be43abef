"""Real capture: the Pose2Sim demo (4 cameras, Qualisys calibration,
OpenPose BODY_25B). Skipped when ../shared/data is absent; set
SELFPOSE_SHARED_DATA=/work/shared/data from a worktree."""
import io
import json
import os
import tempfile
import unittest
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np

from selfpose_mm.apis import (MultiViewInferencer, MultiViewRecording,
                              geometric_baseline_config, init_estimator,
                              read_detections)
from selfpose_mm.geometry import load_calibration
from tools.infer import main as infer_main

SESSION = 'pose2sim/Pose2Sim/S00_Demo_Session'
TRC = ('pose2sim_trc_a948c20/Pose2Sim/S00_Demo_Session/'
       'S00_P00_SingleParticipant/S00_P00_T00_StaticTrial/pose-3d/'
       'S00_P00_T00_StaticTrial_0-12.trc')
#: TRC marker order -> BODY_25B joint index
TRC_TO_BODY25B = [12, 14, 16, 22, 23, 24, 11, 13, 15, 19, 20, 21, 17, 18, 0,
                  6, 8, 10, 5, 7, 9]


def shared_data() -> Path:
    env = os.environ.get('SELFPOSE_SHARED_DATA')
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / '..' / 'shared' / 'data'


class TestPose2SimCapture(unittest.TestCase):

    def setUp(self):
        self.root = shared_data()
        self.session = self.root / SESSION
        if not (self.session / 'S00_Calibration/Calib.qca.txt').is_file():
            self.skipTest(f'Pose2Sim demo not found under {self.root}')
        self.qca = self.session / 'S00_Calibration/Calib.qca.txt'

    def test_qca_matches_pose2sim_toml(self):
        toml = self.root / ('pose2sim_trc_a948c20/Pose2Sim/S00_Demo_Session/'
                            'S00_Calibration/Calib_qualisys.toml')
        if not toml.is_file():
            self.skipTest('Calib_qualisys.toml absent')
        a, b = load_calibration(self.qca), load_calibration(toml)
        self.assertEqual(list(a), ['cam_01', 'cam_02', 'cam_03', 'cam_04'])
        for k in a:
            np.testing.assert_allclose(a[k].R, b[k].R, atol=1e-6)
            np.testing.assert_allclose(a[k].t, b[k].t, atol=1e-3)
            np.testing.assert_allclose(a[k].K, b[k].K, atol=1e-6)
            self.assertEqual(a[k].image_size, (1088, 1920))
            # cameras ~1.9 m high look down at the scene (z up)
            self.assertLess(a[k].R[2, 2], 0)

    def test_static_trial_matches_pose2sim_trc(self):
        trc = self.root / TRC
        if not trc.is_file():
            self.skipTest('TRC reference absent')
        pose = self.session / 'S00_P00_SingleParticipant/' \
            'S00_P00_T00_StaticTrial/pose'
        rec = MultiViewRecording(load_calibration(self.qca), [
            read_detections(p, num_keypoints=25)
            for p in sorted(pose.iterdir())])
        model = init_estimator(geometric_baseline_config(
            'body25b', (1088, 1920), temporal=False))
        seq = MultiViewInferencer(model)(rec, progress=False)
        X = np.stack([f.keypoints_3d[np.argmax(f.scores)]
                      for f in seq.frames])[:, TRC_TO_BODY25B]
        rows = [ln.split('\t') for ln in trc.read_text().splitlines()[5:]
                if ln.strip()]
        T = np.array([[float(x) for x in r[2:65]] for r in rows]).reshape(
            -1, 21, 3) * 1000.
        # Pose2Sim's TRC axes (OpenSim, y up) = our (y, z, x)
        T = T[..., [2, 0, 1]]
        err = np.linalg.norm(X - T, axis=-1)
        self.assertLess(np.median(err), 10.)

    def test_cli_on_two_person_trial(self):
        pose = self.session / 'S00_P01_MultiParticipants/' \
            'S00_P01_T02_Participants1-2/pose'
        with tempfile.TemporaryDirectory() as tmp:
            with redirect_stdout(io.StringIO()):
                rc = infer_main([
                    '--calib', str(self.qca), '--detections', str(pose),
                    '--layout', 'body25b', '--max-frames', '10',
                    '--out', tmp, '--vis-frames', '1', '--animation',
                    'none', '--no-progress'])
            self.assertEqual(rc, 0)
            rows = json.loads(
                (Path(tmp) / 'calibration_check.json').read_text())['rows']
            z = np.load(Path(tmp) / 'poses3d.npz')
            self.assertGreaterEqual(len(z['track_ids']), 2)
        self.assertEqual([r['camera'] for r in rows],
                         ['cam_01', 'cam_02', 'cam_03', 'cam_04'])
        for r in rows:  # measured 6-17 px (all views), see docs
            self.assertLess(r['all_views']['median'], 20.)
            self.assertLess(r['held_out']['median'], 40.)
