"""Inference API and ``tools/infer.py`` end to end on the synthetic world:
output schema, accuracy, stable ids, bad inputs, a generic model."""
import io
import json
import shutil
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import numpy as np
import torch
from mmengine.model import BaseModel
from mmengine.structures import InstanceData

from selfpose_mm.apis import (MultiViewInferencer, MultiViewRecording,
                              inference_multiview, init_estimator,
                              load_poses_json, load_poses_npz,
                              read_detections, write_synthetic_recording)
from selfpose_mm.geometry import load_calibration
from selfpose_mm.registry import MODELS
from tools.infer import main as infer_main


@MODELS.register_module(force=True)
class _CentroidDummy(BaseModel):
    """Test model: one 'person' at the mean camera centre, no ids."""

    def __init__(self, num_keypoints: int = 15) -> None:
        super().__init__()
        self.num_keypoints = num_keypoints
        self.w = torch.nn.Parameter(torch.zeros(1))

    def forward(self, inputs, data_samples=None, mode='predict'):
        out = []
        for x, s in zip(inputs, data_samples):
            t = s.cameras.t
            pred = InstanceData()
            pred.keypoints_3d = (t.mean(0) + self.w).reshape(1, 1, 3).expand(
                1, self.num_keypoints, 3) + x.float().mean() * 0
            pred.scores = torch.ones(1)
            s.pred_instances = pred
            out.append(s)
        return out


class TestInferEndToEnd(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        cls.dir = Path(cls.tmp)
        cls.gt = write_synthetic_recording(cls.dir / 'rec', num_frames=8,
                                           noise_px=1.0)
        cls.out = cls.dir / 'out'
        with redirect_stdout(io.StringIO()) as cls.stdout:
            cls.rc = infer_main([
                '--calib', str(cls.dir / 'rec/calibration.json'),
                '--detections', str(cls.dir / 'rec/detections'),
                '--layout', 'panoptic15', '--out', str(cls.out),
                '--vis-frames', '1', '--anim-frames', '3',
                '--anim-height', '120', '--no-progress'])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_outputs_and_accuracy(self):
        self.assertEqual(self.rc, 0)
        for name in ('poses3d.json', 'poses3d.npz', 'calibration_check.txt',
                     'calibration_check.png', 'sequence.gif'):
            self.assertTrue((self.out / name).is_file(), name)
        self.assertTrue(list((self.out / 'vis').glob('overlay_*.jpg')))
        self.assertTrue(list((self.out / 'vis').glob('skeleton3d_*.png')))
        self.assertIn('held-out', self.stdout.getvalue())
        z = load_poses_npz(self.out / 'poses3d.npz')
        F, M, K = self.gt['keypoints_3d'].shape[:3]
        self.assertEqual(str(z['unit']), 'mm')
        self.assertEqual(str(z['layout']), 'panoptic15')
        self.assertEqual(z['keypoints_3d'].shape, (F, M, K, 3))
        self.assertEqual(z['keypoint_scores'].shape, (F, M, K))
        self.assertEqual(z['track_ids'].tolist(), list(range(M)))
        self.assertEqual(z['frame_ids'].tolist(), list(range(F)))
        self.assertEqual(z['K'].shape, (5, 3, 3))
        self.assertEqual(len(z['keypoint_names']), K)
        # every track follows one GT person in every frame (stable ids),
        # within a few mm (1 px noise)
        X, G = z['keypoints_3d'], self.gt['keypoints_3d']
        for j in range(M):
            err = np.linalg.norm(X[:, j, None] - G, axis=-1).mean(-1)
            m = np.argmin(err[0])
            self.assertTrue((np.argmin(err, 1) == m).all())
            self.assertLess(err[:, m].max(), 40.)
        js = load_poses_json(self.out / 'poses3d.json')
        self.assertEqual(js['unit'], 'mm')
        self.assertEqual(len(js['frames']), F)
        person = js['frames'][0]['people'][0]
        self.assertEqual(set(person), {'id', 'score', 'keypoints_3d',
                                       'keypoint_scores'})
        self.assertEqual(np.shape(person['keypoints_3d']), (K, 3))
        j = list(z['track_ids']).index(person['id'])
        np.testing.assert_allclose(person['keypoints_3d'],
                                   z['keypoints_3d'][0, j], atol=0.01)
        rows = json.loads((self.out / 'calibration_check.json').read_text())
        for r in rows['rows']:
            self.assertLess(r['held_out']['median'], 4.)

    def _bad(self, *extra):
        err = io.StringIO()
        with redirect_stderr(err), redirect_stdout(io.StringIO()):
            rc = infer_main(['--calib', str(self.dir / 'rec/calibration.json'
                                            ), '--out',
                             str(self.dir / 'bad'), '--no-progress',
                             '--vis-frames', '0', '--animation', 'none',
                             *extra])
        self.assertEqual(rc, 2)
        return err.getvalue()

    def test_bad_inputs(self):
        dets = sorted((self.dir / 'rec/detections').iterdir())
        msg = self._bad('--detections', *map(str, dets[:3]))
        self.assertIn('3 detections paths for 5 cameras', msg)
        msg = self._bad('--detections', str(self.dir / 'rec/detections'),
                        '--layout', 'coco17')
        self.assertRegex(msg, r'cam00.0000.json.*15 joints.*17')
        calib = self.dir / 'badcal.json'
        data = json.loads((self.dir / 'rec/calibration.json').read_text())
        data['cameras']['cam00']['focal'] = 1.
        calib.write_text(json.dumps(data))
        err = io.StringIO()
        with redirect_stderr(err), redirect_stdout(io.StringIO()):
            rc = infer_main(['--calib', str(calib), '--detections',
                             str(self.dir / 'rec/detections'), '--out',
                             str(self.dir / 'bad')])
        self.assertEqual(rc, 2)
        self.assertRegex(err.getvalue(), r"badcal.json.*cam00.*focal")
        # out of sync: one camera lost its last frame
        rec2 = self.dir / 'rec2'
        shutil.copytree(self.dir / 'rec/detections', rec2)
        (rec2 / 'cam02_json/cam02.0007.json').unlink()
        msg = self._bad('--detections', str(rec2))
        self.assertIn('different detection frames', msg)
        self.assertIn('cam02_json: 7 frames', msg)

    def test_generic_model_path(self):
        cfg = dict(model=dict(type='_CentroidDummy', num_keypoints=15),
                   infer_pipeline=[dict(type='PackMultiViewDetections')],
                   layout='panoptic15')
        model = init_estimator(cfg)
        cams = load_calibration(self.dir / 'rec/calibration.json')
        dets = [read_detections(p) for p in
                sorted((self.dir / 'rec/detections').iterdir())]
        rec = MultiViewRecording(cams, dets)
        out = inference_multiview(model, rec[0])
        self.assertEqual(tuple(out[0].pred_instances.keypoints_3d.shape),
                         (1, 15, 3))
        seq = MultiViewInferencer(model)(rec, progress=False)
        # no ids from the model: the tracker keeps one id for the person
        self.assertEqual(seq.track_ids.tolist(), [0])
        self.assertEqual(len(seq.frames), 8)
        ckpt = self.dir / 'dummy.pth'
        torch.save(dict(state_dict=dict(w=torch.ones(1))), ckpt)
        model = init_estimator(cfg, str(ckpt))
        self.assertEqual(float(model.w.detach()), 1.)
