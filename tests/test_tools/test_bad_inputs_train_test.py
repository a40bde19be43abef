"""Bad inputs to tools/train.py and tools/test.py: one ``error:`` line.

Case ids match docs/bad_inputs.md. Every case runs ``main(argv)``
in-process and checks exit code 2, that the last stderr line starts with
``error:``/``<tool>.py: error:`` and names the field and the fix, and that
no traceback was printed.
"""
import json
import math
import os
import tempfile
from pathlib import Path

import pytest
import torch

from tests.test_tools._cli import TINY, call, tool

_CASES = [
    # id, tool, argv (``{tmp}`` is a temporary folder), expected substrings
    ('TT01', 'train', ['nope.py'], ['nope.py', 'config file not found']),
    ('TT02', 'test', ['nope.py', 'x.pth'], ['nope.py', 'config file']),
    ('TT03', 'test', [TINY, '{tmp}/nope.pth'],
     ['nope.pth', 'checkpoint file not found', 'tools/train.py']),
    ('TT04', 'train', [TINY, '--resume', '{tmp}/nope.pth'],
     ['nope.pth', 'checkpoint file not found', '--resume']),
    ('TT05', 'train', [TINY, '--cfg-options', 'train_cfg.max_iters'],
     ['--cfg-options', 'needs key=value', 'train_cfg.max_iters=']),
    ('TT06', 'train', [TINY, '--cfg-options', '=5'], ['needs key=value']),
    ('TT07', 'train', [TINY, '--cfg-options', 'train_cfg.max_iter=5'],
     ['train_cfg.max_iter', 'Did you mean "max_iters"', TINY]),
    ('TT08', 'train', [TINY, '--cfg-options', 'train_cfg.max_iters=abc'],
     ['train_cfg.max_iters', 'integer', "'abc'"]),
    ('TT09', 'train', [TINY, '--cfg-options', 'train_cfg.max_iters=0'],
     ['train_cfg.max_iters must be an integer >= 1']),
    ('TT10', 'train', [TINY, '--cfg-options', 'train_cfg.max_iters=-5'],
     ['train_cfg.max_iters', '-5']),
    ('TT11', 'train', [TINY, '--cfg-options', 'train_cfg.val_interval=0'],
     ['train_cfg.val_interval']),
    ('TT12', 'train', [TINY, '--cfg-options', 'param_scheduler.0.begin=50'],
     ['param_scheduler[0]', 'begins at iteration 50',
      'train_cfg.max_iters=40']),
    ('TT13', 'train', [TINY, '--amp'], ['--amp needs a CUDA GPU',
                                        'drop --amp']),
    ('TT14', 'train', [TINY, '--show-dir', '{tmp}/vis'],
     ['--show-dir needs default_hooks.visualization']),
    ('TT15', 'test', [TINY, 'none', '--dump', '{tmp}/x.json'],
     ['--dump', '.pkl']),
    ('TT16', 'train', [TINY, '--cfg-options', 'train_dataloder.batch_size=2'],
     ['train_dataloder', 'Did you mean "train_dataloader"']),
    ('TT17', 'train', [TINY, '--cfg-options', 'model.backbone.chanels=8'],
     ['model.backbone.chanels', 'Did you mean "channels"']),
    ('TT18', 'test', [TINY, 'none', '--cfg-options', 'test_cfg.fp61=True'],
     ['test_cfg.fp61', 'Did you mean "fp16"']),
    ('TT22', 'train', [TINY, '--launcher', 'pytorch'],
     ['--launcher pytorch', 'torchrun', 'dist_train.sh']),
    ('TT24', 'train', [TINY, '--tensorboard'],
     ['--tensorboard', 'pip install']),
]


def _skip(case_id: str) -> str:
    if case_id in ('TT13', 'TT22') and torch.cuda.is_available():
        return 'needs a CPU-only machine'
    if case_id == 'TT22' and 'RANK' in os.environ:
        return 'runs under torchrun'
    if case_id == 'TT24':
        try:
            import tensorboard  # noqa: F401
            return 'tensorboard is installed'
        except ImportError:
            pass
    return ''


@pytest.mark.parametrize('case_id,name,argv,expected', _CASES,
                         ids=[c[0] for c in _CASES])
def test_bad_input(case_id, name, argv, expected):
    reason = _skip(case_id)
    if reason:
        pytest.skip(reason)
    with tempfile.TemporaryDirectory() as tmp:
        argv = [a.replace('{tmp}', tmp) for a in argv]
        if name == 'train' or case_id == 'TT18':
            argv += ['--work-dir', f'{tmp}/work']
        code, err = call(name, argv)
    lines = err.strip().splitlines()
    assert code == 2, err[-2000:]
    assert lines and 'error: ' in lines[-1], err[-2000:]
    assert 'Traceback' not in err
    for text in expected:
        assert text in lines[-1], (text, lines[-1])


def test_tensorboard_flag_adds_backend():
    """TT25: with tensorboard present, --tensorboard adds the backend."""
    pytest.importorskip('tensorboard')
    from mmengine.config import Config
    train = tool('train')
    args = train.parse_args([TINY, '--tensorboard'])
    cfg = train.merge_args(Config.fromfile(TINY), args)
    assert {'type': 'TensorboardVisBackend'} in cfg.visualizer.vis_backends


class TestCheckpointMismatch:
    """TT19/TT20: another model's checkpoint in tools/test.py."""

    def test_refused_then_allowed(self):
        with tempfile.TemporaryDirectory() as tmp:
            ckpt = Path(tmp) / 'other.pth'
            torch.save(dict(state_dict=torch.nn.Linear(3, 2).state_dict()),
                       ckpt)
            # own visualizer instance: MMEngine keeps one per name per
            # process, and an earlier in-process Runner's points at a
            # deleted work dir
            vis = ['--cfg-options', f'visualizer.name=mismatch_{id(tmp)}']
            code, err = call('test',
                             [TINY, str(ckpt), '--work-dir', tmp, *vis])
            last = err.strip().splitlines()[-1]
            assert code == 2, err[-2000:]
            assert 'other.pth does not fit the model' in last
            assert 'missing keys' in last and "'weight'" in last
            assert '--allow-partial-checkpoint' in last
            out = Path(tmp) / 'm.json'
            code, err = call('test', [
                TINY,
                str(ckpt), '--work-dir', tmp, '--allow-partial-checkpoint',
                '--out',
                str(out), '--cfg-options', f'visualizer.name=partial_{id(out)}'
            ])
            assert code == 0, err[-2000:]
            assert 'MPJPE' in json.loads(out.read_text())


class TestOutJson:
    """TT21: --out writes strict JSON, NaN/Infinity -> null."""

    def test_nan_and_inf_become_null(self):
        test = tool('test')

        class _Runner:
            rank = 0

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / 'm.json'
            test._SaveMetricHook(str(out)).after_test_epoch(
                _Runner(), dict(MPJPE=float('nan'), PCK=float('inf'),
                                ok=torch.tensor(1.5)))
            text = out.read_text()
            assert 'NaN' not in text and 'Infinity' not in text
            # strict parser: rejects NaN/Infinity constants
            data = json.loads(text, parse_constant=lambda c: 1 / 0)
        assert data == dict(MPJPE=None, PCK=None, ok=1.5)
        assert math.isfinite(data['ok'])
