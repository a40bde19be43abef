"""docs/customize_datasets.md runs as written.

Its fenced ``python`` blocks with a ``title="path"`` are written to that
path in a scratch copy of the repository layout (``configs/`` linked in, so
``_base_`` resolves); the untitled blocks then run in order, in one
namespace, from that scratch root, as a user would run them from the
repository root. The blocks assert their own results (the contract keys,
AP@25 and MPJPE of the geometric baseline on the tiny recording); this test
also checks the emitted keys against ``ShelfDataset``'s on a fixture tree.
"""
import os
import re
import sys
import tempfile
import unittest
from pathlib import Path
from typing import List, Optional, Tuple

import torch

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / 'docs' / 'customize_datasets.md'

_BLOCK = re.compile(r'^```python(?:[ \t]+title="([^"]+)")?[ \t]*\n(.*?)^```',
                    re.M | re.S)


def python_blocks(text: str) -> List[Tuple[Optional[str], str]]:
    """``(title or None, code)`` of every fenced python block, in order."""
    return [(m.group(1), m.group(2)) for m in _BLOCK.finditer(text)]


class TestCustomizeDatasetsDoc(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        (self.root / 'configs').symlink_to(REPO / 'configs')
        self.cwd = os.getcwd()
        sys.path.insert(0, str(self.root))

    def tearDown(self):
        os.chdir(self.cwd)
        sys.path.remove(str(self.root))
        for name in [m for m in sys.modules
                     if m.startswith('projects.toy_rig')]:
            del sys.modules[name]
        from selfpose_mm.registry import DATASETS
        DATASETS._module_dict.pop('ToyRigDataset', None)
        self.tmp.cleanup()

    def test_blocks_parse(self):
        blocks = python_blocks(DOC.read_text())
        titles = [t for t, _ in blocks if t]
        self.assertEqual(titles, [
            'projects/toy_rig/toy_rig/toy_rig_dataset.py',
            'projects/toy_rig/toy_rig/__init__.py',
            'projects/toy_rig/configs/geometric-baseline_toy-rig.py'
        ])
        self.assertEqual(sum(t is None for t, _ in blocks), 3)

    def test_snippets_run_end_to_end(self):
        blocks = python_blocks(DOC.read_text())
        for title, code in blocks:
            if title:
                path = self.root / title
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(code)
        os.chdir(self.root)
        namespace = dict(__name__='__doc_snippet__')
        for i, (title, code) in enumerate(blocks):
            if title is None:
                if 'Runner' in code:  # one Visualizer per name per process
                    code = code.replace(
                        "cfg.work_dir = 'work_dirs/toy_rig'",
                        "cfg.work_dir = 'work_dirs/toy_rig'\n"
                        f"cfg.visualizer.name = 'toy_rig_{id(self)}'")
                exec(compile(code, f'{DOC.name}[block {i}]', 'exec'),
                     namespace)
        metrics = namespace['metrics']
        self.assertGreater(metrics['panoptic/AP@25'], 99.)
        self.assertLess(metrics['panoptic/MPJPE'], 1.)
        # the plugin emits the keys of the Shelf project's samples
        from tests.test_datasets.voxelpose_fixtures import \
            write_voxelpose_tree
        import projects.shelf.shelf  # noqa: F401
        from selfpose_mm.registry import DATASETS
        tree = self.root / 'shelf'
        write_voxelpose_tree(tree)
        shelf = DATASETS.build(
            dict(type='ShelfDataset', data_root=str(tree),
                 calibration_file='calibration.json', pred_file='pred.pkl',
                 frame_ranges=[(0, 0)]))
        contract = {
            'sample_idx', 'frame_id', 'sequence', 'cameras',
            'camera_names', 'keypoints_3d', 'keypoints_3d_visible',
            'instance_ids', 'keypoints_2d', 'keypoints_2d_scores'
        }
        self.assertLessEqual(contract, set(shelf[0]))
        toy = namespace['sample']
        self.assertLessEqual(contract, set(toy))
        from selfpose_mm.structures import MultiViewCameras
        for cams in (toy['cameras'], shelf[0]['cameras']):
            self.assertIsInstance(cams, MultiViewCameras)
            self.assertEqual((cams.dtype, cams.dist_model),
                             (torch.float32, 'opencv'))
        for key in contract - {'sequence', 'camera_names', 'cameras'}:
            a, b = toy[key], shelf[0][key]
            self.assertEqual(getattr(a, 'dtype', type(a)),
                             getattr(b, 'dtype', type(b)), key)


if __name__ == '__main__':
    unittest.main()
