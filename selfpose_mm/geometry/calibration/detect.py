"""Format auto-detection and the :func:`load_calibration` dispatcher."""
import inspect
from pathlib import Path
from typing import Any

from .association4d import load_4d_association_calibration
from .common import CalibrationError, CameraDict, PathLike, _read_json
from .h36m import load_h36m_cameras
from .humaneva import load_humaneva_cameras
from .opencv import _OPENCV_FIELDS, load_opencv_calibration
from .panoptic import load_panoptic_calibration
from .pose2sim_toml import load_toml_calibration
from .qualisys import load_qualisys_qca
from .shelf_campus import load_shelf_campus_calibration
from .simple_json import load_simple_json

__all__ = ['CONVENTIONS', 'detect_convention', 'load_calibration']


#: Valid ``convention`` names of :func:`load_calibration`.
CONVENTIONS = ('auto', 'panoptic', 'shelf', '4d_association', 'h36m',
               'humaneva', 'simple', 'qualisys', 'opencv', 'toml')


def detect_convention(path: PathLike) -> str:
    """Guess the calibration convention of ``path`` from its content."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in ('.pkl', '.pickle'):
        return 'h36m'
    if path.name.lower().endswith(('.qca.txt', '.qca')):
        return 'qualisys'
    if suffix == '.toml':
        return 'toml'
    if suffix in ('.yml', '.yaml', '.xml'):
        if path.is_file() and suffix == '.xml':
            with open(path, 'r', errors='replace') as f:
                if '<calibration' in f.read(4096):
                    return 'qualisys'
        return 'opencv'
    data = _read_json(path)
    if isinstance(data, dict):
        if 'humaneva_cameras_extrinsic_params' in data:
            return 'humaneva'
        cams = data.get('cameras')
        if isinstance(cams, list):
            return 'panoptic'
        if isinstance(cams, dict):
            return 'simple'
        values = list(data.values())
        if values and all(isinstance(v, dict) for v in values):
            if all('RT' in v for v in values):
                return '4d_association'
            if all('T' in v and 'fx' in v for v in values):
                return 'shelf'
            if all(any(k in v for k in _OPENCV_FIELDS['K'])
                   for v in values if isinstance(v, dict)):
                return 'opencv'
        if any(k in data for k in _OPENCV_FIELDS['K']):
            return 'opencv'
    keys = sorted(data)[:10] if isinstance(data, dict) else \
        type(data).__name__
    raise CalibrationError(
        f'{path}: unrecognised calibration format (top level: {keys}); '
        f'pass convention= one of {list(CONVENTIONS[1:])}')


def load_calibration(path: PathLike,
                     convention: str = 'auto',
                     **kwargs: Any) -> CameraDict:
    """Load any supported calibration file (see the module docstring).

    Args:
        path: Calibration file.
        convention: One of :data:`CONVENTIONS`; ``'auto'`` detects it from
            the content (:func:`detect_convention`).
        **kwargs: Passed to the specific loader (e.g. ``camera_names`` for
            Panoptic).

    Returns:
        Ordered ``{name: Camera}`` in mm.
    """
    if convention not in CONVENTIONS:
        raise CalibrationError(f'unknown calibration convention '
                               f'{convention!r}; valid: {list(CONVENTIONS)}')
    if convention == 'auto':
        convention = detect_convention(path)
    loaders = {
        'panoptic': load_panoptic_calibration,
        'shelf': load_shelf_campus_calibration,
        '4d_association': load_4d_association_calibration,
        'h36m': load_h36m_cameras,
        'humaneva': load_humaneva_cameras,
        'simple': load_simple_json,
        'qualisys': load_qualisys_qca,
        'opencv': load_opencv_calibration,
        'toml': load_toml_calibration,
    }
    loader = loaders[convention]
    params = inspect.signature(loader).parameters
    bad = sorted(set(kwargs) - set(params))
    if bad:
        raise CalibrationError(f'{path}: option(s) {bad} not accepted by '
                               f'convention {convention!r}; accepted: '
                               f'{list(params)[1:]}')
    return loader(path, **kwargs)
