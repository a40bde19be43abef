"""docs/config_inheritance.md shows what tools/print_config.py prints.

For every ``python tools/print_config.py CONFIG`` command of the page, the
``text`` blocks that follow it (one per command, in order) must be an
ordered subsequence of the lines of the merged config's ``pretty_text``
(what the tool prints after ``Config:``); ``...`` lines mark omissions.
The two example configs the page introduces must also build and behave as
the page says.
"""
import re
import unittest
from pathlib import Path
from typing import List, Tuple

import torch
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import init_default_scope

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / 'docs' / 'config_inheritance.md'

_FENCED = re.compile(r'^```(\w*)[^\n]*\n(.*?)^```', re.M | re.S)
_CMD = re.compile(r'python tools/print_config\.py (\S+)')


def excerpts(text: str) -> List[Tuple[str, str]]:
    """``(config path, excerpt)`` pairs, in page order."""
    pending, out = [], []
    for lang, body in _FENCED.findall(text):
        if lang == 'bash':
            pending = _CMD.findall(body)
        elif lang == 'text' and pending:
            out.append((pending.pop(0), body))
    return out


def is_ordered_subsequence(needles: List[str], hay: List[str]) -> bool:
    """Whether ``needles`` appear in ``hay`` in order (gaps allowed)."""
    it = iter(hay)
    return all(any(n == h for h in it) for n in needles)


class TestConfigInheritanceDoc(unittest.TestCase):

    def test_excerpts_match_print_config(self):
        pairs = excerpts(DOC.read_text())
        self.assertEqual(len(pairs), 6)
        for path, body in pairs:
            with self.subTest(path):
                printed = Config.fromfile(str(REPO / path)).pretty_text
                lines = [ln.rstrip() for ln in body.splitlines()
                         if ln.strip() != '...']
                self.assertTrue(
                    is_ordered_subsequence(lines, printed.splitlines()),
                    f'{path}: excerpt not in print_config output')

    def test_subsequence_helper(self):
        self.assertTrue(is_ordered_subsequence(['a', 'c'], ['a', 'b', 'c']))
        self.assertFalse(is_ordered_subsequence(['c', 'a'], ['a', 'b', 'c']))

    def test_example_configs_build(self):
        from selfpose_mm.models import MLPLifterBackbone  # mmcv stub first
        from selfpose_mm.registry import DATASETS, MODELS
        L1Loss = MODELS.get('L1Loss')
        init_default_scope('selfpose_mm')
        lifting = REPO / 'configs' / 'lifting'
        wide_cfg = lifting / ('supervised_mlp-lifter-w256_1xb64-40it_'
                              'synthetic-tiny.py')
        l1_cfg = lifting / ('supervised_mlp-lifter-w64-l1_1xb64-40it_'
                            'synthetic-tiny.py')
        wide = MODELS.build(Config.fromfile(str(wide_cfg)).model)
        self.assertIsInstance(wide.backbone, MLPLifterBackbone)
        linears = [m for m in wide.backbone.modules()
                   if m.__class__.__name__ == 'Linear']
        self.assertEqual(linears[0].out_features, 256)
        l1 = MODELS.build(Config.fromfile(str(l1_cfg)).model)
        self.assertIsInstance(l1.head.loss_module, L1Loss)
        self.assertFalse(l1.head.loss_module.use_target_weight)
        # and it trains: a finite loss on a real batch of the tiny dataset
        cfg = Config.fromfile(str(l1_cfg))
        ds = DATASETS.build(cfg.train_dataloader.dataset)
        batch = l1.data_preprocessor(
            pseudo_collate([ds[i] for i in range(4)]), True)
        loss = l1(**batch, mode='loss')['loss_pose3d']
        self.assertTrue(torch.isfinite(loss) and loss > 0)


if __name__ == '__main__':
    unittest.main()
