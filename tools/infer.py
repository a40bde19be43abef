"""3D poses from your own calibrated cameras, without writing code.

Geometric baseline on 2D detections (no weights needed)::

    python tools/infer.py --calib CALIB --detections CAM1 CAM2 ... \
        --layout body25b --out OUT

A trained model (config + checkpoint) on frames::

    python tools/infer.py --calib CALIB --images VID1 VID2 ... \
        --config CFG --checkpoint CKPT --out OUT

``--detections`` / ``--images`` take one path per camera (calibration
order) or a single folder whose sub-folders/files are matched to the
camera names (``cam01_json`` <-> ``cam_01``). Writes ``OUT/poses3d.json``
and ``OUT/poses3d.npz`` (schema: :mod:`selfpose_mm.apis.results`), the
calibration check (``calibration_check.{txt,json,png}``), per-frame view
overlays and 3D plots under ``OUT/vis/`` and an animation. See
``docs/inference.md``.
"""
import argparse
import json
import os.path as osp
import re
import sys
from pathlib import Path
from typing import List, Optional, Sequence

sys.path.insert(0, osp.abspath(osp.join(osp.dirname(__file__), '..')))

import numpy as np  # noqa: E402
from mmengine.logging import print_log  # noqa: E402

from selfpose_mm.apis import (MultiViewInferencer,  # noqa: E402
                              MultiViewRecording, check_calibration,
                              check_pose_size, format_report,
                              geometric_baseline_config, get_layout,
                              init_estimator, open_frame_source,
                              read_detections, strict_json)
from selfpose_mm.apis.io import (DETECTION_FORMATS,  # noqa: E402
                                 DetectionFormatError, SYNC_MODES)
from selfpose_mm.apis.layouts import (LAYOUTS,  # noqa: E402
                                      OPENPOSE_DEFAULT_BY_COUNT)
from selfpose_mm.geometry import (CONVENTIONS, CalibrationError,  # noqa
                                  check_camera_spread, load_calibration,
                                  project_points)


def _positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'{text!r} is not an integer') from None
    if value < 1:
        raise argparse.ArgumentTypeError(
            f'must be >= 1, got {value} (leave the option out for all '
            'frames)')
    return value


def parse_args(argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description='Multi-view 3D human pose on your own cameras',
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    g = p.add_argument_group('cameras')
    g.add_argument('--calib', required=True, help='calibration file')
    g.add_argument('--calib-convention', default='auto',
                   choices=CONVENTIONS)
    g.add_argument('--calib-unit', default=None, choices=('mm', 'cm', 'm'),
                   help='translation unit of OpenCV files that do not say')
    g.add_argument('--cameras', nargs='+', help='camera names to use, in '
                   'this order (default: all, calibration order)')
    g = p.add_argument_group('inputs')
    g.add_argument('--detections', nargs='+', help='2D detections: one '
                   'folder/file per camera, or one parent folder')
    g.add_argument('--det-format', default='auto',
                   choices=DETECTION_FORMATS + ('4da', ),
                   help='4da: 4D Association detection/<cam>.txt files '
                   '(BODY_25 candidates + PAFs, grouped per view by PAF; '
                   'auto-detected for .txt files)')
    g.add_argument('--layout', choices=sorted(LAYOUTS), help='keypoint '
                   'layout of the detections (default from the joint '
                   'count: 25 -> body25, 18 -> coco18, 17 -> coco17; '
                   'Pose2Sim uses body25b)')
    g.add_argument('--images', nargs='+', help='frames: one image folder '
                   'or video per camera, or one parent folder')
    g.add_argument('--sync', default='strict', choices=SYNC_MODES,
                   help='strict: all cameras must have the same frames')
    g.add_argument('--max-frames', type=_positive_int,
                   help='only the first N (>= 1; default: all)')
    g = p.add_argument_group('model')
    g.add_argument('--config', help='model config (default: the '
                   'training-free geometric baseline)')
    g.add_argument('--checkpoint', help='model weights')
    g.add_argument('--device', default='cpu')
    g.add_argument('--no-temporal', action='store_true', help='geometric '
                   'baseline: no tracking filter (ids are per frame)')
    g.add_argument('--min-score', type=float, default=0.0,
                   help='drop 3D people with a lower score')
    g = p.add_argument_group('outputs')
    g.add_argument('--out', required=True, help='output folder')
    g.add_argument('--vis-frames', type=int, default=4, help='frames with '
                   'overlay/3D pictures (evenly spaced; 0 = none)')
    g.add_argument('--animation', default='gif',
                   choices=('gif', 'mp4', 'none'))
    g.add_argument('--anim-frames', type=int, default=40,
                   help='frames in the animation (evenly spaced)')
    g.add_argument('--anim-height', type=int, default=240,
                   help='height in px of the animation')
    g.add_argument('--fps', type=float, default=10.)
    g.add_argument('--no-progress', action='store_true')
    return p.parse_args(argv)


# --------------------------------------------------------------------------
def _norm(s: str) -> str:
    return re.sub(r'[^a-z0-9]', '', s.lower())


def expand_inputs(paths: List[str], names: List[str], what: str,
                  want_dirs: Optional[bool] = None) -> List[Path]:
    """One path per camera: given so, or the children of one folder."""
    V = len(names)
    missing = [x for x in paths if not Path(x).exists()]
    if missing:
        raise FileNotFoundError(f'{missing[0]}: not found (--{what}); give '
                                'one existing file/folder per camera, or '
                                'one folder with one entry per camera')
    if len(paths) == V and not (V == 1 and Path(paths[0]).is_dir() and
                                _has_camera_children(Path(paths[0]))):
        return [Path(x) for x in paths]
    if len(paths) != 1 or not Path(paths[0]).is_dir():
        raise ValueError(f'{len(paths)} {what} paths for {V} cameras '
                         f'{names}; give one per camera or one folder with '
                         'one entry per camera')
    kids = sorted(c for c in Path(paths[0]).iterdir()
                  if not c.name.startswith('.'))
    if want_dirs is not None:
        kids = [c for c in kids if c.is_dir() == want_dirs] or kids
    out = []
    for n in names:
        hits = [c for c in kids if _norm(n) in _norm(c.name)]
        if len(hits) != 1:
            out = None
            break
        out.append(hits[0])
    if out is None:
        if len(kids) != V:
            raise ValueError(f'{paths[0]}: {len(kids)} entries '
                             f'{[c.name for c in kids]} for {V} cameras '
                             f'{names}; camera count mismatch')
        out = kids
        print_log(f'{what}: matched by sorted order: ' + ', '.join(
            f'{n} <- {c.name}' for n, c in zip(names, out)),
                  logger='current')
    return out


def _has_camera_children(path: Path) -> bool:
    return any(c.is_dir() for c in path.iterdir()) and not any(
        c.suffix == '.json' for c in path.iterdir())


def load_cameras(args: argparse.Namespace):
    kwargs = {}
    if args.calib_unit is not None:
        kwargs['unit'] = args.calib_unit
    cams = load_calibration(args.calib, args.calib_convention, **kwargs)
    if args.cameras:
        missing = [c for c in args.cameras if c not in cams]
        if missing:
            raise CalibrationError(f'{args.calib}: camera(s) {missing} not '
                                   f'found; available: {list(cams)}')
        cams = {c: cams[c] for c in args.cameras}
    if len(cams) < 2:
        raise CalibrationError(f'{args.calib}: {len(cams)} camera(s); '
                               'multi-view 3D needs at least 2')
    check_camera_spread(cams, args.calib)
    return cams


def read_4da_people(path: Path, cam) -> dict:
    """People of a 4D Association ``detection/<cam>.txt``, in pixels.

    The BODY_25 candidates (normalised by the image size) are grouped per
    view by their PAF scores, as ``projects/shelf`` does for Shelf.

    Args:
        path (Path): The detection file of one camera.
        cam (Camera): Its camera (for ``image_size``).

    Returns:
        dict: ``{frame index: (P, 25, 3)}`` x, y pixels and score.
    """
    from projects.shelf.shelf.io_4da import (BODY25_PAF_PAIRS,
                                             read_4da_detections)
    from projects.shelf.shelf.transforms import group_by_paf
    if cam.image_size is None:
        raise CalibrationError(f'{path}: 4D Association detections are '
                               'normalised by the image size; the '
                               'calibration gives none for this camera')
    try:
        frames = read_4da_detections(path)
    except (ValueError, IndexError) as e:
        raise DetectionFormatError(f'{path}: not a 4D Association BODY_25 '
                                   f'detection file ({e})') from None
    scale = np.array([*cam.image_size, 1.], np.float32)
    return {
        i: group_by_paf(f['candidates'], f['pafs'],
                        BODY25_PAF_PAIRS).astype(np.float32) * scale
        for i, f in enumerate(frames)
    }


def warn_without_confidence(dets: List[dict], sources: List[str]) -> int:
    """Warn loudly for cameras whose detections all have score <= 0.

    Such files (a score column of logits, or a wrong ``--det-format``)
    otherwise give zero people without a word.

    Returns:
        int: The number of cameras warned about.
    """
    warned = 0
    for frames, source in zip(dets, sources):
        scores = [a[..., 2].ravel() for a in frames.values() if a.size]
        if not scores:
            continue
        scores = np.concatenate(scores)
        if scores.max() <= 0:
            warned += 1
            print_log(
                f'{source}: all {scores.size} detection confidences are '
                '<= 0, so no joint will be used and no person found; check '
                'the score column (probabilities in [0, 1]) or --det-format',
                logger='current', level=30)
    return warned


def build_recording(args, cams) -> MultiViewRecording:
    names = list(cams)
    dets = frames = None
    sources = None
    if args.detections:
        paths = expand_inputs(args.detections, names, 'detections')
        K = get_layout(args.layout).num_keypoints if args.layout else None
        dets = [
            read_4da_people(p, cams[n]) if args.det_format == '4da' or (
                args.det_format == 'auto' and p.suffix == '.txt') else
            read_detections(p, args.det_format, K)
            for p, n in zip(paths, names)
        ]
        sources = [str(p) for p in paths]
        warn_without_confidence(dets, sources)
    if args.images:
        paths = expand_inputs(args.images, names, 'images')
        frames = [open_frame_source(p) for p in paths]
        sources = sources or [str(p) for p in paths]
    if dets is None and frames is None:
        raise ValueError('give --detections and/or --images')
    rec = MultiViewRecording(cams, dets, frames, sequence=Path(
        args.out).name, sync=args.sync, load_images=False, sources=sources)
    if args.max_frames is not None:
        rec.frame_ids = rec.frame_ids[:args.max_frames]
    return rec


def build_model(args, rec: MultiViewRecording):
    if args.config:
        model = init_estimator(args.config, args.checkpoint, args.device)
        return model, model.cfg.get('layout', args.layout)
    if rec.detections is None:
        raise ValueError('the geometric baseline needs 2D detections '
                         '(--detections); for frames only, pass a trained '
                         '--config and --checkpoint')
    K = rec.num_keypoints
    if K is None:
        raise ValueError('no person in any detection file')
    layout = args.layout or OPENPOSE_DEFAULT_BY_COUNT.get(K)
    if layout is None or get_layout(layout).num_keypoints != K:
        raise ValueError(f'detections have {K} joints; pass --layout (one '
                         f'of {sorted(LAYOUTS)})')
    size = rec.image_size.max(0)
    cfg = geometric_baseline_config(layout, tuple(size),
                                    temporal=not args.no_temporal)
    return init_estimator(cfg, device=args.device), layout


# --------------------------------------------------------------------------
def visualise(args, rec, seq, out: Path) -> None:
    from selfpose_mm.registry import VISUALIZERS
    vis = VISUALIZERS.build(dict(type='MultiViewPoseVisualizer',
                                 name='infer', _scope_='selfpose_mm'))
    draw_reprojection, plot_skeletons_3d = (vis.draw_view_overlay,
                                            vis.draw_skeletons_3d)
    save_animation, tile_views = vis.save_animation, vis.tile_views
    import cv2
    skel = seq.layout.skeleton if seq.layout is not None else []
    cp = rec.camera_params
    centres = np.stack([c.center for c in rec.cameras.values()])
    allX = [f.keypoints_3d.reshape(-1, 3) for f in seq.frames
            if len(f.ids)]
    pts = np.concatenate(allX + [centres])
    lo, hi = pts.min(0), pts.max(0)
    mid, half = (lo + hi) / 2, (hi - lo).max() / 2 * 1.05
    limits = np.stack([mid - half, mid + half], 1)
    limits[2] = [min(lo[2], 0), max(hi[2], 0) + 100]
    F = len(seq.frames)
    n_vis = min(args.vis_frames, F)
    vis_idx = set(np.linspace(0, F - 1, n_vis).round().astype(int)) \
        if n_vis else set()
    n_anim = 0 if args.animation == 'none' else min(args.anim_frames, F)
    anim_idx = set(np.linspace(0, F - 1, n_anim).round().astype(int)) \
        if n_anim else set()
    anim = []
    vis_dir = out / 'vis'
    for i in sorted(vis_idx | anim_idx):
        fr = seq.frames[i]
        X = fr.keypoints_3d.astype(np.float64)
        V = len(rec.camera_names)
        views = []
        imgs = ([s.read(fr.frame_id) for s in rec.frames]
                if rec.frames is not None else [None] * V)
        dets = rec.detections_at(rec.frame_ids.index(fr.frame_id),
                                 X.shape[1] if len(X) else
                                 (rec.num_keypoints or 0)) \
            if rec.detections is not None else None
        for v in range(V):
            proj = project_points(X.reshape(-1, 3), cp['K'][v], cp['R'][v],
                                  cp['t'][v], cp['dist'][v]).reshape(
                                      X.shape[:2] + (2, )) if len(X) else \
                np.zeros((0, 0, 2))
            views.append(draw_reprojection(
                imgs[v], cp['image_size'][v],
                dets[v] if dets is not None else np.zeros((0, 0, 3)),
                proj, fr.ids, skel,
                title=f'{rec.camera_names[v]}  frame {fr.frame_id}'))
        title = f'frame {fr.frame_id}: {len(fr.ids)} people'
        if i in vis_idx:
            vis_dir.mkdir(parents=True, exist_ok=True)
            cv2.imwrite(str(vis_dir / f'overlay_{fr.frame_id:06d}.jpg'),
                        tile_views(views, 480),
                        [cv2.IMWRITE_JPEG_QUALITY, 85])
            img3d = plot_skeletons_3d(X, fr.ids, skel, centres, limits,
                                      title)
            cv2.imwrite(str(vis_dir / f'skeleton3d_{fr.frame_id:06d}.png'),
                        img3d[..., ::-1])
        if i in anim_idx:
            h = args.anim_height
            tiles = tile_views(views, h)[..., ::-1]
            img3d = plot_skeletons_3d(X, fr.ids, skel, centres, limits,
                                      title, size=(h / 60, h / 60), dpi=60)
            img3d = tile_views([img3d], h)
            anim.append(np.concatenate([tiles, img3d], 1))
    if anim:
        path = save_animation(anim, out / f'sequence.{args.animation}',
                              fps=args.fps)
        print_log(f'animation: {path}', logger='current')


def run(args: argparse.Namespace) -> dict:
    out = Path(args.out)
    cams = load_cameras(args)
    rec = build_recording(args, cams)
    model, layout = build_model(args, rec)
    seq = MultiViewInferencer(model, layout=layout)(
        rec, progress=not args.no_progress)
    if args.min_score > 0:
        for f in seq.frames:
            keep = f.scores >= args.min_score
            f.keypoints_3d, f.keypoint_scores = (f.keypoints_3d[keep],
                                                 f.keypoint_scores[keep])
            f.scores, f.ids = f.scores[keep], f.ids[keep]
    out.mkdir(parents=True, exist_ok=True)
    seq.save_json(out / 'poses3d.json')
    seq.save_npz(out / 'poses3d.npz')
    summary = dict(frames=len(seq.frames),
                   tracks=seq.track_ids.tolist(),
                   people_per_frame=float(np.mean(
                       [len(f.ids) for f in seq.frames])))
    if rec.detections is not None:
        from selfpose_mm.registry import VISUALIZERS
        plot_reprojection_report = VISUALIZERS.build(dict(
            type='MultiViewPoseVisualizer', name='infer',
            _scope_='selfpose_mm')).draw_reprojection_report
        # logs loud warnings: body size (unit), per-camera reprojection
        report = check_calibration(seq, rec, args.calib)
        table = format_report(report)
        print(table)
        warnings = ''.join(f'WARNING: {w}\n' for w in report['warnings'])
        (out / 'calibration_check.txt').write_text(table + '\n' + warnings)
        with open(out / 'calibration_check.json', 'w') as f:
            json.dump(strict_json(dict(
                rows=report['rows'], score_thr=report['score_thr'],
                gate_px=report['gate_px'],
                median_bone_mm=report['median_bone_mm'],
                warnings=report['warnings'])), f, indent=1, allow_nan=False)
        plot_reprojection_report(report, out / 'calibration_check.png')
        summary['reprojection'] = report['rows']
    else:  # frames only: the body size still tells a wrong unit
        check_pose_size(seq, args.calib)
    visualise(args, rec, seq, out)
    print_log(f'{len(seq.frames)} frames, track ids '
              f'{seq.track_ids.tolist()}; results in {out}/poses3d.json '
              'and poses3d.npz', logger='current')
    return summary


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse_args(argv)
    try:
        run(args)
    except (CalibrationError, DetectionFormatError, ValueError, KeyError,
            FileNotFoundError) as e:
        msg = e.args[0] if isinstance(e, KeyError) and e.args else e
        print(f'error: {msg}', file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main())
