"""tools/print_config.py prints the merged config and checks its keys."""
import unittest

import pytest

from tests.test_tools._run import TINY, run_tool


class TestPrintConfig(unittest.TestCase):

    @pytest.mark.slow
    def test_merged_config_is_printed(self):
        proc = run_tool([
            'tools/print_config.py',
            str(TINY), '--cfg-options', 'train_cfg.max_iters=7'
        ])
        out = proc.stdout
        # values from the base (inherited) and the leaf, and the override
        self.assertIn("default_scope = 'selfpose_mm'", out)
        self.assertIn('channels=64', out)
        self.assertIn('max_iters=7', out)

    @pytest.mark.slow
    def test_unknown_key_is_reported(self):
        proc = run_tool([
            'tools/print_config.py',
            str(TINY), '--cfg-options', 'model.head.num_joint=3'
        ],
                        check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn('model.head.num_joint', proc.stderr)


if __name__ == '__main__':
    unittest.main()
