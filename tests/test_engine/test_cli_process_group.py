"""run_cli closes a torch.distributed group the tool's run opened, also
when the run ends with a user error (exit 2)."""
import os
import tempfile
import unittest

import torch.distributed as dist

from selfpose_mm.engine.cli import run_cli
from selfpose_mm.engine.errors import UsageError


class TestRunCliClosesProcessGroup(unittest.TestCase):

    def _init(self, tmp: str) -> None:
        dist.init_process_group(
            'gloo', init_method='file://' + os.path.join(tmp, 'store'),
            rank=0, world_size=1)

    def test_after_a_run_and_after_a_user_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            run_cli(lambda: self._init(tmp))
            self.assertFalse(dist.is_initialized())

        def fails():
            self._init(tmp2)
            raise UsageError('drop --amp')

        with tempfile.TemporaryDirectory() as tmp2:
            with self.assertRaises(SystemExit) as ctx:
                run_cli(fails)
            self.assertEqual(ctx.exception.code, 2)
            self.assertFalse(dist.is_initialized())

    def test_without_a_group_nothing_happens(self):
        self.assertFalse(dist.is_initialized())
        run_cli(lambda: None)
        self.assertFalse(dist.is_initialized())


if __name__ == '__main__':
    unittest.main()
