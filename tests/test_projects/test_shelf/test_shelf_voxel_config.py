"""The Shelf voxel config: synthetic people through a 4DA calibration, two
training iterations and PCP on a 4DA fixture tree, through the Runner."""
import tempfile
import unittest
from pathlib import Path

import pytest
from mmengine.config import Config
from mmengine.runner import Runner

from tests.test_projects.test_shelf.test_shelf_4da import write_fixture

ROOT = Path(__file__).resolve().parents[3]
CONFIG = (ROOT / 'projects/shelf/configs/'
          'voxelpose_v2v-cpn32-prn16_1xb4-1200it_synthetic-shelf-4da.py')


class TestShelfVoxelConfig(unittest.TestCase):

    @pytest.mark.slow
    def test_train_two_iterations_and_test_on_fixture(self):
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / 'shelf'
            tree.mkdir()
            write_fixture(tree, num_frames=2)
            cfg = Config.fromfile(str(CONFIG))
            cfg.work_dir = str(Path(tmp) / 'work')
            cfg.visualizer.name = f'shelf_vis_{id(cfg)}'
            world = cfg.train_dataloader.dataset
            world.calibration = dict(file=str(tree / 'calibration.json'))
            world.num_samples = 4
            world.clip_length = 2
            cfg.train_dataloader.batch_size = 2
            cfg.train_cfg.max_iters = 2
            cfg.test_dataloader.dataset.data_root = str(tree)
            cfg.val_dataloader = cfg.test_dataloader
            cfg.default_hooks.visualization.enable = False
            cfg.default_hooks.checkpoint.interval = 2
            cfg.model.root_head.cube_shape = (16, 16, 4)
            cfg.model.pose_head.cube_shape = (8, 8, 8)
            cfg.model.pose_head.net.mid_channels = 8
            runner = Runner.from_cfg(cfg)
            runner.train()  # ends with the validation on the fixture
            metrics = runner.test()
        for key in ('shelf/Actor 1', 'shelf/Average', 'shelf/recall@500'):
            self.assertIn(key, metrics)
            self.assertGreaterEqual(metrics[key], 0.)
            self.assertLessEqual(metrics[key], 100.)


if __name__ == '__main__':
    unittest.main()
