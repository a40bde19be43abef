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

Rendering uses matplotlib (Agg) and PIL / OpenCV only.
"""
import argparse
import os.path as osp
import sys
import tempfile
from pathlib import Path
from typing import Optional, Sequence

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import matplotlib  # noqa: E402

matplotlib.use('Agg')
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402
from mmengine.runner import load_checkpoint  # noqa: E402
from PIL import Image  # noqa: E402

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
from selfpose_mm.registry import MODELS  # noqa: E402
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
    """Draw each frame (2D left, 3D right) and save the animation/strip."""
    w, h = size
    lim = np.abs(kp3d).max() * 1.05
    frames = []
    for t in range(len(kp3d)):
        fig = plt.figure(figsize=(6.4, 3.2), dpi=80)
        ax = fig.add_subplot(1, 2, 1)
        ax.set_xlim(0, w)
        ax.set_ylim(h, 0)
        ax.set_aspect('equal')
        ax.set_title(f'2D input, frame {t}', fontsize=8)
        if kp2d.shape[1] == kp3d.shape[1]:
            for a, b in links:
                ax.plot(kp2d[t, [a, b], 0], kp2d[t, [a, b], 1], 'b-', lw=1.5)
        else:  # a different 2D layout (e.g. COCO in, H36M out)
            ax.plot(kp2d[t, :, 0], kp2d[t, :, 1], 'b.', ms=4)
        ax3 = fig.add_subplot(1, 2, 2, projection='3d')
        ax3.view_init(elev=15., azim=-70)
        p = kp3d[t]
        for a, b in links:  # camera x, z (depth), -y (up)
            ax3.plot(p[[a, b], 0], p[[a, b], 2], -p[[a, b], 1], 'r-', lw=2)
        ax3.set_xlim(-lim, lim)
        ax3.set_ylim(-lim, lim)
        ax3.set_zlim(-lim, lim)
        ax3.set_title('3D (mm, root-relative)', fontsize=8)
        ax3.tick_params(labelsize=5)
        fig.canvas.draw()
        frames.append(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy())
        plt.close(fig)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == '.png':
        idx = np.linspace(0, len(frames) - 1, strip_frames).round()
        Image.fromarray(np.concatenate(
            [frames[int(i)] for i in idx], axis=1)).save(out)
    elif out.suffix == '.mp4':
        import cv2
        fh, fw = frames[0].shape[:2]
        vw = cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*'mp4v'), fps,
                             (fw, fh))
        for f in frames:
            vw.write(f[..., ::-1])
        vw.release()
    else:
        imgs = [Image.fromarray(f) for f in frames]
        imgs[0].save(out, save_all=True, append_images=imgs[1:],
                     duration=int(1000 / fps), loop=0)
    return out


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
