"""Pose2Sim / anipose ``.toml`` calibration reader (Rodrigues, metres)."""
from pathlib import Path

from .common import CalibrationError, CameraDict, PathLike
from .opencv import _cameras_from_mapping

__all__ = ['load_toml_calibration']


def load_toml_calibration(path: PathLike) -> CameraDict:
    """Load a Pose2Sim / anipose ``.toml`` calibration.

    Sections ``[cam_xx]`` with ``name``, ``size`` ``[w, h]``, ``matrix``
    (3x3), ``distortions`` (k1 k2 p1 p2), ``rotation`` (Rodrigues,
    world-to-camera) and ``translation`` (**metres**); ``[metadata]`` is
    ignored.
    """
    import tomllib
    path = Path(path)
    if not path.is_file():
        raise CalibrationError(f'{path}: calibration file not found')
    try:
        with open(path, 'rb') as f:
            data = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise CalibrationError(f'{path}: invalid TOML ({e})') from None
    data.pop('metadata', None)
    return _cameras_from_mapping(dict(data, unit='m'), path, 'm')
