"""benchmarks/bench_steps.py: the reference-structure re-creation gives our
losses and poses (the check the benchmark runs before timing), at a tiny
scale."""
import unittest

import pytest
import torch

from benchmarks.bench_steps import Setup, shapes


class TestBenchSteps(unittest.TestCase):

    def test_shapes(self):
        full = shapes(1.)
        self.assertEqual(full['input_size'], (960, 512))
        self.assertEqual(full['heatmap_size'], (240, 128))
        self.assertEqual(full['root_shape'], (80, 80, 20))
        self.assertEqual(full['cube_shape'], (64, 64, 64))
        self.assertEqual(shapes(.5)['root_shape'], (40, 40, 12))

    @pytest.mark.slow
    def test_reference_structure_matches_ours(self):
        torch.set_num_threads(1)
        for row in ('infer2', 'root', 'pose2'):
            st = Setup(row, .25, 'cpu', ('ours', 'ref', 'bf16'))
            self.assertIn('diff' if row == 'infer2' else 'rel', st.check())
            for call in st.calls.values():  # one timed unit each runs
                call()
            # the bf16 variant switches the model back to float32
            self.assertIsNone(st.model.compute_dtype)
