"""Find and parse the dataset meta files in ``configs/_base_/datasets``.

A meta file defines one variable, ``dataset_info = dict(...)``, in mmpose's
schema (``dataset_name``, ``paper_info``, ``keypoint_info``,
``skeleton_info``, ``joint_weights``, ``sigmas`` and optional
``stats_info``). mmpose resolves ``METAINFO = dict(from_file=...)`` against
the *working directory* and, when that misses, silently falls back to its own
file of the same basename (for ``panoptic_body3d.py`` that is a 19-joint file,
where ours has 15). Here names and relative paths are resolved against the
repository root of this package first, and the working directory second.

Parsing is done by mmpose's own ``parse_pose_metainfo``
(``mmpose/datasets/datasets/utils.py``), so the result has exactly the keys
mmpose datasets produce (``num_keypoints``, ``keypoint_id2name``,
``keypoint_name2id``, ``flip_indices``, ``flip_pairs``, ``skeleton_links``,
``dataset_keypoint_weights``, ``sigmas``, ...). Importing
``mmpose.datasets`` costs about 4 s (it pulls in mmcv, torch and every mmpose
dataset and transform), so unless it is already imported the single file
``utils.py`` is loaded on its own; it needs only numpy and mmengine. If
mmpose is not installed, an equivalent minimal parser is used.
"""
import importlib.util
import os
import os.path as osp
import sys
from pathlib import Path
from typing import Callable, Dict, List, Optional, Union

import numpy as np

#: Repository root: ``<root>/selfpose_mm/utils/metainfo.py``.
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Folder of the dataset meta files.
DATASET_META_DIR = REPO_ROOT / 'configs' / '_base_' / 'datasets'

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
    return [REPO_ROOT / path, Path.cwd() / path]


def resolve_dataset_meta_path(name_or_path: PathLike) -> str:
    """Resolve a dataset meta name or path to an absolute file path.

    Args:
        name_or_path (str | PathLike): A name such as ``'shelf'`` or
            ``'shelf.py'`` (looked up in ``configs/_base_/datasets`` of this
            package), a path relative to the package's repository root
            (``'configs/_base_/datasets/shelf.py'``) or to the working
            directory, or an absolute path.

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


def _parse_pose_metainfo_minimal(metainfo: dict) -> dict:
    """Equivalent of mmpose 1.3.2's ``parse_pose_metainfo``.

    Used only when mmpose is not installed. ``metainfo`` is either the raw
    ``dataset_info`` dict or ``dict(from_file=<existing path>)``; the output
    has the same keys, types and values as mmpose's.
    """
    if 'from_file' in metainfo:
        from mmengine import Config
        metainfo = Config.fromfile(metainfo['from_file']).dataset_info
    for key in ('dataset_name', 'keypoint_info', 'skeleton_info',
                'joint_weights', 'sigmas'):
        assert key in metainfo, f'dataset meta info misses {key!r}'

    id2name, name2id, colors = {}, {}, []
    upper, lower, flip_names, flip_pairs = [], [], [], []
    for kpt_id, kpt in metainfo['keypoint_info'].items():
        name = kpt['name']
        id2name[kpt_id] = name
        name2id[name] = kpt_id
        colors.append(kpt.get('color', [255, 128, 0]))
        kpt_type = kpt.get('type', '')
        if kpt_type == 'upper':
            upper.append(kpt_id)
        elif kpt_type == 'lower':
            lower.append(kpt_id)
        swap = kpt.get('swap', '')
        if swap in ('', name):
            flip_names.append(name)
        else:
            flip_names.append(swap)
            if (swap, name) not in flip_pairs:
                flip_pairs.append((swap, name))
    links = [tuple(sk['link']) for sk in metainfo['skeleton_info'].values()]
    link_colors = [
        sk.get('color', [96, 96, 255])
        for sk in metainfo['skeleton_info'].values()
    ]
    parsed = dict(
        dataset_name=metainfo['dataset_name'],
        num_keypoints=len(metainfo['keypoint_info']),
        keypoint_id2name=id2name,
        keypoint_name2id=name2id,
        upper_body_ids=upper,
        lower_body_ids=lower,
        flip_indices=[name2id[n] for n in flip_names],
        flip_pairs=[(name2id[a], name2id[b]) for a, b in flip_pairs],
        keypoint_colors=np.array(colors, dtype=np.uint8),
        num_skeleton_links=len(links),
        skeleton_links=[(name2id[a], name2id[b]) for a, b in links],
        skeleton_link_colors=np.array(link_colors, dtype=np.uint8),
        dataset_keypoint_weights=np.array(
            metainfo['joint_weights'], dtype=np.float32),
        sigmas=np.array(metainfo['sigmas'], dtype=np.float32),
    )
    if 'stats_info' in metainfo:
        parsed['stats_info'] = {
            k: np.array(v, dtype=np.float32)
            for k, v in metainfo['stats_info'].items()
        }
    return parsed


_MMPOSE_UTILS = 'mmpose.datasets.datasets.utils'
_mmpose_parser: Optional[Callable[[dict], dict]] = None


def _get_mmpose_parser() -> Optional[Callable[[dict], dict]]:
    """mmpose's ``parse_pose_metainfo``, without importing mmpose.datasets.

    Returns:
        Callable | None: The function, or None if mmpose is not installed or
        its ``utils.py`` cannot be loaded on its own.
    """
    global _mmpose_parser
    module = sys.modules.get(_MMPOSE_UTILS)
    if module is not None:
        return module.parse_pose_metainfo
    if _mmpose_parser is not None:
        return _mmpose_parser
    try:
        # ``find_spec`` of a top-level package does not import it.
        spec = importlib.util.find_spec('mmpose')
        if spec is None or not spec.submodule_search_locations:
            return None
        file = osp.join(spec.submodule_search_locations[0], 'datasets',
                        'datasets', 'utils.py')
        file_spec = importlib.util.spec_from_file_location(
            '_selfpose_mm_mmpose_metainfo_utils', file)
        module = importlib.util.module_from_spec(file_spec)
        file_spec.loader.exec_module(module)
        _mmpose_parser = module.parse_pose_metainfo
    except Exception:  # noqa: BLE001 - any failure: use the local parser
        return None
    return _mmpose_parser


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
    path = resolve_dataset_meta_path(name_or_path)
    parser = _get_mmpose_parser() or _parse_pose_metainfo_minimal
    return parser(dict(from_file=path))
