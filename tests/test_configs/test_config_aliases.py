"""The old names of the renamed configs still work (issue 17).

``selfpose_mm/utils/config_aliases.py`` holds the one alias table. Every
target exists, no old file is left behind, every old name resolves to its
new file and loads the same merged config, and ``tools/train.py`` /
``tools/test.py`` take an old name (one warning; the default work dir
follows the new name). ``docs/config_inheritance.md`` lists the table.
Every leaf config's name follows the pattern.
"""
import os
import os.path as osp
import re
import unittest
from pathlib import Path
from unittest import mock

from mmengine.config import Config

from selfpose_mm.engine.cli import load_config
from selfpose_mm.utils import config_aliases
from selfpose_mm.utils.config_aliases import (CONFIG_ALIASES, REPO_ROOT,
                                              resolve_config_alias)
from tests.test_tools._cli import tool

ROOT = Path(__file__).resolve().parents[2]
#: the mission's documented user command uses this old name
DOCUMENTED = 'configs/selfpose3d/panoptic_cam5_posenet.py'
OLD_TINY = 'configs/lifting/mlp-lifter_synthetic-tiny.py'
#: {algorithm}_{modules}_{NxbM-schedule}_{dataset-variant}.py
NAME = re.compile(r'^[a-z0-9-]+_[a-z0-9-]+_\d+xb\d+-\d+(e|it)(-ft)?'
                  r'_[a-z0-9-]+\.py$')
#: training-free configs (no network, no schedule): {algorithm}_{dataset}.py
TRAINING_FREE_NAME = re.compile(r'^[a-z0-9-]+_[a-z0-9-]+\.py$')


def _dict(path: str) -> dict:
    d = Config.fromfile(path).to_dict()
    d.pop('filename', None)
    return d


class _InRepo(unittest.TestCase):
    """Run each test from the repository root (old paths are relative)."""

    def setUp(self):
        self._cwd = os.getcwd()
        os.chdir(ROOT)

    def tearDown(self):
        os.chdir(self._cwd)


class TestAliasTable(_InRepo):

    def test_repo_root(self):
        self.assertEqual(Path(REPO_ROOT), ROOT)

    def test_targets_exist_and_old_files_are_gone(self):
        self.assertIn(DOCUMENTED, CONFIG_ALIASES)
        self.assertGreaterEqual(len(CONFIG_ALIASES), 16)
        for old, new in CONFIG_ALIASES.items():
            with self.subTest(old=old):
                self.assertTrue((ROOT / new).is_file(), new)
                self.assertFalse((ROOT / old).exists(), old)
                # a rename, not a move: same folder
                self.assertEqual(osp.dirname(old), osp.dirname(new))
        self.assertEqual(len(set(CONFIG_ALIASES.values())),
                         len(CONFIG_ALIASES))

    def test_new_names_follow_the_pattern(self):
        for new in CONFIG_ALIASES.values():
            self.assertRegex(osp.basename(new), NAME)

    def test_every_old_name_resolves_to_the_same_config(self):
        for old, new in CONFIG_ALIASES.items():
            with self.subTest(old=old):
                resolved = resolve_config_alias(old, warn=False)
                self.assertEqual(resolved, new)
                self.assertEqual(_dict(resolved), _dict(new))

    def test_other_spellings(self):
        new = CONFIG_ALIASES[DOCUMENTED]
        # ./ prefix, absolute path, from another working directory
        self.assertEqual(
            resolve_config_alias('./' + DOCUMENTED, warn=False), './' + new)
        self.assertEqual(
            resolve_config_alias(str(ROOT / DOCUMENTED), warn=False),
            str(ROOT / new))
        os.chdir(ROOT / 'configs')
        self.assertEqual(
            resolve_config_alias('selfpose3d/panoptic_cam5_posenet.py',
                                 warn=False),
            osp.join('selfpose3d', osp.basename(new)))

    def test_unknown_and_existing_paths_unchanged(self):
        self.assertEqual(resolve_config_alias('nope.py'), 'nope.py')
        new = CONFIG_ALIASES[DOCUMENTED]
        self.assertEqual(resolve_config_alias(new), new)

    def test_one_warning_naming_the_new_path(self):
        with mock.patch.object(config_aliases, '_warn') as warn:
            resolve_config_alias(DOCUMENTED)
        warn.assert_called_once()
        self.assertIn(CONFIG_ALIASES[DOCUMENTED], warn.call_args[0][0])
        self.assertIn(DOCUMENTED, warn.call_args[0][0])

    def test_script_mode(self):
        # what tools/dist_*.sh run: path on stdout, warning on stderr
        import contextlib
        import io
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            self.assertEqual(config_aliases.main([DOCUMENTED]), 0)
        self.assertEqual(out.getvalue().strip(), CONFIG_ALIASES[DOCUMENTED])
        self.assertIn('renamed', err.getvalue())
        self.assertEqual(len(err.getvalue().strip().splitlines()), 1)

    def test_documented(self):
        doc = (ROOT / 'docs' / 'config_inheritance.md').read_text()
        log = (ROOT / 'CHANGELOG.md').read_text()
        for old, new in CONFIG_ALIASES.items():
            self.assertIn(f'`{old}`', doc)
            self.assertIn(f'`{new}`', doc)
        self.assertIn('config_aliases.py', log)


class TestConfigNames(unittest.TestCase):

    def test_every_leaf_follows_the_pattern(self):
        leaves = sorted(
            p for d in [ROOT / 'configs', *(ROOT / 'projects').glob(
                '*/configs')] for p in d.rglob('*.py')
            if '_base_' not in p.parts)
        self.assertGreater(len(leaves), 30)
        for path in leaves:
            if NAME.match(path.name):
                continue
            with self.subTest(config=str(path.relative_to(ROOT))):
                self.assertRegex(path.name, TRAINING_FREE_NAME)
                cfg = Config.fromfile(str(path))
                self.assertIsNone(cfg.get('train_dataloader'))
                self.assertIsNone(cfg.get('train_cfg'))


class TestStageChains(unittest.TestCase):
    """A stage loads the previous stage from that stage's default work dir
    (``work_dirs/<its config name>``), so a rename must update both."""

    def test_stage_checkpoints_name_existing_configs(self):
        seen = 0
        for path in sorted((ROOT / 'configs' / 'selfpose3d').glob('*.py')):
            cfg = Config.fromfile(str(path))
            for entry in cfg.model.get('stage_checkpoints', []):
                with self.subTest(config=path.name):
                    producer = entry['produced_by']
                    self.assertTrue((ROOT / producer).is_file(), producer)
                    self.assertEqual(
                        entry['path'],
                        'work_dirs/' + osp.splitext(osp.basename(producer))[0])
                    seen += 1
        self.assertGreaterEqual(seen, 7)


class TestOldWorkDirs(unittest.TestCase):

    def test_old_work_dir(self):
        from selfpose_mm.utils.config_aliases import old_work_dir
        new = osp.splitext(osp.basename(CONFIG_ALIASES[DOCUMENTED]))[0]
        self.assertEqual(old_work_dir(f'work_dirs/{new}'),
                         'work_dirs/panoptic_cam5_posenet')
        self.assertIsNone(old_work_dir('work_dirs/something_else'))

    def test_stage_trained_under_the_old_name_still_loads(self):
        import tempfile
        from selfpose_mm.models.estimators.selfpose3d import \
            resolve_stage_checkpoint
        rootnet = 'configs/selfpose3d/panoptic_cam5_rootnet.py'
        new = osp.splitext(osp.basename(CONFIG_ALIASES[rootnet]))[0]
        with tempfile.TemporaryDirectory() as tmp:
            old_dir = osp.join(tmp, 'panoptic_cam5_rootnet')
            os.makedirs(old_dir)
            ckpt = osp.join(old_dir, 'epoch_3.pth')
            Path(ckpt).touch()
            Path(old_dir, 'last_checkpoint').write_text(ckpt)
            self.assertEqual(
                resolve_stage_checkpoint(osp.join(tmp, new)), ckpt)
            # neither the new nor the old work dir: the usual error
            os.remove(osp.join(old_dir, 'last_checkpoint'))
            os.remove(ckpt)
            os.rmdir(old_dir)
            with self.assertRaisesRegex(FileNotFoundError, new):
                resolve_stage_checkpoint(osp.join(tmp, new))


class TestToolsTakeOldNames(_InRepo):

    def test_load_config(self):
        cfg = load_config(OLD_TINY)
        self.assertEqual(Path(cfg.filename).name,
                         osp.basename(CONFIG_ALIASES[OLD_TINY]))

    def test_init_estimator_config(self):
        # tools/infer.py --config goes through apis.init_estimator
        from selfpose_mm.apis.inference import _as_config
        self.assertEqual(Path(_as_config(OLD_TINY).filename).name,
                         osp.basename(CONFIG_ALIASES[OLD_TINY]))

    def test_train_and_test_resolve_and_name_the_work_dir(self):
        new_stem = osp.splitext(osp.basename(CONFIG_ALIASES[OLD_TINY]))[0]
        for name, argv in (('train', [OLD_TINY]),
                           ('test', [OLD_TINY, 'none'])):
            mod = tool(name)
            with self.subTest(tool=name), \
                    mock.patch.object(mod, 'build_runner') as build:
                mod.main(argv)
                cfg = build.call_args[0][0]
                self.assertEqual(Path(cfg.filename).name, new_stem + '.py')
                self.assertEqual(Path(cfg.work_dir).name, new_stem)


if __name__ == '__main__':
    unittest.main()
