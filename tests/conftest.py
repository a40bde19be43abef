"""Suite-wide pytest hooks.

``slow`` marks every test that starts a subprocess or trains through the
Runner/an optimiser loop; ``make test-fast`` (``pytest -m "not slow"``)
skips them. Most slow tests carry ``@pytest.mark.slow`` in place; the ones
below live in files owned by the parallel voxel-head change (issue 17) and
are marked here by node id until those files carry the decorator
themselves. A stale id (renamed test) is harmless: it simply matches nothing.
"""
from typing import List

import pytest

__all__ = ['SLOW_ELSEWHERE']

#: ``file::Class::test`` suffixes of slow tests marked from here.
SLOW_ELSEWHERE = (
    'test_selfpose3d/test_panoptic_stages.py::'
    'TestPanopticStages::test_four_stages_chain',
    'test_models/test_voxelpose.py::'
    'TestVoxelPose::test_optimizer_step_decreases_loss',
    # on main since f403f2f (not on this branch yet): a 15-step optimiser loop
    'test_models/test_ortho_heads.py::'
    'TestOrthoHeadsInVoxelPose::test_loss_decreases',
)


def pytest_collection_modifyitems(config: pytest.Config,
                                  items: List[pytest.Item]) -> None:
    """Add the ``slow`` marker to the tests listed in SLOW_ELSEWHERE."""
    for item in items:
        if item.nodeid.endswith(SLOW_ELSEWHERE):
            item.add_marker(pytest.mark.slow)
