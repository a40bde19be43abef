"""Plausibility checks on loaded rigs (unit mix-ups)."""
import numpy as np

from .common import CalibrationError, CameraDict, PathLike

__all__ = ['check_camera_spread', 'MAX_CAMERA_SPREAD_MM', 'MIN_CAMERA_SPREAD_MM']


#: Camera centres further apart than this (mm) are not a body-capture rig.
MAX_CAMERA_SPREAD_MM = 1e5


#: Closer than this (mm) they are one device, or metres read as millimetres.
MIN_CAMERA_SPREAD_MM = 50.


def check_camera_spread(cams: CameraDict, source: PathLike) -> float:
    """Check the rig size against the unit the translations were read in.

    Cameras are in millimetres after loading. A rig wider than
    :data:`MAX_CAMERA_SPREAD_MM` (100 m) almost surely holds millimetres
    declared as metres (every pose would come out 1000x too large): that is
    an error. Narrower than :data:`MIN_CAMERA_SPREAD_MM` (5 cm) is a
    warning (metres declared as millimetres, or one stereo device).

    Args:
        cams (dict): ``{name: Camera}`` in millimetres.
        source (str | Path): The calibration file, for messages.

    Returns:
        float: The largest extent of the camera centres, in mm.

    Raises:
        CalibrationError: The rig is implausibly large.
    """
    from mmengine.logging import print_log
    if len(cams) < 2:
        return 0.
    centres = np.stack([np.asarray(c.center, np.float64)
                        for c in cams.values()])
    spread = float(np.ptp(centres, axis=0).max())
    if spread > MAX_CAMERA_SPREAD_MM:
        raise CalibrationError(
            f'{source}: the cameras are {spread / 1e6:.3g} km apart; the '
            'translations look like millimetres declared as metres. Fix the '
            "file's unit, or pass the right one (tools/infer.py "
            '--calib-unit mm)')
    if spread < MIN_CAMERA_SPREAD_MM:
        print_log(
            f'{source}: cameras are only {spread:.3g} mm apart; is the '
            'translation in metres? (tools/infer.py --calib-unit m)',
            logger='current',
            level=30)
    return spread
