"""Files whose loading would run code: a payload that writes a marker.

``write_all(folder)`` writes ``evil.pth`` (``torch.save`` of a checkpoint
dict holding the payload), ``evil.pkl`` and ``evil_*.npz`` (object members
holding it) and returns the marker path that must never appear.
"""
import builtins
import pickle
from pathlib import Path
from typing import Dict

import numpy as np
import torch

__all__ = ['Payload', 'write_all']


class Payload:
    """Unpickling this calls ``exec`` which writes ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        code = f'open({self.marker!r}, "w").write("pwned")'
        return (builtins.exec, (code, ))


def write_all(folder: Path) -> Dict[str, Path]:
    """Write every malicious format into ``folder``.

    Returns:
        dict: ``marker``, ``pth``, ``pkl``, ``npz_3d`` (``positions_3d``),
        ``npz_2d`` (``positions_2d`` + ``metadata``) and ``npz_custom``
        (VideoPose3D's custom 2D format) paths.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / 'PWNED'
    evil = Payload(marker)
    paths = dict(marker=marker)
    paths['pth'] = folder / 'evil.pth'
    torch.save(
        dict(state_dict={'w': torch.zeros(1)}, meta=dict(x=evil)),
        paths['pth'])
    paths['pkl'] = folder / 'evil.pkl'
    with open(paths['pkl'], 'wb') as f:
        pickle.dump({('S1', '54138969'): evil}, f)
    obj = np.empty((), dtype=object)
    obj[()] = {'S1': {'Walking 1': evil}}
    paths['npz_3d'] = folder / 'evil_3d.npz'
    np.savez(paths['npz_3d'], positions_3d=obj)
    paths['npz_2d'] = folder / 'evil_2d.npz'
    np.savez(paths['npz_2d'], positions_2d=obj, metadata=obj)
    paths['npz_custom'] = folder / 'data_2d_custom_evil.npz'
    np.savez(paths['npz_custom'], positions_2d=obj, metadata=obj)
    return paths
