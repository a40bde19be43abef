"""Calibration checker: reprojection of the 2D detections after
triangulation, per camera.

For every frame and 3D person, each camera's 2D person is the detection
closest to the person's reprojection (median over joints, within
``gate_px``). Two errors per matched joint (pixels):

* **all views**: the joint as triangulated (from all cameras) reprojected
  into the camera, against the detection;
* **held out**: the joint re-triangulated (DLT) from the *other* cameras'
  matched detections only, reprojected into the camera. A camera with a
  bad calibration shows a much larger held-out error than the others.
"""
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch

from selfpose_mm.geometry import triangulate_dlt
from .calibration_sanity import (check_body_size, check_reprojection,
                                 median_bone_length)
from .io import MultiViewRecording
from .results import PoseSequence

__all__ = [
    'reprojection_report', 'format_report', 'check_calibration',
    'check_pose_size'
]


def _match(proj: np.ndarray, dets: np.ndarray, ks: np.ndarray,
           thr: float, gate: float) -> np.ndarray:
    """Detection index per (view, person): proj (V, N, K, 2), dets
    (V, P, K, 3), ks (N, K); -1 when none within the gate."""
    V, N = proj.shape[:2]
    d = np.linalg.norm(proj[:, :, None] - dets[:, None, :, :, :2], axis=-1)
    ok = (dets[:, None, :, :, 2] > thr) & (ks[None, :, None] > 0)
    d = np.where(ok, d, np.nan)
    enough = ok.sum(-1) >= 3
    with np.errstate(all='ignore'):
        med = np.where(enough, np.nanmedian(np.where(enough[..., None], d,
                                                     0.), -1), np.inf)
    out = np.full((V, N), -1, np.int64)
    for v in range(V):  # one detection per person and view (greedy)
        m = med[v].copy()
        while m.size and np.isfinite(m).any() and m.min() < gate:
            n, p = np.unravel_index(np.argmin(m), m.shape)
            out[v, n] = p
            m[n, :], m[:, p] = np.inf, np.inf
    return out


def reprojection_report(poses: PoseSequence,
                        recording: MultiViewRecording,
                        score_thr: float = 0.3,
                        gate_px: Optional[float] = None) -> Dict:
    """Per-camera reprojection errors of a recording's 3D poses.

    Args:
        poses: Inference result.
        recording: The recording it came from (detections needed).
        score_thr: Detections below this score are not scored.
        gate_px: Matching gate in pixels; default 5 % of the image
            diagonal.

    Returns:
        dict: ``cameras`` (names), per camera ``all_views`` and
        ``held_out`` arrays of joint errors (px), and ``rows``: per camera
        ``n_joints``, ``mean``, ``median``, ``p90`` for both errors.
    """
    if recording.detections is None:
        raise ValueError('the calibration check needs 2D detections')
    cams = recording.multiview_cameras.to(torch.float64)
    P = cams.projection_matrices
    V = len(recording.camera_names)
    size = cams.image_size.numpy()
    gate = gate_px or 0.05 * float(np.hypot(*size.max(0)))
    all_err: List[List[np.ndarray]] = [[] for _ in range(V)]
    held: List[List[np.ndarray]] = [[] for _ in range(V)]
    by_frame = {f.frame_id: f for f in poses.frames}
    for i, fid in enumerate(recording.frame_ids):
        fr = by_frame.get(fid)
        if fr is None or not len(fr.ids):
            continue
        X = torch.as_tensor(fr.keypoints_3d, dtype=torch.float64)
        N, K = X.shape[:2]
        dets = recording.detections_at(i, K)
        proj = cams.project(X.reshape(1, -1, 3).expand(V, -1, -1)).reshape(
            V, N, K, 2).numpy()
        ks = np.asarray(fr.keypoint_scores)
        match = _match(proj, dets, ks, score_thr, gate)
        obs = np.zeros((V, N, K, 3))
        for v in range(V):
            for n in np.flatnonzero(match[v] >= 0):
                obs[v, n] = dets[v, match[v, n]]
        w = (obs[..., 2] > score_thr) & (ks[None] > 0)
        e_all = np.linalg.norm(proj - obs[..., :2], axis=-1)
        # held out: triangulate from the other views, all V at once
        und = cams.undistort(torch.as_tensor(obs[..., :2]).reshape(
            V, -1, 2)).reshape(V, N, K, 2)
        wt = torch.as_tensor(w * obs[..., 2])
        hold = 1.0 - torch.eye(V, dtype=torch.float64)  # (V_out, V_in)
        W = wt[None] * hold[:, :, None, None]  # (Vo, Vi, N, K)
        pts = und.permute(1, 0, 2, 3)[None].expand(V, -1, -1, -1, -1)
        Wn = W.permute(0, 2, 1, 3)  # (Vo, N, Vi, K)
        Xh = triangulate_dlt(pts, P[None, None], Wn)  # (Vo, N, K, 3)
        ph = cams.project(Xh.reshape(V, -1, 3)).reshape(V, N, K,
                                                         2).numpy()
        e_held = np.linalg.norm(ph - obs[..., :2], axis=-1)
        n_other = ((W > 0).sum(1) >= 2).numpy()  # (Vo, N, K)
        for v in range(V):
            all_err[v].append(e_all[v][w[v]])
            held[v].append(e_held[v][w[v] & n_other[v]])

    def stats(e: np.ndarray) -> Dict:
        if not e.size:
            return dict(n_joints=0, mean=np.nan, median=np.nan, p90=np.nan)
        return dict(n_joints=int(e.size), mean=float(e.mean()),
                    median=float(np.median(e)),
                    p90=float(np.percentile(e, 90)))

    all_c = [np.concatenate(e) if e else np.zeros(0) for e in all_err]
    held_c = [np.concatenate(e) if e else np.zeros(0) for e in held]
    rows = [dict(camera=n, all_views=stats(a), held_out=stats(h))
            for n, a, h in zip(recording.camera_names, all_c, held_c)]
    return dict(cameras=recording.camera_names, all_views=all_c,
                held_out=held_c, rows=rows, score_thr=score_thr,
                gate_px=gate)


def format_report(report: Dict, warn_factor: float = 2.0) -> str:
    """A text table; cameras whose held-out median is more than
    ``warn_factor`` x the median of all cameras are flagged."""
    rows = report['rows']
    meds = np.array([r['held_out']['median'] for r in rows])
    ref = np.nanmedian(meds) if np.isfinite(meds).any() else np.nan
    head = (f'{"camera":<12}{"joints":>8}{"mean":>8}{"median":>8}'
            f'{"p90":>8} |{"held-out mean":>14}{"median":>8}{"p90":>8}')
    lines = ['Reprojection error per camera (px): all views | held out',
             head, '-' * len(head)]
    for r, m in zip(rows, meds):
        a, h = r['all_views'], r['held_out']
        flag = '  <-- check this camera' if np.isfinite(ref) and \
            m > warn_factor * ref else ''
        lines.append(f'{r["camera"]:<12}{a["n_joints"]:>8}{a["mean"]:>8.2f}'
                     f'{a["median"]:>8.2f}{a["p90"]:>8.2f} |'
                     f'{h["mean"]:>14.2f}{h["median"]:>8.2f}'
                     f'{h["p90"]:>8.2f}{flag}')
    return '\n'.join(lines)


def check_calibration(poses: PoseSequence, recording: MultiViewRecording,
                      source: str, **kwargs) -> Dict:
    """The reprojection report plus the loud sanity checks.

    Runs :func:`reprojection_report`, then
    :func:`~selfpose_mm.apis.calibration_sanity.check_body_size` on the
    people's median bone length (needs ``poses.layout``) and
    :func:`~selfpose_mm.apis.calibration_sanity.check_reprojection`.

    Args:
        poses: Inference result.
        recording: The recording it came from (detections needed).
        source: The calibration file, for the messages.
        **kwargs: Passed to :func:`reprojection_report`.

    Returns:
        dict: The report, with ``median_bone_mm`` and ``warnings`` (the
        logged messages).
    """
    report = reprojection_report(poses, recording, **kwargs)
    bone, size_warning = check_pose_size(poses, source)
    warnings = [size_warning] if size_warning else []
    warnings += check_reprojection(report, source)
    report.update(median_bone_mm=bone, warnings=warnings)
    return report


def check_pose_size(poses: PoseSequence,
                    source: str) -> Tuple[float, Optional[str]]:
    """Median bone length of the people, and the body-size warning.

    Needs no detections (frames-only models too).

    Args:
        poses: Inference result; its ``layout`` gives the bones (no layout:
            NaN and no warning).
        source: The calibration file, for the message.

    Returns:
        tuple: ``(median bone length in mm, warning or None)``.
    """
    skeleton = poses.layout.skeleton if poses.layout is not None else []
    bone = median_bone_length((f.keypoints_3d for f in poses.frames),
                              (f.keypoint_scores for f in poses.frames),
                              skeleton)
    return bone, check_body_size(bone, source)
