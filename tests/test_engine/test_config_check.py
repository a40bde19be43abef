"""Unknown config keys fail with the file, the field and a hint."""
import unittest
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from mmengine.config import Config
from mmengine.registry import init_default_scope

import selfpose_mm  # noqa: F401
from selfpose_mm.engine import ConfigKeyError, check_config
from tests.test_tools._run import TINY, run_tool


class TestConfigCheck(unittest.TestCase):

    def setUp(self):
        init_default_scope('selfpose_mm')

    def _cfg(self, tmp: str, body: str) -> Config:
        path = Path(tmp) / 'bad_cfg.py'
        path.write_text(f"_base_ = ['{TINY.as_posix()}']\n{body}")
        return Config.fromfile(str(path))

    def test_tiny_config_is_clean(self):
        check_config(Config.fromfile(str(TINY)))

    def test_misspelt_model_argument(self):
        with TemporaryDirectory() as tmp:
            cfg = self._cfg(tmp, 'model = dict(backbone=dict(chanels=32))\n')
            with self.assertRaises(ConfigKeyError) as ctx:
                check_config(cfg)
        msg = str(ctx.exception)
        self.assertIn('bad_cfg.py', msg)
        self.assertIn('model.backbone.chanels', msg)
        self.assertIn('Did you mean "channels"', msg)

    def test_misspelt_top_level_key(self):
        with TemporaryDirectory() as tmp:
            cfg = self._cfg(tmp, 'val_evaluatr = dict(type="MPJPEMetric")\n')
            with self.assertRaises(ConfigKeyError) as ctx:
                check_config(cfg)
        self.assertIn('"val_evaluatr"', str(ctx.exception))
        self.assertIn('val_evaluator', str(ctx.exception))

    def test_unknown_dataset_and_transform_keys(self):
        with TemporaryDirectory() as tmp:
            cfg = self._cfg(
                tmp, 'train_dataloader = dict(dataset=dict(num_sample=3))\n')
            with self.assertRaises(ConfigKeyError) as ctx:
                check_config(cfg)
        self.assertIn('train_dataloader.dataset.num_sample', str(ctx.exception))

    @pytest.mark.slow
    def test_train_tool_reports_it(self):
        with TemporaryDirectory() as tmp:
            path = Path(tmp) / 'bad_cfg.py'
            path.write_text(f"_base_ = ['{TINY.as_posix()}']\n"
                            'model = dict(head=dict(num_joint=15))\n')
            proc = run_tool(['tools/train.py', str(path), '--work-dir', tmp],
                            check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn('model.head.num_joint', proc.stderr)
        self.assertIn('bad_cfg.py', proc.stderr)


if __name__ == '__main__':
    unittest.main()
