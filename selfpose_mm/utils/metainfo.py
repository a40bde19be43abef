"""Find and parse the dataset meta files in ``selfpose_mm/dataset_meta``.

A meta file defines one variable, ``dataset_info = dict(...)``, in mmpose's
schema (``dataset_name``, ``paper_info``, ``keypoint_info``,
``skeleton_info``, ``joint_weights``, ``sigmas`` and optional
``stats_info``). mmpose resolves ``METAINFO = dict(from_file=...)`` against
the *working directory* and, when that misses, silently falls back to its own
file of the same basename (for ``panoptic_body3d.py`` that is a 19-joint file,
where ours has 15). Here names are looked up in the package folder
``selfpose_mm/dataset_meta`` (shipped as package data, so an installed
wheel has them; ``configs/_base_/datasets/<name>.py`` in a checkout are
stubs that inherit from it), mmpose-style paths ``.../_base_/datasets/
<name>.py`` map to the same files, and other relative paths are resolved
against the repository root of this package first and the working
directory second.

Parsing is done by mmpose's own ``parse_pose_metainfo``
(``mmpose/datasets/datasets/utils.py``), so the result has exactly the keys
mmpose datasets produce (``num_keypoints``, ``keypoint_id2name``,
``keypoint_name2id``, ``flip_indices``, ``flip_pairs``, ``skeleton_links``,
``dataset_keypoint_weights``, ``sigmas``, ...).
"""
import os
import os.path as osp
from pathlib import Path
from typing import Dict, List, Union

#: Repository root: ``<root>/selfpose_mm/utils/metainfo.py`` (in a
#: checkout; ``site-packages`` when installed).
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Folder of the dataset meta files (package data).
DATASET_META_DIR = Path(__file__).resolve().parents[1] / 'dataset_meta'

PathLike = Union[str, os.PathLike]

__all__ = [
    'DATASET_META_DIR', 'get_dataset_meta', 'list_dataset_metas',
    'resolve_dataset_meta_path'
]


def list_dataset_metas() -> List[str]:
    """List the names of the dataset meta files shipped with the package.

    Returns:
        list[str]: Sorted file stems, e.g. ``['campus', 'h36m', ...]``.
    """
    if not DATASET_META_DIR.is_dir():
        return []
    return sorted(
        p.stem for p in DATASET_META_DIR.glob('*.py')
        if not p.name.startswith('_'))


def _candidates(name_or_path: PathLike) -> List[Path]:
    """Paths to try for ``name_or_path``, best first."""
    text = os.fspath(name_or_path)
    path = Path(osp.expanduser(text))
    if path.is_absolute():
        return [path]
    if len(path.parts) == 1:
        # A bare name ('shelf') or file name ('shelf.py').
        stem = path.name[:-3] if path.name.endswith('.py') else path.name
        return [DATASET_META_DIR / f'{stem}.py', Path.cwd() / path]
    if path.suffix != '.py':
        path = path.with_name(path.name + '.py')
    cands = [REPO_ROOT / path, Path.cwd() / path]
    if path.parts[-3:-1] == ('_base_', 'datasets'):
        # mmpose's spelling of a meta path: the packaged file is canonical
        cands.insert(0, DATASET_META_DIR / path.name)
    return cands


def resolve_dataset_meta_path(name_or_path: PathLike) -> str:
    """Resolve a dataset meta name or path to an absolute file path.

    Args:
        name_or_path (str | PathLike): A name such as ``'shelf'`` or
            ``'shelf.py'`` (looked up in ``selfpose_mm/dataset_meta``),
            mmpose's path ``'configs/_base_/datasets/shelf.py'`` (the same
            packaged file), a path relative to the package's repository
            root or to the working directory, or an absolute path.

    Returns:
        str: The absolute path of an existing file. Use it as
        ``METAINFO = dict(from_file=...)`` so that mmpose never falls back to
        its own file of the same name.

    Raises:
        FileNotFoundError: If no candidate exists. The message lists the
            paths tried and the available names.
    """
    tried = _candidates(name_or_path)
    for path in tried:
        if path.is_file():
            return str(path.resolve())
    raise FileNotFoundError(
        f'Dataset meta file {os.fspath(name_or_path)!r} not found; tried '
        f'{[str(p) for p in tried]}. Available names (in '
        f'{DATASET_META_DIR}): {list_dataset_metas()}.')


def get_dataset_meta(name_or_path: PathLike) -> Dict:
    """Load a dataset meta file and parse it the way mmpose datasets do.

    Args:
        name_or_path (str | PathLike): See
            :func:`resolve_dataset_meta_path`, e.g. ``'shelf'`` or
            ``'configs/_base_/datasets/shelf.py'``.

    Returns:
        dict: mmpose's parsed meta info (``dataset_name``,
        ``num_keypoints``, ``keypoint_id2name``, ``keypoint_name2id``,
        ``upper_body_ids``, ``lower_body_ids``, ``flip_indices``,
        ``flip_pairs``, ``keypoint_colors``, ``num_skeleton_links``,
        ``skeleton_links``, ``skeleton_link_colors``,
        ``dataset_keypoint_weights``, ``sigmas`` and, if present,
        ``stats_info``). A fresh dict on every call.

    Raises:
        FileNotFoundError: If the file cannot be found; the message lists the
            available names.

    Examples:
        >>> meta = get_dataset_meta('shelf')
        >>> meta['num_keypoints']
        14
        >>> meta['flip_indices'][:6]
        [5, 4, 3, 2, 1, 0]
    """
    from mmpose.datasets.datasets.utils import parse_pose_metainfo
    path = resolve_dataset_meta_path(name_or_path)
    return parse_pose_metainfo(dict(from_file=path))
