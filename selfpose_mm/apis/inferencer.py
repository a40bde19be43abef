"""Run an estimator over a whole multi-view recording."""
from typing import Dict, List, Optional, Union

import numpy as np
import torch
from mmengine.dataset import Compose
from tqdm import tqdm

from .inference import build_test_pipeline, inference_multiview
from .io import MultiViewRecording
from .layouts import KeypointLayout, get_layout
from .results import FramePoses, PoseSequence

__all__ = ['GreedyTracker', 'MultiViewInferencer']


def _np(x) -> np.ndarray:
    return x.detach().cpu().numpy() if isinstance(x, torch.Tensor) else \
        np.asarray(x)


class GreedyTracker:
    """Person ids for models that do not track: greedy nearest match of
    the mean joint position between consecutive frames.

    Args:
        gate (float): Largest match distance in mm. Defaults to 500.
        max_gap (int): Frames a track may go unseen. Defaults to 10.
    """

    def __init__(self, gate: float = 500., max_gap: int = 10) -> None:
        self.gate, self.max_gap = gate, max_gap
        self.tracks: Dict[int, Dict] = {}
        self.next_id = 0

    def __call__(self, X: np.ndarray, frame: int) -> np.ndarray:
        """Ids ``(N,)`` for people ``(N, K, 3)`` of ``frame``."""
        centres = np.nanmean(X, axis=1) if len(X) else np.zeros((0, 3))
        live = [i for i, t in self.tracks.items()
                if frame - t['frame'] <= self.max_gap]
        ids = np.full(len(X), -1, np.int64)
        if live and len(X):
            C = np.stack([self.tracks[i]['c'] for i in live])
            D = np.linalg.norm(centres[:, None] - C[None], axis=-1)
            while np.isfinite(D).any() and D.min() < self.gate:
                n, j = np.unravel_index(np.argmin(D), D.shape)
                ids[n] = live[j]
                D[n, :], D[:, j] = np.inf, np.inf
        for n in np.flatnonzero(ids < 0):
            ids[n] = self.next_id
            self.next_id += 1
        for n, i in enumerate(ids):
            self.tracks[int(i)] = dict(c=centres[n], frame=frame)
        return ids


class MultiViewInferencer:
    """3D poses for every frame of a :class:`MultiViewRecording`.

    Args:
        model (nn.Module): From :func:`init_estimator`.
        pipeline (Compose, optional): Packs a recording item; defaults to
            the model config's inference pipeline.
        layout (str | KeypointLayout, optional): Layout of the outputs,
            written to the result files.
        batch_size (int): Frames per forward pass; keep 1 for models that
            filter over time (the geometric baseline). Defaults to 1.
    """

    def __init__(self,
                 model: torch.nn.Module,
                 pipeline: Optional[Compose] = None,
                 layout: Union[str, KeypointLayout, None] = None,
                 batch_size: int = 1) -> None:
        self.model = model
        self.pipeline = pipeline or build_test_pipeline(model.cfg)
        if layout is None:
            layout = model.cfg.get('layout')
        self.layout = get_layout(layout) if isinstance(layout, str) \
            else layout
        self.batch_size = batch_size

    def _frame(self, sample, frame_id: int,
               tracker: GreedyTracker) -> FramePoses:
        pred = sample.pred_instances
        X = _np(pred.keypoints_3d).astype(np.float32).reshape(
            -1, *np.shape(pred.keypoints_3d)[-2:])
        N, K = X.shape[:2]
        ks = _np(pred.keypoint_scores) if 'keypoint_scores' in pred else \
            np.ones((N, K))
        sc = _np(pred.scores) if 'scores' in pred else ks.mean(-1)
        if 'instance_ids' in pred:
            ids = _np(pred.instance_ids).astype(np.int64)
        else:
            ids = tracker(X, frame_id)
        return FramePoses(int(frame_id), X, ks.astype(np.float32),
                          sc.astype(np.float32), ids)

    def __call__(self, recording: MultiViewRecording,
                 progress: bool = True) -> PoseSequence:
        """Infer every frame (in time order) and collect the results."""
        tracker = GreedyTracker()
        frames: List[FramePoses] = []
        K = 0
        bar = tqdm(total=len(recording), disable=not progress,
                   desc='3D poses', unit='frame')
        for start in range(0, len(recording), self.batch_size):
            idx = range(start, min(start + self.batch_size, len(recording)))
            items = [recording[i] for i in idx]
            outs = inference_multiview(self.model, items, self.pipeline)
            for item, out in zip(items, outs):
                fr = self._frame(out, item['frame_id'], tracker)
                K = K or fr.keypoints_3d.shape[1]
                frames.append(fr)
            bar.update(len(items))
        bar.close()
        if self.layout is not None:
            K = self.layout.num_keypoints
        return PoseSequence(frames=frames,
                            camera_params=recording.camera_params,
                            camera_names=recording.camera_names,
                            layout=self.layout, num_keypoints=K,
                            meta=dict(sequence=recording.sequence))
