"""The multi-view lifting configs parse, pass the key check and build."""
from pathlib import Path
from unittest import TestCase

from mmengine.config import Config
from mmengine.registry import init_default_scope

import selfpose_mm  # noqa: F401
from selfpose_mm.engine import check_config
from selfpose_mm.registry import LOOPS, MODELS

CONFIGS = Path(__file__).resolve().parents[2] / 'configs' / 'mvlift'


class TestMultiViewLiftingConfigs(TestCase):

    def test_configs(self):
        init_default_scope('selfpose_mm')
        files = sorted(CONFIGS.glob('*.py'))
        self.assertGreaterEqual(len(files), 7)
        names = {f.name for f in files}
        for ds in ('humaneva15-gt', 'h36m-3cam-gt'):
            self.assertTrue(
                any(n.startswith('supervised_mlp') and ds in n
                    for n in names), ds)
            self.assertTrue(
                any(n.startswith('mvssl_mlp') and ds in n for n in names),
                ds)
            self.assertTrue(
                any(n.startswith('mvssl-tta') and ds in n for n in names),
                ds)
        for f in files:
            with self.subTest(config=f.name):
                cfg = Config.fromfile(str(f))
                check_config(cfg)
                self.assertIsNotNone(MODELS.get(cfg.model.type))
                if f.name.startswith('mvssl'):
                    ds = cfg.train_dataloader.dataset
                    self.assertEqual(ds.type, 'MultiViewLiftingDataset')
                    self.assertFalse(ds.with_3d)  # no 3D labels
                if f.name.startswith('mvssl-tta'):
                    self.assertIs(
                        LOOPS.get(cfg.test_cfg.type).__name__,
                        'TestTimeAdaptLoop')
                    self.assertFalse(
                        cfg.test_cfg.adapt_dataloader.dataset.with_3d)
