"""Causal 3D tracking and per-joint temporal filtering of 3D people.

Note:
    N people in the current frame, K joints, T tracks.
"""
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = ['OnlinePoseFilter']


class OnlinePoseFilter:
    """Online (causal) tracker and joint filter for per-frame 3D people.

    Per frame, people are linked to live tracks by Hungarian matching on
    the ground-plane distance of their roots (gate ``gate`` mm, widened by
    the square root of the number of frames since the track was last
    seen; tracks unseen for more than ``max_gap`` frames end). For every
    joint of a matched track, a new value is accepted only if it lies
    within ``jump_thr * (1 + skipped)`` mm of the track's value, ``skipped``
    being the frames since the joint was last accepted; accepted values are
    blended by an EMA (weight ``ema`` on the new value). A rejected or
    missing joint holds its last value for up to ``max_hold`` frames; after
    that the next observation re-initialises it. This is variant 2c of
    ``shelf_baseline.md`` (+1.3 PCP on Shelf over per-frame results).

    The state assumes consecutive calls are consecutive frames of one
    sequence. It resets when ``sequence`` changes or ``frame_id`` does not
    increase.

    Args:
        root_indices (Sequence[int]): Joints averaged into the root (e.g.
            the hips); the mean of the valid joints is used if none of them
            is valid.
        gate (float): Matching gate on the ground plane, mm. Defaults to
            500.
        max_gap (int): Frames a track may go unseen. Defaults to 10.
        jump_thr (float): Joint acceptance radius, mm. Defaults to 150.
        max_hold (int): Frames a joint may be held. Defaults to 10.
        ema (float): Weight of the new value. Defaults to 0.7.
        up_axis (int): World axis pointing up, dropped for the ground-plane
            distance. Defaults to 2 (z).
    """

    def __init__(self,
                 root_indices: Sequence[int],
                 gate: float = 500.,
                 max_gap: int = 10,
                 jump_thr: float = 150.,
                 max_hold: int = 10,
                 ema: float = 0.7,
                 up_axis: int = 2) -> None:
        self.root_indices = list(root_indices)
        self.gate = gate
        self.max_gap = max_gap
        self.jump_thr = jump_thr
        self.max_hold = max_hold
        self.ema = ema
        self.plane = [a for a in range(3) if a != up_axis]
        self.reset()

    def reset(self) -> None:
        """Forget all tracks."""
        self.tracks: List[Dict[str, Any]] = []
        self.next_id = 0
        self.sequence: Optional[Any] = None
        self.frame: Optional[int] = None

    def _roots(self, X: np.ndarray, valid: np.ndarray) -> np.ndarray:
        """Ground-plane root of every person, ``(N, 2)``."""
        out = np.zeros((len(X), 2))
        for n in range(len(X)):
            sel = [j for j in self.root_indices if valid[n, j]]
            sel = sel or np.flatnonzero(valid[n]).tolist()
            out[n] = X[n, sel][:, self.plane].mean(0)
        return out

    def _update_track(self, track: Dict[str, Any], x: np.ndarray,
                      ok: np.ndarray, frame: int) -> None:
        """Filter one matched track's joints with a new observation."""
        since = frame - track['accepted']  # (K,), large if never
        expired = since > self.max_hold
        dist = np.linalg.norm(np.nan_to_num(x - track['value']), axis=-1)
        near = dist < self.jump_thr * np.maximum(since, 1)
        accept = ok & (expired | near)
        fresh = accept & expired
        blend = accept & ~expired
        value = track['value']
        value[fresh] = x[fresh]
        value[blend] = self.ema * x[blend] + (1 - self.ema) * value[blend]
        track['accepted'][accept] = frame
        track['last_seen'] = frame

    def __call__(self,
                 X: np.ndarray,
                 valid: np.ndarray,
                 frame: int,
                 sequence: Any = None
                 ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Track and filter the people of one frame.

        Args:
            X (np.ndarray): ``(N, K, 3)`` joints in mm (any value where
                invalid).
            valid (np.ndarray): ``(N, K)`` booleans; each person has at
                least one valid joint.
            frame (int): Frame index.
            sequence (Any): Sequence identifier. Defaults to ``None``.

        Returns:
            Tuple[np.ndarray, np.ndarray, np.ndarray]: Filtered joints
            ``(N, K, 3)``, their validity ``(N, K)`` (held joints count as
            valid) and the track ids ``(N,)``, rows in input order.
        """
        if (sequence != self.sequence or self.frame is None
                or frame <= self.frame):
            self.reset()
        self.sequence, self.frame = sequence, frame
        self.tracks = [
            t for t in self.tracks if frame - t['last_seen'] <= self.max_gap
        ]
        N, K = valid.shape
        ids = np.full(N, -1, dtype=np.int64)
        if N and self.tracks:
            roots = self._roots(X, valid)
            track_roots = np.stack([t['root'] for t in self.tracks])
            gaps = np.array([frame - t['last_seen'] for t in self.tracks])
            cost = np.linalg.norm(roots[:, None] - track_roots[None], axis=-1)
            cost = np.where(cost < self.gate * np.sqrt(gaps)[None], cost, 1e9)
            rows, cols = linear_sum_assignment(cost)
            for r, c in zip(rows, cols):
                if cost[r, c] < 1e9:
                    ids[r] = c
        out_X = np.zeros_like(X)
        out_valid = np.zeros_like(valid)
        for n in range(N):
            if ids[n] >= 0:
                track = self.tracks[ids[n]]
                self._update_track(track, X[n], valid[n], frame)
            else:
                track = dict(
                    id=self.next_id,
                    value=np.where(valid[n][:, None], X[n], 0.),
                    accepted=np.where(valid[n], frame, -10**9),
                    last_seen=frame)
                self.next_id += 1
                self.tracks.append(track)
            held = frame - track['accepted'] <= self.max_hold
            out_X[n] = track['value']
            out_valid[n] = held
            ids[n] = track['id']
            track['root'] = self._roots(out_X[n:n + 1], held[None])[0] \
                if held.any() else self._roots(X[n:n + 1], valid[n:n + 1])[0]
        return out_X, out_valid, ids
