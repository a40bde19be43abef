"""Old config paths that still work: the alias table of the renamed configs.

The configs were renamed to mmpose's
``{algorithm}_{modules}_{NxbM-schedule}_{dataset-variant}.py`` pattern
(issue 17, see ``CHANGELOG.md`` and ``docs/config_inheritance.md``,
"Renamed configs"). :data:`CONFIG_ALIASES` maps each old path (relative to
the repository root) to its new one; :func:`resolve_config_alias` turns an
old path given on a command line into the new file and logs one warning
line naming it. ``tools/train.py``, ``tools/test.py``,
``tools/print_config.py``, ``tools/infer.py`` (through
:func:`selfpose_mm.apis.init_estimator`), ``tools/dist_train.sh`` and
``tools/dist_test.sh`` resolve their config argument with it.
:func:`old_work_dir` finds a work dir written under an old name: a
SelfPose3d stage loads the previous stage's work dir, and falls back to it.

Only command-line paths are aliased: a ``_base_`` entry of a config of your
own must name the new file.

Run as a script, ``python -P selfpose_mm/utils/config_aliases.py PATH`` prints
the resolved path (the warning goes to stderr); the ``dist_*.sh`` scripts
use it. This module imports nothing from ``selfpose_mm``.
"""
import logging
import os.path as osp
import sys
from typing import Dict, Optional

#: the repository root (old and new paths are relative to it)
REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))

#: old config path -> new config path, both relative to the repository root
CONFIG_ALIASES: Dict[str, str] = {
    # SelfPose3d on CMU Panoptic (real images, ResNet-50 + V2V heads)
    'configs/selfpose3d/panoptic_cam5_backbone.py':
    'configs/selfpose3d/selfpose3d_res50_2xb4-20e_panoptic-5cam-backbone.py',
    'configs/selfpose3d/panoptic_cam5_rootnet.py':
    'configs/selfpose3d/'
    'selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-rootnet.py',
    'configs/selfpose3d/panoptic_cam5_posenet.py':
    'configs/selfpose3d/'
    'selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet.py',
    'configs/selfpose3d/panoptic_cam5_posenet_finetune.py':
    'configs/selfpose3d/'
    'selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-posenet-finetune.py',
    # ... with the orthographic-plane heads
    'configs/selfpose3d/panoptic_cam5_ortho_rootnet.py':
    'configs/selfpose3d/'
    'selfpose3d_plane-hg32_2xb1-3e_panoptic-5cam-rootnet.py',
    'configs/selfpose3d/panoptic_cam5_ortho_posenet.py':
    'configs/selfpose3d/'
    'selfpose3d_plane-hg32_2xb1-8e_panoptic-5cam-posenet.py',
    # the embedded default on the synthetic world (V2V heads)
    'configs/selfpose3d/synthetic_cam5_rootnet.py':
    'configs/selfpose3d/'
    'selfpose3d_v2v-cpn32-prn24_1xb2-300it_synthetic-5cam-rootnet.py',
    'configs/selfpose3d/synthetic_cam5_posenet.py':
    'configs/selfpose3d/'
    'selfpose3d_v2v-cpn32-prn24_1xb2-800it_synthetic-5cam-posenet.py',
    'configs/selfpose3d/synthetic_cam5_supervised.py':
    'configs/selfpose3d/'
    'voxelpose_v2v-cpn32-prn24_1xb2-1100it_synthetic-5cam.py',
    # ... with the orthographic-plane heads (make demo's default)
    'configs/selfpose3d/synthetic_cam5_ortho_rootnet.py':
    'configs/selfpose3d/'
    'selfpose3d_plane-hg16_1xb2-300it_synthetic-5cam-rootnet.py',
    'configs/selfpose3d/synthetic_cam5_ortho_posenet.py':
    'configs/selfpose3d/'
    'selfpose3d_plane-hg16_1xb2-800it_synthetic-5cam-posenet.py',
    'configs/selfpose3d/synthetic_cam5_ortho_supervised.py':
    'configs/selfpose3d/'
    'fastervoxelpose_plane-hg16_1xb2-1100it_synthetic-5cam.py',
    # the single-frame MLP lifter on the synthetic world
    'configs/lifting/mlp-lifter_1xb256-3k_synthetic.py':
    'configs/lifting/supervised_mlp-lifter_1xb256-3000it_synthetic.py',
    'configs/lifting/mlp-lifter_synthetic-tiny.py':
    'configs/lifting/supervised_mlp-lifter-w64_1xb64-40it_synthetic-tiny.py',
    'configs/lifting/mlp-lifter-wide_synthetic-tiny.py':
    'configs/lifting/supervised_mlp-lifter-w256_1xb64-40it_synthetic-tiny.py',
    'configs/lifting/mlp-lifter-l1_synthetic-tiny.py':
    'configs/lifting/'
    'supervised_mlp-lifter-w64-l1_1xb64-40it_synthetic-tiny.py',
}

logger = logging.getLogger(__name__)


def _lookup(path: str) -> Optional[str]:
    """The new repo-relative path of an old ``path``, else None.

    ``path`` matches when it names an old config relative to the current
    directory, to the repository root, or ends with an old repo-relative
    path (an absolute path into another checkout).
    """
    norm = osp.normpath(path).replace('\\', '/')
    rel = osp.relpath(osp.abspath(path), REPO_ROOT).replace('\\', '/')
    for key in (norm, rel):
        if key in CONFIG_ALIASES:
            return CONFIG_ALIASES[key]
    for old, new in CONFIG_ALIASES.items():
        if norm.endswith('/' + old):
            return new
    return None


def _warn(msg: str) -> None:
    """One warning line: through MMEngine's current logger when MMEngine
    is installed, else on stderr."""
    try:
        from mmengine.logging import print_log
    except ImportError:  # pragma: no cover - mmengine is a dependency
        print(f'WARNING: {msg}', file=sys.stderr)
        return
    print_log(msg, logger='current', level=logging.WARNING)


def resolve_config_alias(path: str, warn: bool = True) -> str:
    """Return the path to load for the config ``path``.

    An existing file is returned unchanged (a config of your own that has
    an old name keeps working). An old name of a renamed config returns
    the new file, in the same form as given (relative paths stay relative,
    the directory part is kept), and logs one warning naming it.
    Anything else is returned unchanged, so the caller's "not found"
    error names what the user typed.

    Args:
        path (str): A config path from the command line.
        warn (bool): Log the "renamed" warning. Defaults to ``True``.

    Returns:
        str: The path to pass to ``Config.fromfile``.

    Examples:
        >>> resolve_config_alias(
        ...     'configs/lifting/mlp-lifter_synthetic-tiny.py', warn=False)
        'configs/lifting/supervised_mlp-lifter-w64_1xb64-40it_synthetic-tiny.py'
    """
    if not isinstance(path, str) or osp.isfile(path):
        return path
    new = _lookup(path)
    if new is None:
        return path
    resolved = osp.join(osp.dirname(path), osp.basename(new))
    if not osp.isfile(resolved):  # the old folder was given another way
        resolved = osp.join(REPO_ROOT, new)
    if warn:
        _warn(_message(path, resolved))
    return resolved


def _message(old: str, resolved: str) -> str:
    return (f'config {old} was renamed: loading {resolved} (the old name '
            'is an alias; see "Renamed configs" in '
            'docs/config_inheritance.md)')


def old_work_dir(path: str) -> Optional[str]:
    """The work dir a renamed config wrote under its old name.

    ``work_dirs/<new config name>`` -> ``work_dirs/<old config name>``
    (same parent folder); None when ``path``'s last part is not the name
    of a renamed config.
    """
    parent, stem = osp.split(osp.normpath(path))
    for old, new in CONFIG_ALIASES.items():
        if osp.splitext(osp.basename(new))[0] == stem:
            return osp.join(parent, osp.splitext(osp.basename(old))[0])
    return None


def main(argv=None) -> int:
    """``python config_aliases.py PATH``: print the path to load on stdout,
    the warning (if any) on stderr."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print('usage: config_aliases.py CONFIG', file=sys.stderr)
        return 2
    resolved = resolve_config_alias(argv[0], warn=False)
    if resolved != argv[0]:
        print(f'WARNING: {_message(argv[0], resolved)}', file=sys.stderr)
    print(resolved)
    return 0


if __name__ == '__main__':
    sys.exit(main())
