"""register_all_modules lives in selfpose_mm.setup_env; utils keeps a lazy
alias (MMEngine's fallback calls ``<scope>.utils.register_all_modules``)."""
import ast
import sys
import unittest
from pathlib import Path

from mmengine import DefaultScope

import selfpose_mm.setup_env as setup_env
import selfpose_mm.utils as utils

UTILS = Path(utils.__file__).parent


class TestRegisterAllModules(unittest.TestCase):

    def test_alias_registers_and_sets_the_scope(self):
        utils.register_all_modules(init_default_scope=True)
        for pkg in ('codecs', 'datasets', 'engine', 'evaluation', 'models',
                    'visualization'):
            self.assertIn(f'selfpose_mm.{pkg}', sys.modules)
        self.assertEqual(DefaultScope.get_current_instance().scope_name,
                         'selfpose_mm')
        from selfpose_mm.registry import DATASETS, MODELS
        self.assertIsNotNone(MODELS.get('TemporalConvLifter'))
        self.assertIsNotNone(DATASETS.get('VideoPose3DDataset'))

    def test_alias_imports_only_at_call_time(self):
        tree = ast.parse((UTILS / 'setup_env.py').read_text())
        top = [n for n in tree.body
               if isinstance(n, (ast.Import, ast.ImportFrom))]
        self.assertEqual(top, [])  # nothing at module level
        self.assertIsNot(utils.register_all_modules,
                         setup_env.register_all_modules)


if __name__ == '__main__':
    unittest.main()
