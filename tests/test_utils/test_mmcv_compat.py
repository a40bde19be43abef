"""mmpose.models imports with mmcv-lite; compiled ops fail only when used."""
import subprocess
import sys
import unittest

import pytest

from tests.test_tools._run import REPO

_PROBE = r'''
import sys
import selfpose_mm
from selfpose_mm.utils import has_compiled_mmcv, MissingOpError
import mmpose.models  # needs mmcv.ops names at import time
from mmpose.registry import MODELS
net = MODELS.build(dict(type='ResNet', depth=18))
assert 'torchvision' not in sys.modules, 'torchvision was imported'
if not has_compiled_mmcv():
    from mmcv.ops import batched_nms, MultiScaleDeformableAttention
    for op in (batched_nms, MultiScaleDeformableAttention):
        try:
            op(1)
        except MissingOpError as e:
            assert 'mmcv-lite' in str(e) and 'mmcv==2.1.0' in str(e), e
        else:
            raise AssertionError('stub op did not raise')
print('OK', has_compiled_mmcv())
'''


class TestMMCVCompat(unittest.TestCase):

    @pytest.mark.slow
    def test_import_mmpose_models_without_compiled_ops(self):
        proc = subprocess.run([sys.executable, '-c', _PROBE],
                              cwd=REPO,
                              capture_output=True,
                              text=True,
                              timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr[-3000:])
        self.assertIn('OK', proc.stdout)

    def test_registry_children_of_mmpose(self):
        from mmpose import registry as mmpose_registry

        from selfpose_mm import registry
        for name in registry.__all__:
            node = getattr(registry, name)
            self.assertIs(node.parent, getattr(mmpose_registry, name), name)
            self.assertEqual(node.scope, 'selfpose_mm')


if __name__ == '__main__':
    unittest.main()
