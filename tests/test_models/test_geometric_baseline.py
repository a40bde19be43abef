"""Tests of the training-free GeometricBaseline on a synthetic rig."""
import unittest

import numpy as np
import torch
from mmpose.structures import PoseDataSample

from selfpose_mm.datasets.synthetic import PANOPTIC15_PARENTS, ProceduralBody
from selfpose_mm.geometry import project_points, ring_rig
from selfpose_mm.models.utils import (cluster_people,
                                      epipolar_distance_matrix,
                                      fundamental_matrices)
from selfpose_mm.registry import MODELS
from selfpose_mm.structures import MultiViewCameras, MultiViewPoseDataSample

LINKS = [(j, p) for j, p in enumerate(PANOPTIC15_PARENTS) if p >= 0]
POSITIONS = np.array([[0., 0.], [1500., 300.], [-900., 1300.]])


def make_rig(num_views: int = 5, dist=(0., 0., 0., 0., 0.)) -> dict:
    """Stacked camera params of a ring rig."""
    cams = ring_rig(num_views, radius=5000., azimuth_offset=10., dist=dist)
    return {k: np.stack([c[k] for c in cams]) for k in ('K', 'R', 't',
                                                        'dist')}


def make_frame(rng: np.random.Generator,
               cams: dict,
               noise: float = 1.5,
               drop: float = 0.1,
               false_positives: int = 1):
    """Project 3 procedural people into the views with noise, missing
    joints and false positives; detections are shuffled per view.

    Returns:
        (people (3, 15, 3) mm, detections (V, P, 15, 3))
    """
    people = ProceduralBody().sample(3, rng, POSITIONS)
    V = cams['K'].shape[0]
    uv = project_points(
        torch.as_tensor(people.reshape(-1, 3))[None].expand(V, -1, -1),
        torch.as_tensor(cams['K']), torch.as_tensor(cams['R']),
        torch.as_tensor(cams['t']), torch.as_tensor(cams['dist'])).numpy()
    uv = uv.reshape(V, 3, 15, 2) + rng.normal(0, noise, (V, 3, 15, 2))
    score = rng.uniform(0.5, 1., (V, 3, 15))
    score[rng.uniform(size=score.shape) < drop] = 0.
    dets = np.concatenate([uv, score[..., None]], -1)
    fps = np.concatenate([
        rng.uniform(100, 1800, (V, false_positives, 15, 2)),
        rng.uniform(0.3, 0.9, (V, false_positives, 15, 1))
    ], -1)
    dets = np.concatenate([dets, fps], 1)
    dets[:, :, :, :2] *= (dets[..., 2:] > 0)
    for v in range(V):
        dets[v] = dets[v, rng.permutation(dets.shape[1])]
    return people, dets


def build(**kwargs):
    cfg = dict(type='GeometricBaseline', num_keypoints=15,
               skeleton_links=LINKS, root_indices=(6, 12))
    cfg.update(kwargs)
    return MODELS.build(cfg)


def run(model, dets, cams, frame_id=0, sequence='s'):
    sample = MultiViewPoseDataSample(metainfo=dict(
        frame_id=frame_id, sequence=sequence))
    sample.cameras = MultiViewCameras.from_camera_params(cams)
    out = model.forward([torch.as_tensor(dets, dtype=torch.float32)],
                        [sample], mode='predict')
    return out[0].pred_instances


def match_errors(pred, people: np.ndarray) -> np.ndarray:
    """Errors of the triangulated (not filled) joints of the prediction
    nearest to each GT person, ``(M, K)`` mm, NaN for filled joints."""
    X = pred.keypoints_3d.numpy()
    err = np.linalg.norm(people[:, None] - X[None], axis=-1)  # (M, N, K)
    best = np.median(err, -1).argmin(1)
    err = err[np.arange(len(people)), best]
    return np.where(pred.keypoint_scores.numpy()[best] > 0, err, np.nan)


class TestGeometricBaseline(unittest.TestCase):

    def test_recovers_people(self):
        rng = np.random.default_rng(0)
        cams = make_rig(5)
        model = build()
        for _ in range(3):
            people, dets = make_frame(rng, cams)
            pred = run(model, dets, cams)
            X = pred.keypoints_3d.numpy()
            self.assertEqual(len(X), 3)
            self.assertFalse(np.isnan(X).any())
            err = match_errors(pred, people)
            self.assertGreater(np.isfinite(err).mean(), 0.9)
            self.assertLess(np.nanmean(err), 10.)
            self.assertLess(np.nanmax(err), 30.)
            self.assertEqual(tuple(pred.scores.shape), (3, ))

    def test_distortion_and_four_views(self):
        rng = np.random.default_rng(1)
        cams = make_rig(4, dist=(-0.2, 0.05, 0.001, -0.001, 0.))
        people, dets = make_frame(rng, cams, noise=1.)
        pred = run(build(), dets, cams)
        self.assertEqual(len(pred.keypoints_3d), 3)
        err = match_errors(pred, people)
        self.assertGreater(np.isfinite(err).mean(), 0.9)
        self.assertLess(np.nanmean(err), 10.)

    def test_order_invariance(self):
        rng = np.random.default_rng(2)
        cams = make_rig(5)
        people, dets = make_frame(rng, cams)
        model = build()
        ref = run(model, dets, cams).keypoints_3d.numpy()
        perm_v = rng.permutation(5)
        cams_p = {k: v[perm_v] for k, v in cams.items()}
        dets_p = dets[perm_v][:, rng.permutation(dets.shape[1])]
        out = run(model, dets_p, cams_p).keypoints_3d.numpy()
        self.assertEqual(len(out), len(ref))
        order = [np.argmin(np.abs(out - r).sum((1, 2))) for r in ref]
        np.testing.assert_allclose(out[order], ref, atol=1e-2)

    def test_epipolar_distance_and_clusters(self):
        rng = np.random.default_rng(3)
        cams = make_rig(3)
        people, dets = make_frame(rng, cams, noise=0., drop=0.,
                                  false_positives=0)
        F = fundamental_matrices(*(torch.as_tensor(cams[k])
                                   for k in ('K', 'R', 't')))
        flat = torch.as_tensor(dets.reshape(-1, 15, 3))
        views = torch.arange(3).repeat_interleave(3)
        D = epipolar_distance_matrix(flat, views, F).numpy()
        np.testing.assert_allclose(D, D.T)
        self.assertTrue(np.isinf(np.diag(D)).all())
        groups = cluster_people(D, views.numpy(), [True] * 9)
        self.assertEqual(len(groups), 3)
        for g in groups:  # each group is one person seen in all views
            self.assertEqual(sorted(views.numpy()[g]), [0, 1, 2])
            # noise-free projections of one person lie on the epipolar lines
            self.assertLess(D[np.ix_(g, g)][~np.eye(3, dtype=bool)].max(),
                            1e-3)

    def test_temporal_filter_ids(self):
        rng = np.random.default_rng(4)
        cams = make_rig(5)
        model = build(temporal_cfg=dict(max_gap=5))
        people, _ = make_frame(rng, cams)
        ids = []
        for f in range(4):
            _, dets = make_frame(np.random.default_rng(10 + f), cams)
            pred = run(model, dets, cams, frame_id=f)
            ids.append(sorted(pred.instance_ids.tolist()))
        self.assertEqual(ids, [[0, 1, 2]] * 4)  # stable track ids
        pred = run(model, dets, cams, frame_id=0)  # time went back: reset
        self.assertEqual(sorted(pred.instance_ids.tolist()), [0, 1, 2])

    def test_empty_and_loss_mode(self):
        cams = make_rig(3)
        model = build()
        pred = run(model, np.zeros((3, 2, 15, 3)), cams)
        self.assertEqual(tuple(pred.keypoints_3d.shape), (0, 15, 3))
        with self.assertRaises(RuntimeError):
            model.forward([torch.zeros(3, 1, 15, 3)], [PoseDataSample()],
                          mode='loss')
