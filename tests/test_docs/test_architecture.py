"""The import rules of ``docs/architecture.md``, checked on the source.

Every ``import`` (module level or inside a function) of every
``selfpose_mm/**.py`` is parsed with :mod:`ast`, resolved to the top-level
package it reaches (``selfpose_mm.<pkg>``), and checked against the layers:

    utils, registry, version     (0: the bottom, imports nothing above)
    geometry                     (1)
    structures, codecs           (2)
    datasets | models | evaluation   (3: siblings, never import each other)
    engine, visualization, testing   (4)
    setup_env                    (5: imports every registering package)
    apis                         (6: the user-facing entry points)

A package may import its own layer or lower ones, never a higher one;
nothing in ``selfpose_mm`` imports ``projects`` (plugins import the core,
never the reverse). Known exceptions are listed in ``KNOWN_EXCEPTIONS``,
each with the reason and the issue that tracks it.
"""
import ast
import unittest
from pathlib import Path
from typing import Iterator, Optional, Tuple

import pytest

REPO = Path(__file__).resolve().parents[2]
PKG = REPO / 'selfpose_mm'
DOC = REPO / 'docs' / 'architecture.md'

#: rank of each top-level module/sub-package of selfpose_mm
LAYERS = {
    'utils': 0, 'registry': 0, 'version': 0, '__init__': 0,
    'geometry': 1,
    'structures': 2, 'codecs': 2,
    'datasets': 3, 'models': 3, 'evaluation': 3,
    'engine': 4, 'visualization': 4, 'testing': 4,
    'setup_env': 5,
    'apis': 6,
}
#: siblings on layer 3 own disjoint concerns and do not import each other
SIBLINGS = {'datasets', 'models', 'evaluation'}

#: (importing file, imported package): why it is allowed
KNOWN_EXCEPTIONS = {
    # issue 17: a call-time import in the backward-compatible alias that
    # MMEngine's `<scope>.utils.register_all_modules` fallback needs.
    ('selfpose_mm/utils/setup_env.py', 'setup_env'):
    'lazy alias of selfpose_mm.setup_env.register_all_modules',
}


def _package_of(path: Path) -> str:
    """Top-level module/sub-package of selfpose_mm a file belongs to."""
    rel = path.relative_to(PKG).parts
    return rel[0][:-3] if rel[0].endswith('.py') else rel[0]


def _resolve(path: Path, node: ast.AST) -> Iterator[str]:
    """Absolute dotted names an import statement reaches."""
    if isinstance(node, ast.Import):
        yield from (a.name for a in node.names)
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            parts = list(path.relative_to(REPO).with_suffix('').parts)
            base = parts[:-1]  # the package holding the file
            base = base[:len(base) - (node.level - 1)]
            mod = '.'.join(base + ([node.module] if node.module else []))
        else:
            mod = node.module or ''
        if mod == 'selfpose_mm':  # from selfpose_mm import registry
            yield from (f'selfpose_mm.{a.name}' for a in node.names)
        else:
            yield mod


def _target(name: str) -> Optional[str]:
    """``selfpose_mm.<pkg>`` -> ``pkg``; ``projects...`` -> ``projects``."""
    parts = name.split('.')
    if parts[0] == 'projects':
        return 'projects'
    if parts[0] == 'selfpose_mm' and len(parts) > 1:
        return parts[1]
    return None


def internal_imports() -> Iterator[Tuple[str, str, str, int]]:
    """Yield ``(file, from_pkg, to_pkg, line)`` for cross-package imports."""
    for path in sorted(PKG.rglob('*.py')):
        src = _package_of(path)
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            for name in _resolve(path, node):
                dst = _target(name)
                if dst is not None and dst != src:
                    yield (path.relative_to(REPO).as_posix(), src, dst,
                           node.lineno)


def violations() -> list:
    """Every import that breaks a rule and is not a known exception."""
    bad = []
    for file, src, dst, line in internal_imports():
        if (file, dst) in KNOWN_EXCEPTIONS:
            continue
        why = None
        if dst == 'projects':
            why = 'the core imports a project'
        elif dst not in LAYERS or src not in LAYERS:
            why = f'unknown package ({src} -> {dst}): add it to LAYERS'
        elif LAYERS[dst] > LAYERS[src]:
            why = f'upward import (layer {LAYERS[src]} -> {LAYERS[dst]})'
        elif src in SIBLINGS and dst in SIBLINGS:
            why = 'datasets/models/evaluation import each other'
        if why:
            bad.append(f'{file}:{line}: {src} -> {dst}: {why}')
    return bad


class TestArchitecture(unittest.TestCase):

    def test_the_parser_sees_the_real_edges(self):
        edges = {(s, d) for _, s, d, _ in internal_imports()}
        # a few edges the code is known to have, to guard the resolver
        # (relative and ``from selfpose_mm import x`` forms included)
        for edge in (('datasets', 'geometry'), ('models', 'registry'),
                     ('engine', 'visualization'), ('apis', 'setup_env'),
                     ('engine', 'registry')):
            self.assertIn(edge, edges)

    def test_rules(self):
        bad = violations()
        self.assertEqual(bad, [], '\n'.join(bad))

    def test_known_exceptions_still_exist(self):
        edges = {(f, d) for f, _, d, _ in internal_imports()}
        for key in KNOWN_EXCEPTIONS:
            self.assertIn(key, edges, f'{key} is gone: drop the exception')

    def test_utils_imports_nothing_above_it(self):
        for file, src, dst, line in internal_imports():
            if src == 'utils' and (file, dst) not in KNOWN_EXCEPTIONS:
                self.assertIn(dst, {'registry', 'version'},
                              f'{file}:{line} imports {dst}')

    def test_every_package_is_placed_and_documented(self):
        pkgs = {p.name for p in PKG.iterdir()
                if p.is_dir() and (p / '__init__.py').is_file()}
        self.assertLessEqual(pkgs, set(LAYERS))
        if not DOC.is_file():
            pytest.skip('docs/architecture.md not written yet')
        text = DOC.read_text()
        for pkg in pkgs:
            self.assertIn(f'`selfpose_mm/{pkg}/`', text, pkg)

    def test_checker_catches_a_planted_violation(self):
        path = PKG / 'utils' / 'metainfo.py'
        node = ast.parse('from selfpose_mm.models import MODELS').body[0]
        names = list(_resolve(path, node))
        self.assertEqual([_target(n) for n in names], ['models'])
        rel = ast.parse('from ..datasets import x').body[0]
        self.assertEqual(list(_resolve(path, rel)), ['selfpose_mm.datasets'])


if __name__ == '__main__':
    unittest.main()
