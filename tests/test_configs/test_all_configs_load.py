"""Every shipped config loads (its _base_ chain resolves, its custom
imports exist) and passes the unknown-key check."""
import unittest
from pathlib import Path

from mmengine.config import Config
from mmengine.registry import DefaultScope

from selfpose_mm.engine.config_check import check_config

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = sorted(
    p for d in [ROOT / 'configs', *(ROOT / 'projects').glob('*/configs')]
    for p in d.rglob('*.py') if '_base_' not in p.parts)


class TestAllConfigsLoad(unittest.TestCase):

    def test_found_configs(self):
        self.assertGreater(len(CONFIGS), 30)

    def test_every_config_loads_and_checks(self):
        for path in CONFIGS:
            with self.subTest(config=str(path.relative_to(ROOT))):
                cfg = Config.fromfile(str(path))
                self.assertEqual(cfg.get('default_scope'), 'selfpose_mm')
                with DefaultScope.overwrite_default_scope('selfpose_mm'):
                    check_config(cfg)


if __name__ == '__main__':
    unittest.main()
