"""Calibration sanity checks (``selfpose_mm.apis.calibration_sanity``):
body size against the unit, per-camera reprojection of the detections;
the functions with values, then ``tools/infer.py`` end to end (case ids
CA11-CA13 of docs/bad_inputs.md)."""
import json
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
import pytest

import selfpose_mm.apis.calibration_sanity as sanity
from selfpose_mm.apis import (FramePoses, PoseSequence, check_body_size,
                              check_pose_size, check_reprojection,
                              get_layout, median_bone_length,
                              write_synthetic_recording)
from tests.test_tools._cli import call

_QUIET = ['--no-progress', '--vis-frames', '0', '--animation', 'none']


def test_median_bone_length_values():
    X = np.zeros((2, 4, 3))
    X[0, 1] = [300., 0, 0]  # bone 0-1: 300
    X[0, 2] = [0, 400., 0]  # bone 0-2: 400
    X[0, 3] = [0, 0, 900.]  # bone 0-3: score 0, left out
    X[1, 1] = [100., 0, 0]  # person 2: bone 0-1: 100
    X[1, 2] = np.nan  # non-finite, left out
    s = np.ones((2, 4))
    s[:, 3] = 0.
    bones = [(0, 1), (0, 2), (0, 3)]
    assert median_bone_length([X], [s], bones) == pytest.approx(300.)
    # frames are pooled; an empty frame is fine
    assert median_bone_length([X, np.zeros((0, 4, 3))],
                              [s, np.zeros((0, 4))], bones) == 300.
    assert np.isnan(median_bone_length([X], [np.zeros((2, 4))], bones))
    assert np.isnan(median_bone_length([X], [s], []))


@pytest.mark.parametrize('median, words', [
    (296.7, None),
    (float('nan'), None),
    (29.67, ['implausibly small', '29.67 mm', 'centimetres read as '
             'millimetres', '--calib-unit cm']),
    (0.2967, ['implausibly small', 'metres read as millimetres',
              '--calib-unit m']),
    (2967., ['implausibly large', 'millimetres read as centimetres',
             '--calib-unit mm']),
    (296700., ['implausibly large', 'millimetres read as metres',
               '--calib-unit mm']),
    (1e9, ['implausibly large', 'check the calibration unit']),
])
def test_check_body_size(median, words):
    with mock.patch.object(sanity, 'print_log') as log:
        msg = check_body_size(median, 'calib.json')
    if words is None:
        assert msg is None and not log.called
        return
    assert msg.startswith('calib.json: ')
    for w in words:
        assert w in msg, (w, msg)
    assert log.call_args[0][0] == msg and log.call_args[1]['level'] == 30


def test_check_pose_size_frames_only(tmp_path):
    """The body-size check needs no detections (frames-only models): the
    ground-truth people of the synthetic world pass, the same people 10x
    too small warn about centimetres."""
    gt = write_synthetic_recording(tmp_path, num_frames=2)['keypoints_3d']
    layout = get_layout('panoptic15')
    a, b = np.asarray(layout.skeleton).T
    expected = np.median(np.linalg.norm(gt[..., a, :] - gt[..., b, :],
                                        axis=-1))

    def seq(scale, lay=layout):
        frames = [FramePoses(f, gt[f] * scale, np.ones(gt.shape[1:3]),
                             np.ones(gt.shape[1]), np.arange(gt.shape[1]))
                  for f in range(len(gt))]
        return PoseSequence(frames, {}, [], lay, 15)

    with mock.patch.object(sanity, 'print_log') as log:
        bone, msg = check_pose_size(seq(1.), 'c.json')
        assert bone == pytest.approx(expected) and 200 < bone < 400
        assert msg is None and not log.called
        bone, msg = check_pose_size(seq(.1), 'c.json')
        assert bone == pytest.approx(expected / 10)
        assert 'centimetres read as millimetres' in msg and log.called
        bone, msg = check_pose_size(seq(.1, None), 'c.json')
        assert np.isnan(bone) and msg is None


def _row(cam, n, median):
    return dict(camera=cam, all_views=dict(n_joints=n, median=median))


def test_check_reprojection_values():
    report = dict(gate_px=110., rows=[
        _row('a', 60, 1.2), _row('b', 40, 15.0), _row('c', 45, 15.1),
        _row('d', 0, float('nan'))])
    with mock.patch.object(sanity, 'print_log') as log:
        msgs = check_reprojection(report, 'calib.json')
    assert len(msgs) == 2 and log.call_count == 2
    # worst first: the camera that matches nothing, then by median
    assert msgs[0].startswith("calib.json: camera 'd': none of its "
                              'detections lies within 110 px')
    assert msgs[1].startswith("calib.json: camera 'c': median reprojection "
                              'error of its detections is 15.1 px (> 15 px '
                              'over 45 joints)')
    # nobody matched anywhere (no people): nothing to blame on one camera
    report['rows'] = [_row('a', 0, np.nan), _row('b', 0, np.nan)]
    assert check_reprojection(report, 'calib.json') == []
    report['rows'] = [_row('a', 10, 40.)]
    assert check_reprojection(report, 'x', max_median_px=50.) == []


@pytest.fixture(scope='module')
def rec():
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / 'rec'
        write_synthetic_recording(root, num_frames=2, noise_px=1.0)
        yield root


def _infer(rec: Path, calib: Path, out: str):
    with mock.patch.object(sanity, 'print_log') as log:
        code, err = call('infer', [
            '--calib', str(calib), '--detections', str(rec / 'detections'),
            '--layout', 'panoptic15', '--out', str(rec.parent / out),
            *_QUIET])
    assert code == 0, err[-2000:]
    check = json.loads((rec.parent / out / 'calibration_check.json')
                       .read_text(), parse_constant=_no_nan)
    return [c[0][0] for c in log.call_args_list], check


def _no_nan(name: str):
    raise AssertionError(f'{name} in calibration_check.json (not JSON)')


def _variant(rec: Path, name: str, edit) -> Path:
    data = json.loads((rec / 'calibration.json').read_text())
    for cam, c in data['cameras'].items():
        edit(cam, c)
    path = rec.parent / name
    path.write_text(json.dumps(data))
    return path


def test_infer_body_size_warns_unit(rec):
    """CA11: centimetres declared as millimetres (cameras 10x too close,
    still > 5 cm apart so the spread check is silent): every person is 10x
    too small and the warning names the unit."""
    logs, good = _infer(rec, rec / 'calibration.json', 'ok')
    assert logs == [] and good['warnings'] == []
    assert 200. < good['median_bone_mm'] < 400.

    def cm(cam, c):
        c['t'] = [x / 10 for x in c['t']]

    logs, bad = _infer(rec, _variant(rec, 'cm_as_mm.json', cm), 'cm')
    assert bad['median_bone_mm'] == pytest.approx(
        good['median_bone_mm'] / 10, rel=1e-3)
    assert len(logs) == 1 and logs == bad['warnings']
    assert logs[0].startswith(f'{rec.parent / "cm_as_mm.json"}: the '
                              'triangulated people are implausibly small')
    assert 'centimetres read as millimetres' in logs[0]
    assert 'WARNING: ' in (rec.parent / 'cm' /
                           'calibration_check.txt').read_text()


def test_infer_reprojection_warns_camera(rec):
    """CA12: one camera's principal point 80 px off: only that camera is
    named, with its median error."""

    def shift(cam, c):
        if cam == 'cam02':
            c['K'][0][2] += 80.

    logs, check = _infer(rec, _variant(rec, 'pp.json', shift), 'pp')
    row = {r['camera']: r['all_views']['median'] for r in check['rows']}
    # the worst camera first; the bad one also pulls the 3D people, so a
    # neighbour may exceed the threshold too, the good ones do not
    assert "camera 'cam02': median reprojection error" in logs[0]
    assert f"{row['cam02']:.1f} px" in logs[0]
    assert row['cam02'] == max(row.values()) and row['cam02'] > 15.
    warned = {c for c in row if any(f"'{c}'" in m for m in logs)}
    assert warned == {c for c, m in row.items() if m > 15.}
    assert {'cam00', 'cam01'}.isdisjoint(warned)
    assert logs == check['warnings']


def test_infer_camera_matching_nothing(rec):
    """CA13: one camera's principal point 2000 px off: none of its
    detections lies within the gate; it is named, and its empty statistics
    are null in the (strict) calibration_check.json."""

    def far(cam, c):
        if cam == 'cam04':
            c['K'][0][2] += 2000.

    logs, check = _infer(rec, _variant(rec, 'far.json', far), 'far')
    assert logs and logs[0].startswith(
        f"{rec.parent / 'far.json'}: camera 'cam04': none of its detections "
        'lies within 110 px')
    row = {r['camera']: r['all_views'] for r in check['rows']}
    assert row['cam04'] == dict(n_joints=0, mean=None, median=None,
                                p90=None)
    assert all(row[c]['n_joints'] > 0 for c in row if c != 'cam04')
