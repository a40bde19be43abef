"""Campus configs through the Runner on a VoxelPose-layout fixture tree: the
voxel model (2 synthetic training iterations through the fixture's
calibration, synthetic validation, PCP test) and the geometric baseline."""
import tempfile
import unittest
from pathlib import Path

import pytest
from mmengine.config import Config
from mmengine.runner import Runner

from tests.test_datasets.voxelpose_fixtures import write_voxelpose_tree

ROOT = Path(__file__).resolve().parents[3]
CONFIGS = ROOT / 'projects/campus/configs'


def _test_data(cfg: Config, tree: Path) -> None:
    ds = cfg.test_dataloader.dataset
    ds.data_root = str(tree)
    ds.calibration_file = 'calibration.json'
    ds.pred_file = 'pred.pkl'
    ds.frame_ranges = [(0, 3)]
    # MMEngine keeps one Visualizer per name: a fresh one per Runner
    cfg.visualizer.name = f'campus_vis_{id(cfg)}'


class TestCampusConfigs(unittest.TestCase):

    @pytest.mark.slow
    def test_voxel_config(self):
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / 'campus'
            write_voxelpose_tree(tree)
            cfg = Config.fromfile(
                str(CONFIGS / 'voxelpose_v2v-cpn48-prn16_1xb4-800it_'
                    'synthetic-campus.py'))
            cfg.work_dir = str(Path(tmp) / 'work')
            for loader, n in ((cfg.train_dataloader, 4),
                              (cfg.val_dataloader, 2)):
                loader.dataset.calibration = dict(
                    file=str(tree / 'calibration.json'),
                    image_size=(360, 288))
                loader.dataset.num_samples = n
                loader.dataset.clip_length = 2
            cfg.train_dataloader.batch_size = 2
            cfg.train_cfg.max_iters = 2
            cfg.train_cfg.val_interval = 2
            _test_data(cfg, tree)
            cfg.default_hooks.visualization.enable = False
            cfg.default_hooks.checkpoint.interval = 2
            cfg.model.root_head.cube_shape = (16, 16, 4)
            cfg.model.pose_head.cube_shape = (8, 8, 8)
            cfg.model.pose_head.net.mid_channels = 8
            runner = Runner.from_cfg(cfg)
            runner.train()  # synthetic validation at iteration 2
            metrics = runner.test()  # PCP on the fixture tree
        self.assertIn('campus/Average', metrics)
        self.assertTrue(0. <= metrics['campus/Average'] <= 100.)

    def test_geometric_baseline_config(self):
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / 'campus'
            write_voxelpose_tree(tree)
            cfg = Config.fromfile(
                str(CONFIGS / 'geometric-baseline_campus-coco.py'))
            cfg.work_dir = str(Path(tmp) / 'work')
            cfg.load_from = None
            _test_data(cfg, tree)
            metrics = Runner.from_cfg(cfg).test()
        self.assertIn('campus/Average', metrics)


if __name__ == '__main__':
    unittest.main()
