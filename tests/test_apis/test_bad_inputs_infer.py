"""Bad inputs to tools/infer.py and the calibration readers.

Case ids match docs/bad_inputs.md. ``tools/infer.py`` cases call
``main(argv)`` in-process: exit code 2, one ``error:`` line naming the
file/option, the field and the fix, no traceback.
"""
import json
import pickle
import shutil
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
import pytest

from selfpose_mm.apis import write_synthetic_recording
from selfpose_mm.geometry import (CalibrationError, check_camera_spread,
                                  load_calibration, load_h36m_cameras)
from tests.test_tools._cli import REPO, call, tool


@pytest.fixture(scope='module')
def rec():
    tmp = tempfile.TemporaryDirectory()
    root = Path(tmp.name)
    write_synthetic_recording(root / 'rec', num_frames=2)
    yield root / 'rec'
    tmp.cleanup()


def _calib_variant(rec: Path, name: str, edit) -> Path:
    data = json.loads((rec / 'calibration.json').read_text())
    edit(data)
    path = rec.parent / name
    path.write_text(json.dumps(data))
    return path


def _base(rec: Path, out: str = 'out'):
    return [
        '--calib',
        str(rec / 'calibration.json'), '--out',
        str(rec.parent / out), '--no-progress', '--vis-frames', '0',
        '--animation', 'none'
    ]


def _dets(rec: Path):
    return ['--detections', str(rec / 'detections')]


def _set_unit_m(d):
    d['unit'] = 'm'  # values are millimetres


def _drop_r(d):
    del d['cameras']['cam00']['R']


def _bad_r(d):
    d['cameras']['cam00']['R'] = [[1, 0], [0, 1]]


_INFER = [
    # id, argv builder, expected substrings of the last stderr line
    ('IN01', lambda r: _base(r) + _dets(r) + ['--max-frames', '0'],
     ['--max-frames', 'must be >= 1']),
    ('IN02', lambda r: _base(r) + _dets(r) + ['--max-frames', '-2'],
     ['--max-frames', 'must be >= 1', '-2']),
    ('IN03', lambda r: _base(r) + _dets(r) + ['--max-frames', 'abc'],
     ['--max-frames', 'not an integer']),
    ('IN04', lambda r: ['--calib', str(r / 'nope.json'), '--out',
                        str(r.parent / 'o')] + _dets(r),
     ['nope.json', 'not found']),
    ('IN05', lambda r: ['--calib',
                        str(_calib_variant(r, 'in_m.json', _set_unit_m)),
                        '--out', str(r.parent / 'o')] + _dets(r),
     ['in_m.json', 'km apart', 'millimetres declared as metres',
      '--calib-unit mm']),
    ('IN07', lambda r: _base(r) + _dets(r) + ['--cameras', 'cam00', 'camXX'],
     ["['camXX'] not found", 'available']),
    ('IN08', lambda r: _base(r) + _dets(r) + ['--cameras', 'cam00'],
     ['1 camera(s)', 'at least 2']),
    ('IN09', lambda r: _base(r) + ['--detections', str(r / 'nope')],
     ['nope']),
    ('IN10', lambda r: _base(r), ['--detections and/or --images']),
    ('IN15', lambda r: _base(r) + _dets(r) + ['--calib-convention', 'bogus'],
     ['--calib-convention', 'invalid choice']),
    ('IN16', lambda r: _base(r) + _dets(r) + ['--det-format', 'yolo'],
     ['--det-format', 'invalid choice']),
]


@pytest.mark.parametrize('case_id,build,expected', _INFER,
                         ids=[c[0] for c in _INFER])
def test_infer_bad_input(rec, case_id, build, expected):
    code, err = call('infer', build(rec))
    lines = err.strip().splitlines()
    assert code == 2, err[-2000:]
    assert lines and 'error: ' in lines[-1], err[-2000:]
    assert 'Traceback' not in err
    for text in expected:
        assert text in lines[-1], (text, lines[-1])


def test_invalid_detection_json(rec):
    """IN14: a broken detection file names itself."""
    bad = rec.parent / 'bad_dets'
    shutil.copytree(rec / 'detections', bad)
    (bad / 'cam01_json' / 'cam01.0001.json').write_text('{"people": [')
    code, err = call('infer', _base(rec, 'o14') + ['--detections', str(bad)])
    assert code == 2
    assert 'cam01.0001.json' in err and 'invalid JSON' in err


def test_all_negative_confidences_warn(rec):
    """IN06: detection scores all <= 0 warn loudly, naming the file."""
    infer = tool('infer')
    frames = {0: np.zeros((1, 15, 3), np.float32) - 1.,
              1: np.zeros((0, 15, 3), np.float32)}
    ok = {0: np.ones((1, 15, 3), np.float32)}
    with mock.patch.object(infer, 'print_log') as log:
        n = infer.warn_without_confidence([frames, ok], ['camA', 'camB'])
    assert n == 1
    msg = log.call_args[0][0]
    assert msg.startswith('camA: all 15 detection confidences are <= 0')
    assert log.call_args[1]['level'] == 30
    # end to end: the warning is raised while reading the detections
    neg = rec.parent / 'neg_dets'
    shutil.copytree(rec / 'detections', neg)
    for f in (neg / 'cam00_json').glob('*.json'):
        d = json.loads(f.read_text())
        for p in d['people']:
            kp = np.asarray(p['pose_keypoints_2d'], float).reshape(-1, 3)
            kp[:, 2] = -1.
            p['pose_keypoints_2d'] = kp.ravel().tolist()
        f.write_text(json.dumps(d))
    args = infer.parse_args(_base(rec, 'o6') + ['--detections', str(neg)])
    cams = infer.load_cameras(args)
    with mock.patch.object(infer, 'print_log') as log:
        infer.build_recording(args, cams)
    assert any('cam00' in c[0][0] and '<= 0' in c[0][0]
               for c in log.call_args_list)


@pytest.mark.parametrize(
    'case_id,name,edit,expected',
    [('CA05', 'no_r.json', _drop_r, ['no_r.json', 'cam00', 'R']),
     ('CA06', 'bad_r.json', _bad_r, ['bad_r.json', 'cam00', 'R'])],
    ids=['CA05', 'CA06'])
def test_calibration_fields(rec, case_id, name, edit, expected):
    path = _calib_variant(rec, name, edit)
    with pytest.raises(CalibrationError) as err:
        load_calibration(path)
    for text in expected:
        assert text in str(err.value)


def test_calibration_files(rec):
    """CA01-CA04, CA07, CA08: files that are not calibrations."""
    d = rec.parent
    cases = {
        'CA01': (d / 'nope.json', None, 'not found'),
        'CA02': (d / 'broken.json', '{"cameras": ', 'invalid JSON'),
        'CA03': (d / 'extra.json',
                 json.dumps(dict(cameras={}, unit='mm', foo=1)),
                 'unknown top-level field'),
        'CA04': (d / 'km.json', json.dumps(dict(cameras={}, unit='km')),
                 "'unit'"),
        'CA08': (d / 'empty.json', '{}', 'unrecognised calibration format'),
    }
    for case_id, (path, text, expected) in cases.items():
        if text is not None:
            path.write_text(text)
        with pytest.raises(CalibrationError, match=expected) as err:
            load_calibration(path)
        assert path.name in str(err.value), case_id
    # CA07: an H36M cameras.pkl that is not a dict
    pkl = d / 'cams.pkl'
    with open(pkl, 'wb') as f:
        pickle.dump([1, 2], f)
    with pytest.raises(CalibrationError, match='expected a dict'):
        load_h36m_cameras(pkl)


def test_camera_spread(rec):
    """CA09/CA10: the rig size against the unit."""
    cams = load_calibration(rec / 'calibration.json')
    spread = check_camera_spread(cams, 'x')
    assert 1000 < spread < 1e5  # a few metres, in mm
    tiny = load_calibration(
        _calib_variant(rec, 'in_mm.json',
                       lambda d: d.update(unit='mm') or [
                           c.update(t=(np.asarray(c['t']) / 1000).tolist())
                           for c in d['cameras'].values()
                       ]))
    with mock.patch('mmengine.logging.print_log') as log:
        check_camera_spread(tiny, 'in_mm.json')
    assert 'only' in log.call_args[0][0] and '--calib-unit m' in \
        log.call_args[0][0]
    huge = load_calibration(_calib_variant(rec, 'm.json', _set_unit_m))
    with pytest.raises(CalibrationError, match='km apart'):
        check_camera_spread(huge, 'm.json')


def test_4d_association_detections():
    """infer.py reads 4D Association detection files (BODY_25 + PAFs) as
    projects/shelf does: Shelf's 5 cameras, 10 frames, 2+ tracks."""
    root = REPO.parent / 'shared' / 'data' / '4d_association' / 'data' / \
        'shelf'
    if not (root / 'detection' / '0.txt').is_file():
        pytest.skip(f'{root} not found')
    with tempfile.TemporaryDirectory() as tmp:
        code, err = call('infer', [
            '--calib',
            str(root / 'calibration.json'), '--detections',
            str(root / 'detection'), '--max-frames', '10', '--out', tmp,
            '--no-progress', '--vis-frames', '0', '--animation', 'none'
        ])
        assert code == 0, err[-3000:]
        z = np.load(Path(tmp) / 'poses3d.npz')
        assert z['keypoints_3d'].shape[0] == 10
        assert z['keypoints_3d'].shape[2] == 25  # BODY_25
        assert len(z['track_ids']) >= 2
