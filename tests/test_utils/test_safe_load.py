"""Every untrusted-read route refuses a payload; real files still load.

The payload (tests/test_utils/malicious.py) writes a marker file when it
is unpickled; each test checks the refusal names the file and the marker
never appears.
"""
import pickle
import shutil
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch
from mmengine.logging.history_buffer import HistoryBuffer
from mmengine.runner import load_checkpoint
from mmengine.runner.checkpoint import CheckpointLoader

from selfpose_mm.datasets.videopose3d import (load_positions_2d,
                                              load_positions_3d)
from selfpose_mm.geometry import (CalibrationError, load_calibration,
                                  load_h36m_cameras)
from selfpose_mm.utils import register_all_modules
from selfpose_mm.utils.safe_load import (UnsafeFileError,
                                         _history_buffer_getattr,
                                         load_from_local_safe,
                                         load_restricted_pickle,
                                         safe_np_load, safe_torch_load)
from tests.test_utils.malicious import write_all

REPO = Path(__file__).resolve().parents[2]
HUMANEVA = REPO.parent / 'shared' / 'data' / 'humaneva_videopose3d' / 'data'


class _Case(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.paths = write_all(Path(self.tmp.name))

    def tearDown(self):
        self.assertFalse(self.paths['marker'].exists(),
                         'the payload ran: marker file written')
        self.tmp.cleanup()

    def refused(self, key, exc=UnsafeFileError):
        """Context: the load raises ``exc`` naming the file."""
        return self.assertRaisesRegex(exc, str(self.paths[key].name))


class TestRefused(_Case):

    def test_torch_checkpoint(self):
        with self.refused('pth') as cm:
            safe_torch_load(self.paths['pth'])
        self.assertIn('exec', str(cm.exception))
        self.assertIn('state_dict', str(cm.exception))  # the fix

    def test_mmengine_load_checkpoint_and_scheme(self):
        self.assertIs(
            CheckpointLoader._get_checkpoint_loader(str(self.paths['pth'])),
            load_from_local_safe)
        with self.refused('pth'):
            load_checkpoint(torch.nn.Linear(1, 1), str(self.paths['pth']))

    def test_pickle(self):
        with self.refused('pkl'):
            load_restricted_pickle(self.paths['pkl'])

    def test_h36m_cameras_pkl(self):
        with self.refused('pkl', CalibrationError):
            load_h36m_cameras(self.paths['pkl'])
        with self.refused('pkl', CalibrationError):
            load_calibration(self.paths['pkl'])  # auto-detected as h36m

    def test_npz_object_members(self):
        for key in ('npz_3d', 'npz_2d', 'npz_custom'):
            with self.refused(key):
                safe_np_load(self.paths[key])
        with self.refused('npz_3d'):
            load_positions_3d(self.paths['npz_3d'])
        with self.refused('npz_2d'):
            load_positions_2d(self.paths['npz_2d'])

    def test_selfpose3d_load_stage(self):
        from selfpose_mm.models.estimators.selfpose3d import SelfPose3D

        # the file is refused before the model is touched
        with self.refused('pth'):
            SelfPose3D.load_stage(
                None, dict(path=str(self.paths['pth']), modules=['x']))

    def test_selfpose3d_stage_checkpoints_config(self):
        from mmengine.registry import init_default_scope

        from selfpose_mm.registry import MODELS
        from tests.test_selfpose3d.test_selfpose3d_model import tiny_cfg
        init_default_scope('selfpose_mm')
        cfg = tiny_cfg(**{
            'model.stage_checkpoints': [
                dict(path=str(self.paths['pth']), modules=['root_head'])
            ]
        })
        model = MODELS.build(cfg.model)
        with self.refused('pth'):
            model.init_weights()

    def test_infer_calib_pkl(self):
        import tools.infer as infer
        code = infer.main([
            '--calib',
            str(self.paths['pkl']), '--detections', 'a.json', 'b.json',
            '--out',
            str(Path(self.tmp.name) / 'out')
        ])
        self.assertEqual(code, 2)


class TestDatasetsRefuse(_Case):

    def test_videopose3d_dataset(self):
        from selfpose_mm.datasets import VideoPose3DDataset
        from tests.test_datasets.vp3d_fixtures import write_tiny_h36m
        register_all_modules()
        root = write_tiny_h36m(Path(self.tmp.name) / 'h36m')
        shutil.copy(self.paths['npz_2d'], root / 'data_2d_h36m_gt.npz')
        self.paths['npz_2d'] = root / 'data_2d_h36m_gt.npz'
        with self.refused('npz_2d'):
            VideoPose3DDataset(
                dataset_name='h36m',
                data_root=str(root),
                camera_param_file='cameras.pkl',
                subjects=['S1'])

    def test_multiview_lifting_dataset(self):
        from selfpose_mm.datasets import MultiViewLiftingDataset
        from tests.test_mvlift._helpers import write_humaneva_like
        register_all_modules()
        root = Path(self.tmp.name) / 'he'
        write_humaneva_like(root, frames=8)
        shutil.copy(self.paths['npz_2d'], root / 'data_2d_humaneva15_gt.npz')
        self.paths['npz_2d'] = root / 'data_2d_humaneva15_gt.npz'
        with self.refused('npz_2d'):
            MultiViewLiftingDataset(
                dataset_name='humaneva15',
                data_root=str(root),
                camera_param_file='cameras.json',
                subjects=['Train/S1'])


class TestAllowed(unittest.TestCase):

    def test_runner_style_checkpoint_loads(self):
        """What MMEngine's Runner writes: HistoryBuffer, numpy, OrderedDict."""
        hb = HistoryBuffer()
        hb.update(1.5)
        hb.update(2.5)
        ckpt = dict(
            meta=dict(seed=np.int64(3), iter=np.float32(2.), dtype=np.dtype(
                'float64'), arr=np.arange(4, dtype=np.uint8),
                empty=np.zeros(0)),  # pickled as bytes()
            state_dict=torch.nn.Linear(2, 1).state_dict(),
            message_hub=dict(log_scalars={'train/loss': hb}))
        before = list(torch.serialization.get_safe_globals())
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / 'runner.pth'
            torch.save(ckpt, path)
            out = safe_torch_load(path)
            # the allowlist is gone again: torch's own default refuses it
            with self.assertRaises(pickle.UnpicklingError):
                torch.load(path, weights_only=True)
        # as a set: torch's safe_globals() restores the same entries, but
        # not always in the same order (seen after other tests imported
        # torch.distributed.tensor, which registers its own globals)
        self.assertEqual(set(torch.serialization.get_safe_globals()),
                         set(before))
        loaded = out['message_hub']['log_scalars']['train/loss']
        self.assertEqual(loaded.mean(), 2.0)
        self.assertEqual(loaded.max(), 2.5)
        self.assertEqual(out['meta']['seed'], 3)
        np.testing.assert_array_equal(out['meta']['arr'], np.arange(4))
        self.assertEqual(out['meta']['empty'].shape, (0, ))

    def test_getattr_only_history_buffer_statistics(self):
        self.assertIs(_history_buffer_getattr(HistoryBuffer, 'mean'),
                      HistoryBuffer.mean)
        for obj, name in ((HistoryBuffer, '__init__'),
                          (HistoryBuffer, '__class__'), (np, 'save'),
                          (np.ndarray, 'tofile')):
            with self.assertRaises(pickle.UnpicklingError):
                _history_buffer_getattr(obj, name)

    def test_missing_file(self):
        with self.assertRaisesRegex(FileNotFoundError, 'nope.pth'):
            safe_torch_load('/nonexistent/nope.pth')

    def test_numeric_npz_and_pickle_roundtrip(self):
        with tempfile.TemporaryDirectory() as tmp:
            a = np.random.default_rng(0).normal(size=(3, 4))
            obj = np.empty((), dtype=object)
            obj[()] = {'S1': {'Walk': a.astype(np.float32)}, 'n': [1, 2]}
            np.savez(Path(tmp) / 'x.npz', a=a, obj=obj)
            out = safe_np_load(Path(tmp) / 'x.npz')
            np.testing.assert_array_equal(out['a'], a)
            np.testing.assert_array_equal(out['obj'].item()['S1']['Walk'],
                                          a.astype(np.float32))
            self.assertEqual(out['obj'].item()['n'], [1, 2])
            with self.assertRaisesRegex(KeyError, 'missing'):
                safe_np_load(Path(tmp) / 'x.npz', keys=['b'])
            with open(Path(tmp) / 'x.pkl', 'wb') as f:
                pickle.dump({('S1', 'c'): dict(R=a)}, f, protocol=2)
            out = load_restricted_pickle(Path(tmp) / 'x.pkl')
            np.testing.assert_array_equal(out[('S1', 'c')]['R'], a)

    def test_real_videopose3d_files(self):
        """VideoPose3D's HumanEva npz (pickled dicts) still load, equal to
        NumPy's unrestricted reader."""
        if not HUMANEVA.is_dir():
            self.skipTest(f'{HUMANEVA} not found')
        for name in ('data_3d_humaneva15.npz', 'data_2d_humaneva15_gt.npz'):
            ours = safe_np_load(HUMANEVA / name)
            with np.load(HUMANEVA / name, allow_pickle=True) as ref:
                self.assertEqual(sorted(ours), sorted(ref.files))
                key = ref.files[0]
                a, b = ours[key].item(), ref[key].item()
        self.assertEqual(sorted(a), sorted(b))
        subject = sorted(a)[0]
        action = sorted(a[subject])[0]
        for x, y in zip(a[subject][action], b[subject][action]):
            np.testing.assert_array_equal(x, y)
        pos, meta = load_positions_2d(HUMANEVA / 'data_2d_humaneva15_gt.npz')
        self.assertEqual(meta['layout_name'], 'humaneva15')


if __name__ == '__main__':
    unittest.main()
