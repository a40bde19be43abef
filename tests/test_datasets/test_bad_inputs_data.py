"""Bad inputs to the dataset loaders, the lifter and videopose3d_demo.py.

Case ids match docs/bad_inputs.md. Each error names the file, the field
and the fix.
"""
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
import torch

from selfpose_mm.datasets.videopose3d import (load_positions_2d,
                                              load_positions_3d)
from selfpose_mm.models.utils.lifter_inputs import (LifterInputError,
                                                    check_keypoints_2d)
from selfpose_mm.utils import get_dataset_meta, register_all_modules
from tests.test_tools._cli import REPO, call

VP3D_CFG = str(REPO / 'configs' / 'videopose3d' /
               'videopose3d_tcn-27f_1xb128-12e_humaneva15-gt-cpu.py')
HE_SYM = [[2, 3, 4, 8, 9, 10], [5, 6, 7, 11, 12, 13]]


def _obj(value):
    arr = np.empty((), dtype=object)
    arr[()] = value
    return arr


def _custom_npz(path: Path, kp: np.ndarray, video='v', meta=True) -> Path:
    vmeta = {video: dict(w=640, h=480)} if meta else {}
    np.savez(
        path,
        positions_2d=_obj({video: {'custom': [kp]}}),
        metadata=_obj(dict(video_metadata=vmeta, keypoints_symmetry=HE_SYM)))
    return path


@pytest.fixture(scope='module')
def tmp():
    d = tempfile.TemporaryDirectory()
    yield Path(d.name)
    d.cleanup()


# ---------------------------------------------------------------- loaders
def test_npz_readers(tmp):
    """DS01-DS04."""
    with pytest.raises(FileNotFoundError, match='nope.npz.*Prepare it'):
        load_positions_3d(tmp / 'nope.npz')  # DS01
    np.savez(tmp / 'other.npz', foo=np.zeros(2))
    with pytest.raises(KeyError, match=r'positions_3d.*foo.*not a '
                       'VideoPose3D npz'):
        load_positions_3d(tmp / 'other.npz')  # DS02
    np.savez(tmp / 'shape.npz',
             positions_3d=_obj({'S1': {'Walk': np.zeros((4, 15, 2))}}))
    with pytest.raises(ValueError, match=r"shape.npz: positions_3d\['S1'\]"
                       r"\['Walk'\] has shape \(4, 15, 2\), expected"):
        load_positions_3d(tmp / 'shape.npz')  # DS03
    np.savez(tmp / 'list.npz', positions_2d=_obj([1]), metadata=_obj([2]))
    with pytest.raises(ValueError, match='list.npz: positions_2d and '
                       'metadata must be pickled dicts'):
        load_positions_2d(tmp / 'list.npz')  # DS04


def test_dataset_constructors(tmp):
    """DS05, DS06, DS09."""
    from selfpose_mm.datasets import (MultiViewLiftingDataset,
                                      VideoPose3DDataset)
    register_all_modules()
    with pytest.raises(ValueError, match='camera_param_file is required'):
        MultiViewLiftingDataset(dataset_name='humaneva15')  # DS05
    with pytest.raises(ValueError, match="dataset_name must be one of.*'x'"):
        MultiViewLiftingDataset(dataset_name='x',
                                camera_param_file='c.json')  # DS06
    with pytest.raises(ValueError, match="dataset_name must be one of.*'x'"):
        VideoPose3DDataset(dataset_name='x')  # DS09


def test_unknown_meta():
    """DS07."""
    with pytest.raises(FileNotFoundError, match='shelf'):
        get_dataset_meta('no_such_dataset')


def test_custom_video_dataset(tmp):
    """DS08 (no video_metadata), LF05 (NaN in the file)."""
    from selfpose_mm.datasets import CustomVideoDataset
    register_all_modules()
    kp = np.random.default_rng(0).uniform(0, 400, (10, 15, 2))
    path = _custom_npz(tmp / 'nometa.npz', kp, meta=False)
    with pytest.raises(KeyError, match="nometa.npz: video 'v' needs both"):
        CustomVideoDataset(ann_file=str(path), output_dataset='humaneva15')
    kp[3, 2] = np.nan
    path = _custom_npz(tmp / 'nan.npz', kp)
    with pytest.raises(LifterInputError,
                       match=r"nan.npz: positions_2d\['v'\]: 1 frame.*"
                       r'NaN.*\[3\]'):
        CustomVideoDataset(ann_file=str(path), output_dataset='humaneva15')


# ----------------------------------------------------------------- lifter
@pytest.mark.parametrize('case_id,kp,joints,pattern', [
    ('LF01', np.zeros((0, 15, 2)), 15, '0 frames'),
    ('LF02', np.where(np.arange(30).reshape(1, 15, 2) == 7, np.nan,
                      np.ones((4, 15, 2))), 15, r'4 frame\(s\).*NaN'),
    ('LF03', np.zeros((5, 17, 2)), 15, '17 joints per frame, but the '
     'model takes 15'),
    ('LF04', np.zeros((5, 30)), 15, r'shape \(5, 30\); expected'),
], ids=['LF01', 'LF02', 'LF03', 'LF04'])
def test_lifter_inputs(case_id, kp, joints, pattern):
    with pytest.raises(LifterInputError, match=f'src: .*{pattern}'):
        check_keypoints_2d(kp, joints, 'src')


def test_lifter_input_ok():
    kp = np.ones((3, 15, 3))
    out = check_keypoints_2d(kp, 15)
    assert out.shape == (3, 15, 2) and out.dtype == np.float32


# ------------------------------------------------------------------- demo
@pytest.fixture(scope='module')
def demo(tmp):
    """A checkpoint of the demo config and a valid custom input."""
    from mmengine.config import Config
    from mmengine.registry import init_default_scope

    from selfpose_mm.registry import MODELS
    init_default_scope('selfpose_mm')
    model = MODELS.build(Config.fromfile(VP3D_CFG).model)
    ckpt = tmp / 'vp3d.pth'
    torch.save(dict(state_dict=model.state_dict()), ckpt)
    kp = np.random.default_rng(1).uniform(100, 400, (30, 15, 2))
    good = _custom_npz(tmp / 'good.npz', kp)
    wrong = _custom_npz(tmp / 'coco.npz', np.ones((30, 17, 2)))
    he = tmp / 'data_2d_he.npz'
    np.savez(he, positions_2d=_obj({'Validate/S1': {'Walk': [kp]}}),
             metadata=_obj(dict(layout_name='humaneva15')))
    return dict(ckpt=str(ckpt), good=str(good), wrong=str(wrong),
                he=str(he), out=str(tmp / 'demo.png'))


_DEMO = [
    ('VD01', ['{cfg}', '{ckpt}', '--input', '{good}', '--max-frames', '0'],
     ['--max-frames', 'must be >= 1']),
    ('VD02', ['{cfg}', '{ckpt}', '--input', '{good}', '--max-frames', '-1'],
     ['--max-frames', 'must be >= 1']),
    ('VD03', ['{cfg}', '{ckpt}'], ['exactly one of --input']),
    ('VD04', ['{cfg}', '{ckpt}', '--input', '{good}', '--out', 'x.avi'],
     ['--out x.avi', "'.gif'"]),
    ('VD05', ['{cfg}', '{ckpt}', '--input', 'nope.npz'],
     ['nope.npz', '--input file not found']),
    ('VD06', ['{cfg}', '{ckpt}', '--from-2d', '{he}', '--subject', 'S9',
              '--action', 'Walk'],
     ["no subject 'S9'", '--subject', 'Validate/S1']),
    ('VD07', ['{cfg}', '{ckpt}', '--input', '{wrong}'],
     ['coco.npz', '17 joints per frame, but the model takes 15']),
    ('VD09', ['nope_cfg.py', '{ckpt}', '--input', '{good}'],
     ['nope_cfg.py', 'config file not found']),
    ('VD10', ['{cfg}', 'nope.pth', '--input', '{good}'],
     ['nope.pth', 'checkpoint file not found']),
    ('VD11', ['{cfg}', '{ckpt}', '--from-2d', '{he}', '--subject',
              'Validate/S1', '--action', 'Walk', '--camera', '3'],
     ['--camera 3 not available']),
]


@pytest.mark.parametrize('case_id,argv,expected', _DEMO,
                         ids=[c[0] for c in _DEMO])
def test_demo_bad_input(demo, case_id, argv, expected):
    argv = [
        a.format(cfg=VP3D_CFG, **demo) if '{' in a else a for a in argv
    ]
    if '--out' not in argv:
        argv += ['--out', demo['out']]
    with mock.patch('torch.set_num_threads'):
        code, err = call('videopose3d_demo', argv)
    lines = err.strip().splitlines()
    assert code == 2, err[-2000:]
    assert lines and 'error: ' in lines[-1], err[-2000:]
    assert 'Traceback' not in err
    for text in expected:
        assert text in lines[-1], (text, lines[-1])
