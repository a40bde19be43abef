"""Attention loss optimum and the Hungarian-matched 2D L1."""
import itertools
import unittest

import numpy as np
import torch

from selfpose_mm.models import AttentionHeatmapLoss, MatchedL1Loss


class TestAttentionLoss(unittest.TestCase):

    def test_optimum_is_one_minus_err_over_2w(self):
        loss = AttentionHeatmapLoss(reg_weight=0.1)
        r = torch.rand(1, 2, 3, 4, 5)
        t = torch.rand(1, 2, 3, 4, 5)
        e = (t - r).square()
        a_star = (1 - e / 0.2).clamp(0, 1).requires_grad_()
        hm, reg = loss(r, t, a_star)
        (hm + reg).backward()
        inside = (a_star > 0).detach()
        self.assertLess(float(a_star.grad[inside].abs().max()), 1e-7)
        plain, none = loss(r, t)
        self.assertIsNone(none)
        self.assertAlmostEqual(float(plain), float(e.mean()), places=6)


class TestMatchedL1(unittest.TestCase):

    def test_matches_brute_force(self):
        rng = np.random.default_rng(0)
        B, V, N, T, K = 2, 3, 3, 3, 4
        pred = torch.tensor(rng.uniform(0, 40, (B, N, V, K, 2)),
                            dtype=torch.float32, requires_grad=True)
        perm = [2, 0, 1]
        target = pred.detach().permute(0, 2, 1, 3, 4)[:, :, perm] + \
            torch.tensor(rng.normal(0, 0.5, (B, V, T, K, 2)),
                         dtype=torch.float32)
        vis = torch.ones(B, V, T, K)
        mask = torch.ones(B, N, dtype=torch.bool)
        size = (40., 32.)
        got = MatchedL1Loss(drop_worst=False, loss_weight=1.)(
            pred, mask, target, vis, size)
        # brute force over assignments
        p = pred.detach().numpy() / np.array(size)
        q = target.numpy() / np.array(size)
        per = []
        for b, v in itertools.product(range(B), range(V)):
            best = min(
                sum(np.abs(p[b, n, v] - q[b, v, t]).mean()
                    for t, n in enumerate(assign))
                for assign in itertools.permutations(range(N)))
            per.append(best)
        self.assertAlmostEqual(float(got), float(np.mean(per)), places=5)
        got.backward()
        self.assertTrue(torch.isfinite(pred.grad).all())
        dropped = MatchedL1Loss(drop_worst=True, loss_weight=1.)(
            pred, mask, target, vis, size)
        per = np.sort(per)
        self.assertAlmostEqual(float(dropped), float(per[:-1].mean()),
                               places=5)

    def test_empty_is_zero_in_graph(self):
        pred = torch.zeros(1, 2, 2, 3, 2, requires_grad=True)
        out = MatchedL1Loss()(pred, torch.zeros(1, 2, dtype=torch.bool),
                              torch.zeros(1, 2, 1, 3, 2),
                              torch.ones(1, 2, 1, 3), (10, 10))
        self.assertEqual(float(out.detach()), 0.)
        out.backward()
