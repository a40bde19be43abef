"""Every shipped multi-view model config runs in ``tools/infer.py``.

Trained models (VoxelPose V2V and plane heads, SelfPose3D V2V and plane
heads in heatmap mode): a tiny version of the shipped config (a child
config written to a temporary folder: 2 iterations, 4 samples, constant
learning rate, every root proposal kept so that the untrained model still
reports people) is trained with the Runner in-process
(``tools/train.main(argv)``), and its ``iter_2.pth`` is fed to
``tools/infer.py`` on a tiny synthetic recording (and to ``tools/test.py``,
which must write its metrics). The output must hold
finite 3D poses of the right shape, equal to the Python API's
(:func:`init_estimator` + :class:`MultiViewInferencer`) on the same frames,
and the checkpoint must load into the model exactly (same keys, same
values). SelfPose3D's posenet stage needs no ``stage_checkpoints`` at
inference: the full checkpoint holds the root net.

Training-free geometric baseline configs run with no checkpoint; their
output is checked against the ground truth (synthetic) or against the
default baseline ``tools/infer.py`` builds itself (Shelf 4D Association
files, skipped when the shared data is absent).

Single-view lifters do not fit the multi-view contract: a fast test (not
slow) checks that ``tools/infer.py`` refuses them with a pointer to
``tools/videopose3d_demo.py``.
"""
import json
import tempfile
from pathlib import Path
from typing import Dict, List

import numpy as np
import pytest
import torch

from selfpose_mm.apis import (MultiViewInferencer, MultiViewRecording,
                              init_estimator, read_detections,
                              write_synthetic_recording)
from selfpose_mm.geometry import load_calibration
from selfpose_mm.utils.safe_load import safe_torch_load
from tests.test_tools._cli import REPO, call, tool

#: id -> (shipped config, extra ``model`` overrides as config text)
TRAINED: Dict[str, tuple] = {
    'voxelpose-v2v':
    ('configs/voxelpose/voxelpose_v2v-cpn32-prn16_1xb4-800it_synthetic-'
     '5cam.py', ''),
    'voxelpose-plane':
    ('configs/voxelpose/fastervoxelpose_plane-hg32_1xb4-800it_synthetic-'
     '5cam.py', ''),
    # the root net's stage checkpoint is not needed to train 2 iterations
    # of a tiny pose net (untrained root net); at inference the config
    # keeps a stage checkpoint that does not exist (_MISSING_STAGE): the
    # full checkpoint holds the root net, init_weights is never called
    'selfpose3d-v2v': ('configs/selfpose3d/selfpose3d_v2v-cpn32-prn24_'
                       '1xb2-800it_synthetic-5cam-posenet.py',
                       'stage_checkpoints=[], '),
    'selfpose3d-plane': ('configs/selfpose3d/selfpose3d_plane-hg16_'
                         '1xb2-800it_synthetic-5cam-posenet.py',
                         'stage_checkpoints=[], '),
}
_MISSING_STAGE = ("stage_checkpoints=[dict(path='/nonexistent/rootnet.pth', "
                  "modules=['root_head'])], ")

_TINY = """_base_ = [{base!r}]
train_cfg = dict(max_iters=2, val_interval=100)
param_scheduler = [
    dict(type='ConstantLR', factor=1.0, by_epoch=False, begin=0, end=2)]
default_hooks = dict(
    checkpoint=dict(interval=2), visualization=dict(enable=False))
# own visualizer: MMEngine keeps one instance per name per process
visualizer = dict(name={vis!r})
train_dataloader = dict(batch_size=1, dataset=dict(num_samples=4))
val_dataloader = dict(dataset=dict(num_samples=2))
test_dataloader = dict(dataset=dict(num_samples=2))
model = dict({model}root_head=dict(score_threshold=-1.0))
"""

_QUIET = ['--no-progress', '--vis-frames', '0', '--animation', 'none']


def write_tiny_config(folder: Path, name: str, base: str,
                      model: str = '') -> Path:
    """A child config of ``base`` with CPU-test sizes (see module doc)."""
    path = folder / f'tiny_{name.replace("-", "_")}.py'
    path.write_text(
        _TINY.format(base=str(REPO / base), vis=f'vis_{name}_{id(path)}',
                     model=model))
    return path


def recording(rec_dir: Path) -> MultiViewRecording:
    """The recording ``tools/infer.py`` builds for ``rec_dir``."""
    cams = load_calibration(rec_dir / 'calibration.json')
    dets = [read_detections(p)
            for p in sorted((rec_dir / 'detections').iterdir())]
    return MultiViewRecording(cams, dets, load_images=False)


def check_poses(npz: Path, frames: int, joints: int) -> dict:
    """Shapes, and finite values wherever a track is present."""
    z = dict(np.load(npz))
    X, sc = z['keypoints_3d'], z['scores']
    assert X.shape[0] == frames and X.shape[2:] == (joints, 3), X.shape
    present = np.isfinite(sc)
    assert present.any(), 'nobody in any frame'
    assert np.isfinite(X[present]).all()
    assert np.isnan(X[~present]).all()
    return z


def infer(out: Path, rec: Path, *extra: str) -> dict:
    code, err = call('infer', [
        '--calib',
        str(rec / 'calibration.json'), '--detections',
        str(rec / 'detections'), '--layout', 'panoptic15', '--out',
        str(out), *_QUIET, *extra
    ])
    assert code == 0, err[-3000:]
    return check_poses(out / 'poses3d.npz', 2, 15)


@pytest.fixture(scope='module')
def rec_dir():
    with tempfile.TemporaryDirectory() as tmp:
        rec = Path(tmp) / 'rec'
        gt = write_synthetic_recording(rec, num_frames=2, noise_px=1.0)
        yield rec, gt


@pytest.mark.slow
@pytest.mark.parametrize('name', sorted(TRAINED))
def test_trained_checkpoint_in_infer(rec_dir, name, tmp_path):
    rec, _ = rec_dir
    base, model = TRAINED[name]
    cfg = write_tiny_config(tmp_path, name, base, model)
    tool('train').main([str(cfg), '--work-dir', str(tmp_path / 'work')])
    ckpt = tmp_path / 'work' / 'iter_2.pth'
    assert ckpt.is_file()
    if model:  # SelfPose3D: infer with a stage checkpoint that is missing
        cfg = write_tiny_config(tmp_path, f'{name}-infer', base,
                                _MISSING_STAGE)
    z = infer(tmp_path / 'out', rec, '--config', str(cfg), '--checkpoint',
              str(ckpt))
    # the checkpoint loads exactly (no stage checkpoint needed)
    model_ = init_estimator(str(cfg), str(ckpt))
    saved = safe_torch_load(ckpt, map_location='cpu')['state_dict']
    own = model_.state_dict()
    assert set(saved) == set(own)
    for k, v in saved.items():
        assert torch.equal(own[k], v), k
    # same poses from the Python API on the same frames
    seq = MultiViewInferencer(model_, layout='panoptic15')(recording(rec),
                                                          progress=False)
    seq.save_npz(tmp_path / 'api.npz')
    api = dict(np.load(tmp_path / 'api.npz'))
    np.testing.assert_array_equal(api['track_ids'], z['track_ids'])
    np.testing.assert_allclose(api['keypoints_3d'], z['keypoints_3d'],
                               atol=1e-3, equal_nan=True)
    np.testing.assert_allclose(api['scores'], z['scores'], atol=1e-6,
                               equal_nan=True)
    # and tools/test.py evaluates the same checkpoint (strict JSON out)
    out = tmp_path / 'metrics.json'
    code, err = call('test', [
        str(cfg), str(ckpt), '--work-dir', str(tmp_path / 'test'), '--out',
        str(out), '--cfg-options', f'visualizer.name=test_{name}_{id(out)}'
    ])
    assert code == 0, err[-3000:]
    assert 'panoptic/MPJPE' in json.loads(out.read_text())


@pytest.mark.slow
def test_geometric_baseline_config_synthetic(rec_dir, tmp_path):
    """The Panoptic geometric baseline config, no checkpoint: within a few
    cm of the ground truth (1 px detection noise)."""
    rec, gt = rec_dir
    z = infer(tmp_path / 'out', rec, '--config',
              'configs/geometric_baseline/geometric-baseline_panoptic-'
              'real40.py')
    X, G = z['keypoints_3d'], gt['keypoints_3d']
    assert X.shape[1] == G.shape[1]  # one track per person
    for f in range(2):
        err = np.linalg.norm(X[f, :, None] - G[f, None], axis=-1).mean(-1)
        assert err.min(1).max() < 40., err


@pytest.mark.slow
def test_geometric_baseline_config_shelf_4da(tmp_path):
    """projects/shelf's geometric baseline config on 4D Association files
    (PAF grouping done by the reader, dropped from the pipeline): the same
    poses as the default baseline infer.py builds (same thresholds at
    Shelf's image size)."""
    root = REPO.parent / 'shared' / 'data' / '4d_association' / 'data' / \
        'shelf'
    if not (root / 'detection' / '0.txt').is_file():
        pytest.skip(f'{root} not found')
    outs: List[dict] = []
    for i, extra in enumerate(
        ([], ['--config', 'projects/shelf/configs/geometric-baseline_'
              'shelf-4da.py'])):
        out = tmp_path / f'out{i}'
        code, err = call('infer', [
            '--calib', str(root / 'calibration.json'), '--detections',
            str(root / 'detection'), '--max-frames', '5', '--out',
            str(out), *_QUIET, *extra
        ])
        assert code == 0, err[-3000:]
        outs.append(check_poses(out / 'poses3d.npz', 5, 25))
    assert len(outs[1]['track_ids']) >= 2
    np.testing.assert_allclose(outs[1]['keypoints_3d'],
                               outs[0]['keypoints_3d'], atol=1e-3,
                               equal_nan=True)


@pytest.mark.parametrize('cfg', [
    'configs/videopose3d/videopose3d_tcn-27f_1xb128-12e_humaneva15-gt-'
    'cpu.py', 'configs/mvlift/mvssl_mlp-lifter_1xb64-48e_humaneva15-gt.py'
])
def test_lifter_config_refused(rec_dir, cfg, tmp_path):
    """IN19: a single-view lifter config in infer.py -> one line pointing
    to tools/videopose3d_demo.py."""
    rec, _ = rec_dir
    code, err = call('infer', [
        '--calib',
        str(rec / 'calibration.json'), '--detections',
        str(rec / 'detections'), '--layout', 'panoptic15', '--config', cfg,
        '--out',
        str(tmp_path / 'out'), *_QUIET
    ])
    last = err.strip().splitlines()[-1]
    assert code == 2, err[-2000:]
    assert last.startswith(f'error: {cfg}: model.type=')
    assert 'single-view 2D -> 3D lifter' in last
    assert 'tools/videopose3d_demo.py' in last
