"""Shared helpers of the dataset tests (no real data is copied)."""
import os
from pathlib import Path
from typing import Optional

__all__ = ['shared_data', 'heatmap_pipeline']


def shared_data() -> Optional[Path]:
    """``$SELFPOSE_SHARED_DATA`` or ``<repo>/../shared/data`` if present."""
    env = os.environ.get('SELFPOSE_SHARED_DATA')
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[2] / '..' / 'shared' /
                      'data')
    for c in candidates:
        if c.is_dir():
            return c
    return None


def heatmap_pipeline(detector: Optional[dict] = None, size=(240, 128)):
    """The heatmap-mode pipeline, optionally without detector emulation."""
    pipe = [dict(type='ProjectPoses')]
    if detector is not None:
        pipe.append(dict(type='EmulateDetections', **detector))
    pipe += [
        dict(type='MultiViewAffine', input_size=size),
        dict(type='RenderInputHeatmaps', sigma=2.),
        dict(type='PackMultiViewInputs'),
    ]
    return pipe
