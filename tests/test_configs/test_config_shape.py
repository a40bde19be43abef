"""Config hygiene: at most 3 inheritance levels, leaves of at most 100
lines (shared blocks belong in ``_base_``)."""
import ast
import os
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LEVELS = 3
MAX_LINES = 100


def _bases(path: Path):
    """The ``_base_`` files of a config, resolved; [] if none."""
    tree = ast.parse(path.read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                getattr(t, 'id', None) == '_base_' for t in node.targets):
            value = ast.literal_eval(node.value)
            value = [value] if isinstance(value, str) else value
            return [Path(os.path.normpath(path.parent / b)) for b in value]
    return []


def levels(path: Path) -> int:
    """Inheritance depth: 0 without bases, 1 + the deepest base's."""
    bases = _bases(path)
    return 1 + max(levels(b) for b in bases) if bases else 0


def leaf_configs():
    files = list((ROOT / 'configs').rglob('*.py'))
    files += list((ROOT / 'projects').glob('*/configs/**/*.py'))
    return sorted(p for p in files if '_base_' not in p.parts)


class TestConfigShape(unittest.TestCase):

    def test_levels_counted(self):
        # independent check of the counter on a known chain: leaf -> base
        # -> base's base (selfpose3d_heatmap_cpu -> selfpose3d_resnet)
        sp3d = ROOT / 'configs/selfpose3d'
        leaf = sp3d / ('selfpose3d_v2v-cpn32-prn24_1xb2-300it_'
                       'synthetic-5cam-rootnet.py')
        self.assertEqual(levels(leaf), 2)
        self.assertEqual(
            levels(sp3d / ('selfpose3d_plane-hg16_1xb2-300it_'
                           'synthetic-5cam-rootnet.py')), 3)

    def test_every_leaf(self):
        bad = []
        for p in leaf_configs():
            n_lines = len(p.read_text().splitlines())
            depth = levels(p)
            if depth > MAX_LEVELS or n_lines > MAX_LINES:
                bad.append(f'{p.relative_to(ROOT)}: {depth} levels, '
                           f'{n_lines} lines')
        self.assertEqual(bad, [], 'configs over 3 inheritance levels or 100 '
                         'lines: move shared blocks into a _base_ file')


if __name__ == '__main__':
    unittest.main()
