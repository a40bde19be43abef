"""Semi-supervised lifting losses against a brute-force computation.

Every term of ``VideoPoseLifter.loss`` in semi-supervised mode (3D MPJPE on
the labelled part, the ``1 / z`` weighted trajectory loss, the
back-projection of unlabelled pose + trajectory through each sample's
camera, the bone-length term) is recomputed here with scalar Python loops
from the raw sequences of the datasets (pixels, the unflipped camera, the
flip rule written out), not from the pipeline's encoded labels, on a tiny
batch; they must agree to float32 precision of the stored data (1e-6 m, 1e-6 screen units). The projection follows the
formulas of the two distortion models as their sources write them
(OpenCV's ``projectPoints``; Martinez/H36M's ``project_point_radial``).
"""
import math
import tempfile
import unittest

import numpy as np
import torch
from mmengine.dataset import pseudo_collate
from mmengine.logging import MessageHub

from selfpose_mm.datasets import SemiSupervisedVideoDataset
from selfpose_mm.models import BoneLengthLoss, ReprojectionLoss
from selfpose_mm.registry import MODELS
from selfpose_mm.setup_env import register_all_modules
from tests.test_datasets.vp3d_fixtures import write_tiny_h36m

CODEC = dict(type='VideoLiftingLabel', num_keypoints=17)
PARENTS = [-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15]


def _project_point(X, K, dist, model):
    """One camera-frame point → distorted pixels, scalar arithmetic."""
    x, y = X[0] / X[2], X[1] / X[2]
    x, y = min(max(x, -1.), 1.), min(max(y, -1.), 1.)  # VideoPose3D clamp
    k1, k2, p1, p2, k3 = (float(v) for v in dist)
    r2 = x * x + y * y
    radial = 1 + k1 * r2 + k2 * r2**2 + k3 * r2**3
    if model == 'opencv':  # cv2.projectPoints
        xd = x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x)
        yd = y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y
    else:  # Martinez project_point_radial with p = (p1, p2)
        tan = p1 * y + p2 * x
        xd = x * (radial + tan) + p2 * r2
        yd = y * (radial + tan) + p1 * r2
    return (K[0][0] * xd + K[0][1] * yd + K[0][2], K[1][1] * yd + K[1][2])


def _norm_screen(u, v, w, h):
    return u / w * 2 - 1, v / w * 2 - h / w


def _dist(a, b):
    return math.sqrt(sum((float(p) - float(q))**2 for p, q in zip(a, b)))


def _bone_term(lab, unl, parents):
    """|batch-mean bone length(lab) - batch-mean(unl)|, mean over bones."""
    terms = []
    for j, p in enumerate(parents):
        if p < 0:
            continue
        means = []
        for poses in (lab, unl):
            vals = [
                _dist(poses[b][t][j], poses[b][t][p])
                for b in range(len(poses)) for t in range(len(poses[b]))
            ]
            means.append(sum(vals) / len(vals))
        terms.append(abs(means[0] - means[1]))
    return sum(terms) / len(terms)


class TestBruteForceTerms(unittest.TestCase):

    def test_bone_loss_matches_loops(self):
        rng = np.random.default_rng(3)
        a = rng.normal(size=(3, 2, 17, 3))
        b = rng.normal(size=(4, 2, 17, 3))
        got = BoneLengthLoss(PARENTS)(torch.as_tensor(a), torch.as_tensor(b))
        self.assertAlmostEqual(got.item(), _bone_term(a, b, PARENTS), 12)

    def test_reprojection_matches_loops_both_models(self):
        rng = np.random.default_rng(4)
        pts = rng.uniform([-1.5, -1, 2.5], [1.5, 1, 5], (2, 1, 15, 3))
        tgt = rng.uniform(-0.5, 0.5, (2, 1, 15, 2))
        K = np.array([[[765.8, 0, 299.8], [0, 765.3, 232.3], [0, 0, 1]],
                      [[688.4, 0, 273.1], [0, 686.8, 222.0], [0, 0, 1]]])
        dist = np.array([[-0.289, 0.105, -0.0014, 0.0011, 0.01],
                         [-0.322, 0.096, 0.0002, -0.0070, 0.]])
        size = np.array([[640., 480.], [640., 480.]])
        t = lambda x: torch.as_tensor(x, dtype=torch.float64)  # noqa: E731
        for model in ('opencv', 'h36m'):
            errs = []
            for b in range(2):
                for j in range(15):
                    u, v = _project_point(pts[b, 0, j], K[b], dist[b], model)
                    errs.append(_dist(_norm_screen(u, v, 640., 480.),
                                      tgt[b, 0, j]))
            got = ReprojectionLoss()(t(pts), t(tgt), t(K), t(dist), t(size),
                                     model)
            self.assertAlmostEqual(got.item(), sum(errs) / len(errs), 10)


class TestSemiSupervisedLossBruteForce(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        register_all_modules()
        cls.tmp = tempfile.TemporaryDirectory()
        root = str(write_tiny_h36m(cls.tmp.name))
        pipeline = [
            dict(type='TemporalWindow', receptive_field=9),
            dict(type='FlipVideoLifting'),
            dict(type='EncodeVideoLifting', codec=CODEC),
            dict(type='PackVideoLiftingInputs')
        ]
        common = dict(type='VideoPose3DDataset', dataset_name='h36m',
                      data_root=root, camera_param_file='cameras.pkl',
                      flip_doubling=True, pipeline=pipeline)
        cls.ds = SemiSupervisedVideoDataset(
            labeled=dict(subjects=['S1'], subset=0.5, **common),
            unlabeled=dict(subjects=['S5'], with_3d=False, **common))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def _model(self, warmup):
        bb = dict(type='TemporalConvLifter', in_channels=34, channels=32,
                  kernel_sizes=(3, 3), dropout=0.)
        torch.manual_seed(0)
        model = MODELS.build(
            dict(
                type='VideoPoseLifter',
                backbone=bb,
                head=dict(type='TemporalLiftingHead', in_channels=32,
                          num_joints=17, decoder=CODEC),
                traj_backbone=bb,
                traj_head=dict(type='TemporalTrajectoryHead',
                               in_channels=32, decoder=CODEC),
                reprojection_loss=dict(type='ReprojectionLoss'),
                bone_loss=dict(type='BoneLengthLoss', parents=PARENTS),
                warmup_epochs=warmup))
        with torch.no_grad():  # put the subject ~4 m in front of the camera
            model.traj_head.conv.bias[2] += 4.
        return model.double().train()

    def _raw(self, dataset, idx):
        """Window centre of sample ``idx`` from the raw arrays: 2D pixels
        and camera-frame 3D (mm), flipped by hand when the sample is."""
        info = dataset.get_data_info(idx)
        seq = dataset.sequences[info['seq_idx']]
        f = info['start']
        w, h = seq['image_size']
        kp2 = np.array(seq['keypoints_2d'][f], np.float64)
        kp3 = None if seq['keypoints_3d'] is None else np.array(
            seq['keypoints_3d'][f], np.float64)
        K = np.array(seq['camera']['K'], np.float64)
        dist = np.array(seq['camera']['dist'], np.float64)
        if info['flip']:
            kp2 = kp2[info['flip_indices_2d']]
            kp2[:, 0] = w - kp2[:, 0]
            if kp3 is not None:
                kp3 = kp3[info['flip_indices']]
                kp3[:, 0] = -kp3[:, 0]
            K[0, 2] = w - K[0, 2]
            dist[3] = -dist[3]  # the tangential term paired with x
        return dict(kp2=kp2, kp3=kp3, K=K, dist=dist, w=w, h=h,
                    model=seq['camera']['dist_model'], flip=info['flip'])

    def test_losses_equal_brute_force(self):
        ds = self.ds
        ds.set_epoch(1)
        idx = list(range(8))  # flipped and unflipped samples
        batch = pseudo_collate([ds[i] for i in idx])
        lab = [self._raw(ds.labeled, i) for i in idx]
        unl_idx = [
            int(ds.perm[(i + len(ds.labeled)) % len(ds.perm)]) for i in idx
        ]
        unl = [self._raw(ds.unlabeled, i) for i in unl_idx]
        self.assertTrue({r['flip'] for r in lab} == {False, True})
        self.assertTrue({r['flip'] for r in unl} == {False, True})
        model = self._model(warmup=1)
        hub = MessageHub.get_current_instance()
        hub.update_info('epoch', 1)
        try:
            inputs = [x.double() for x in batch['inputs']]
            for s in batch['data_samples']:
                s.unlabeled_inputs = s.unlabeled_inputs.double()
            losses = model.loss(inputs, batch['data_samples'])
            # the networks' outputs on the same concatenated batch (shared
            # BatchNorm statistics; dropout is 0)
            x = torch.cat([
                torch.stack(inputs),
                torch.stack([s.unlabeled_inputs
                             for s in batch['data_samples']])
            ])
            with torch.no_grad():
                pose = model._pose(x)[:, 0].numpy()
                traj = model._traj(x)[:, 0, 0].numpy()
        finally:
            hub.update_info('epoch', 0)
        n = len(idx)
        # 3D pose: root-relative metres, every joint including the root
        e3d, etraj, e2d = [], [], []
        for b, r in enumerate(lab):
            rel = (r['kp3'] - r['kp3'][0]) / 1000.
            e3d += [_dist(pose[b, j], rel[j]) for j in range(17)]
            root = r['kp3'][0] / 1000.
            etraj.append(_dist(traj[b], root) / root[2])
        # back-projection of unlabelled pose + trajectory
        for b, r in enumerate(unl):
            for j in range(17):
                X = pose[n + b, j] + traj[n + b]
                u, v = _project_point(X, r['K'], r['dist'], r['model'])
                tu, tv = _norm_screen(r['kp2'][j, 0], r['kp2'][j, 1], r['w'],
                                      r['h'])
                e2d.append(_dist(_norm_screen(u, v, r['w'], r['h']),
                                 (tu, tv)))
        bone = _bone_term(pose[:n, None], pose[n:, None], PARENTS)
        self.assertEqual(
            set(losses),
            {'loss_pose3d', 'loss_traj', 'loss_reproj', 'loss_bone'})
        self.assertAlmostEqual(losses['loss_pose3d'].item(),
                               sum(e3d) / len(e3d), 6)
        self.assertAlmostEqual(losses['loss_traj'].item(),
                               sum(etraj) / len(etraj), 6)
        self.assertAlmostEqual(losses['loss_reproj'].item(),
                               sum(e2d) / len(e2d), 6)
        self.assertAlmostEqual(losses["loss_bone"].item(), bone, 6)
        # the brute force is not trivially zero anywhere
        for v in (e3d, etraj, e2d):
            self.assertGreater(sum(v) / len(v), 1e-3)
        self.assertGreater(bone, 1e-5)

    def test_warmup_drops_unlabelled_terms_and_batch(self):
        """During warm-up only the labelled windows run: the labelled
        losses equal those of the labelled batch alone."""
        batch = pseudo_collate([self.ds[i] for i in range(6)])
        model = self._model(warmup=2)
        inputs = [x.double() for x in batch['inputs']]
        hub = MessageHub.get_current_instance()
        hub.update_info('epoch', 1)
        try:
            losses = model.loss(inputs, batch['data_samples'])
        finally:
            hub.update_info('epoch', 0)
        self.assertEqual(set(losses), {'loss_pose3d', 'loss_traj'})
        x = torch.stack(inputs)
        lab = [self._raw(self.ds.labeled, i) for i in range(6)]
        with torch.no_grad():
            pose = model._pose(x)[:, 0].numpy()
        e3d = [
            _dist(pose[b, j], (r['kp3'][j] - r['kp3'][0]) / 1000.)
            for b, r in enumerate(lab) for j in range(17)
        ]
        self.assertAlmostEqual(losses['loss_pose3d'].item(),
                               sum(e3d) / len(e3d), 6)
