"""2D keypoints of a video -> 3D poses -> a GIF/MP4 animation or PNG strip.

Input is VideoPose3D's custom 2D format (``data_2d_custom_<name>.npz``:
``positions_2d = {video: {'custom': [(T, J, 2) pixels]}}``, ``metadata =
{'video_metadata': {video: {'w': W, 'h': H}}, 'keypoints_symmetry':
[left, right]}``), or, with ``--from-2d``, one (subject, action, camera) of
a VideoPose3D ``data_2d_<dataset>_<source>.npz`` (written out in the custom
format first). The 2D layout must be the model's input layout.

Examples::

    python tools/videopose3d_demo.py CONFIG CKPT --input data_2d_custom_x.npz \
        --video my.mp4 --out demo.gif
    python tools/videopose3d_demo.py CONFIG CKPT \
        --from-2d $H/data_2d_humaneva15_gt.npz \
        --subject Validate/S1 --action "Walking 1 chunk4" --camera 0 \
        --out work_dirs/demo.gif

Rendering goes through the registered ``MultiViewPoseVisualizer``
(matplotlib on its own Agg canvas; no global backend is set).
"""
import argparse
import os.path as osp
import sys
import tempfile
from pathlib import Path
from typing import Optional, Sequence

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402
from mmengine.runner import load_checkpoint  # noqa: E402

import selfpose_mm  # noqa: E402,F401  (mmcv.ops stand-in)
from selfpose_mm.datasets import CustomVideoDataset  # noqa: E402
from selfpose_mm.datasets.videopose3d import load_positions_2d  # noqa: E402
from selfpose_mm.engine.cli import (UsageError, load_config,  # noqa: E402
                                    require_file, run_cli)
from selfpose_mm.models.utils.lifter_inputs import (  # noqa: E402
    LifterInputError, check_keypoints_2d)

OUT_SUFFIXES = ('.gif', '.mp4', '.png')


def _positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'{text!r} is not an integer') from None
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be >= 1, got {value}')
    return value
from selfpose_mm.registry import MODELS, VISUALIZERS  # noqa: E402
from selfpose_mm.utils import get_dataset_meta  # noqa: E402


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('config')
    p.add_argument('checkpoint')
    p.add_argument('--input', help='custom-format 2D npz')
    p.add_argument('--video', help='video key in --input (default: first)')
    p.add_argument('--from-2d', help='a VideoPose3D data_2d_*.npz instead')
    p.add_argument('--subject')
    p.add_argument('--action')
    p.add_argument('--camera', type=int, default=0)
    p.add_argument('--width', type=float, default=None,
                   help='image width for --from-2d (default: 640 for '
                   'humaneva15, 1000 for h36m)')
    p.add_argument('--height', type=float, default=None)
    p.add_argument('--out', default='work_dirs/videopose3d_demo.gif',
                   help='.gif, .mp4 or .png (a strip of frames)')
    p.add_argument('--max-frames', type=_positive_int, default=120,
                   help='frames to render (>= 1)')
    p.add_argument('--strip-frames', type=_positive_int, default=6)
    p.add_argument('--fps', type=float, default=20.)
    p.add_argument('--no-flip-test', action='store_true')
    args = p.parse_args(argv)
    if (args.input is None) == (args.from_2d is None):
        p.error('give exactly one of --input (custom 2D npz) and --from-2d '
                '(a VideoPose3D data_2d_*.npz)')
    if args.from_2d and (args.subject is None or args.action is None):
        p.error('--from-2d needs --subject and --action')
    if Path(args.out).suffix not in OUT_SUFFIXES:
        p.error(f'--out {args.out}: the suffix must be one of '
                f'{list(OUT_SUFFIXES)}')
    return args


def export_custom(args, dataset_name: str, folder: str) -> tuple:
    """Write one sequence of a VideoPose3D 2D file as a custom npz."""
    pos, meta = load_positions_2d(args.from_2d)
    if args.subject not in pos:
        raise UsageError(f'{args.from_2d}: no subject {args.subject!r} '
                         f'(--subject); available: {sorted(pos)}')
    if args.action not in pos[args.subject]:
        raise UsageError(
            f'{args.from_2d}: subject {args.subject!r} has no action '
            f'{args.action!r} (--action); available: '
            f'{sorted(pos[args.subject])}')
    cams = pos[args.subject][args.action]
    if not 0 <= args.camera < len(cams) or cams[args.camera] is None:
        raise UsageError(f'{args.from_2d}: --camera {args.camera} not '
                         f'available (0..{len(cams) - 1})')
    kp = cams[args.camera]
    w = args.width or (640. if dataset_name == 'humaneva15' else 1000.)
    h = args.height or (480. if dataset_name == 'humaneva15' else 1002.)
    name = f'{args.subject}_{args.action}_{args.camera}'.replace('/', '-')
    meta = dict(meta, video_metadata={name: dict(w=w, h=h)})
    path = Path(folder) / 'data_2d_custom_demo.npz'
    np.savez_compressed(
        path, positions_2d={name: {'custom': [kp]}}, metadata=meta)
    return str(path), name


def render(kp2d, kp3d, links, size, out, fps, strip_frames):
    """Draw each frame (2D left, 3D right) and save the animation/strip.

    The frames come from :class:`MultiViewPoseVisualizer`
    (:meth:`~MultiViewPoseVisualizer.draw_lifting_sequence`).
    """
    vis = VISUALIZERS.build(
        dict(type='MultiViewPoseVisualizer', name='videopose3d_demo',
             _scope_='selfpose_mm'))
    frames = vis.draw_lifting_sequence(kp2d, kp3d, links, size)
    out = Path(out)
    if out.suffix == '.png':
        return vis.save_strip(frames, out, strip_frames)
    return vis.save_animation(frames, out, fps, palette_colors=None)


def _lift(args, cfg, model, dataset_name: str):
    """Read the 2D input, check it and lift it (one sequence)."""
    with tempfile.TemporaryDirectory() as tmp:
        if args.from_2d:
            path, video = export_custom(args, dataset_name, tmp)
        else:
            path, video = args.input, args.video
        pipeline = [
            dict(type='TemporalWindow', receptive_field=model.receptive_field),
            dict(type='EncodeVideoLifting', codec=cfg.codec),
            dict(type='PackVideoLiftingInputs'),
        ]
        ds = CustomVideoDataset(
            ann_file=path,
            videos=[video] if video else None,
            output_dataset=dataset_name,
            pipeline=pipeline)
        seq = ds.sequences[0]
        joints = cfg.model.backbone.get('in_channels', 0) // 2 or None
        check_keypoints_2d(seq['keypoints_2d'], joints,
                           f'{path}: positions_2d[{seq["subject"]!r}]')
        item = ds[0]
        with torch.no_grad():
            sample = model.predict([item['inputs']],
                                   [item['data_samples']])[0]
    return sample, seq


def main(argv: Optional[Sequence[str]] = None) -> None:
    args = parse_args(argv)
    torch.set_num_threads(2)
    cfg = load_config(args.config)
    require_file(args.checkpoint, 'checkpoint',
                 'give a .pth written by tools/train.py for this config')
    if args.input:
        require_file(args.input, '--input',
                     'give a data_2d_custom_<name>.npz (see docs)')
    init_default_scope(cfg.get('default_scope', 'selfpose_mm'))
    model = MODELS.build(cfg.model)
    load_checkpoint(model, args.checkpoint, map_location='cpu')
    model.eval()
    model.test_cfg['flip_test'] = not args.no_flip_test
    dataset_name = cfg.val_dataloader.dataset.get('dataset_name', 'h36m')
    try:
        sample, seq = _lift(args, cfg, model, dataset_name)
    except LifterInputError as err:  # --input / --from-2d content
        raise UsageError(str(err)) from None
    kp3d = sample.pred_instances.keypoints_3d
    n = min(len(kp3d), args.max_frames)
    links = get_dataset_meta(dataset_name)['skeleton_links']
    out = render(seq['keypoints_2d'][:n], kp3d[:n], links,
                 seq['image_size'], args.out, args.fps, args.strip_frames)
    print(f'{len(kp3d)} frames lifted, {n} rendered -> {out}')


if __name__ == '__main__':
    run_cli(main)
