"""SelfPose3d's three view-sets per sample, and their pseudo labels.

The view-set transform is generic over the packed contract: it only
composes an extra affine (rotation / zoom / shift about the input centre)
onto each view's ``input_affine``, warps ``img`` when there is one (image
mode) and runs a per-set sub-pipeline (heatmap mode: ``RenderInputHeatmaps``
draws the input heatmaps through the new affine). 2D keypoints stay in
original pixels in the results; the packer maps them through each set's
affine, so inputs, pseudo labels and the cameras always agree.
"""
import copy
from typing import Dict, List, Optional, Sequence, Tuple

import cv2
import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import InstanceData

from selfpose_mm.geometry import apply_affine
from selfpose_mm.registry import TRANSFORMS
from ..camera_utils import results_cameras

__all__ = ['GenerateViewSets', 'PseudoLabelsFromDetections',
           'FilterPseudoLabels', 'MultiViewPhotometricAug', 'MultiViewCutout',
           'view_set_affine']


def _rng(results: Dict, salt: int, fallback: np.random.Generator):
    if 'sample_seed' in results:
        return np.random.default_rng([int(results['sample_seed']), salt])
    return fallback


def view_set_affine(rot_deg: float, scale: float, shift: Tuple[float, float],
                    input_size: Tuple[int, int]) -> np.ndarray:
    """Input px -> input px: rotate and zoom about the centre, then shift.

    ``scale > 1`` zooms out (a larger source window, smaller people), as
    SelfPose3d's ``scale_base * (1 + s)``.

    Returns:
        np.ndarray: ``(2, 3)`` float64.
    """
    c = np.array([input_size[0] / 2., input_size[1] / 2.])
    a = np.deg2rad(rot_deg)
    R = np.array([[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]]) / scale
    return np.concatenate([R, (c - R @ c + np.asarray(shift))[:, None]], 1)


def _compose(E: np.ndarray, A: np.ndarray) -> np.ndarray:
    """``E ∘ A`` for ``E (2, 3)`` and ``A (V, 2, 3)``."""
    lin = E[:, :2] @ A[..., :2]
    off = A[..., 2] @ E[:, :2].T + E[:, 2]
    return np.concatenate([lin, off[..., None]], -1)


@TRANSFORMS.register_module()
class PseudoLabelsFromDetections(BaseTransform):
    """Use the 2D detections as the per-view pseudo labels.

    The synthetic world's stand-in for SelfPose3d's HRNet pseudo labels:
    the (emulated) detector output has no cross-view identity, false
    positives, misses and noise, just like real pseudo labels.

    Required Keys:
        - keypoints_2d (V, M', K, 2), keypoints_2d_scores (V, M', K)

    Added Keys:
        - pseudo_keypoints_2d (V, M', K, 2) original px
        - pseudo_keypoints_2d_visible (V, M', K)
        - pseudo_keypoints_2d_scores (V, M', K)

    Args:
        min_score (float): Joints with a score at or below it are not
            visible. Defaults to 0.
    """

    def __init__(self, min_score: float = 0.) -> None:
        self.min_score = float(min_score)

    def transform(self, results: Dict) -> Dict:
        sc = np.asarray(results['keypoints_2d_scores'], np.float32)
        results['pseudo_keypoints_2d'] = np.asarray(
            results['keypoints_2d'], np.float32).copy()
        results['pseudo_keypoints_2d_scores'] = sc.copy()
        results['pseudo_keypoints_2d_visible'] = (sc > self.min_score).astype(
            np.float32)
        return results


@TRANSFORMS.register_module()
class FilterPseudoLabels(BaseTransform):
    """Soft or hard pseudo 2D labels (SelfPose3d ``s5``).

    ``'soft'`` keeps every labelled joint. ``'hard'`` keeps joints whose
    score is at least ``min_score`` (when scores are known) and drops
    people with fewer than ``min_joints`` such joints.

    Required Keys:
        - pseudo_keypoints_2d_visible (V, M', K)
        - pseudo_keypoints_2d_scores (optional)

    Modified Keys:
        - pseudo_keypoints_2d_visible

    Args:
        mode (str): ``'soft'`` or ``'hard'``. Defaults to ``'soft'``.
        min_score (float): Hard-label joint score. Defaults to 0.05.
        min_joints (int): Hard-label joints per person. Defaults to 4.
    """

    def __init__(self, mode: str = 'soft', min_score: float = 0.05,
                 min_joints: int = 4) -> None:
        if mode not in ('soft', 'hard'):
            raise ValueError(f'FilterPseudoLabels: mode must be "soft" or '
                             f'"hard", got {mode!r}')
        self.mode = mode
        self.min_score = float(min_score)
        self.min_joints = int(min_joints)

    def transform(self, results: Dict) -> Dict:
        if self.mode == 'soft':
            return results
        vis = np.asarray(results['pseudo_keypoints_2d_visible']) > 0
        if 'pseudo_keypoints_2d_scores' in results:
            vis &= np.asarray(
                results['pseudo_keypoints_2d_scores']) >= self.min_score
        vis &= (vis.sum(-1, keepdims=True) >= self.min_joints)
        results['pseudo_keypoints_2d_visible'] = vis.astype(np.float32)
        return results


@TRANSFORMS.register_module()
class MultiViewPhotometricAug(BaseTransform):
    """RandAugment-style photometric noise, drawn per view.

    Image mode (``img``, uint8 BGR): ``num_ops`` operations drawn from
    brightness, contrast, color, sharpness, posterize, autocontrast and
    equalize, each applied with ``prob`` at a random magnitude 1..9 (all
    photometric, joints do not move). Heatmap mode (``heatmaps``): each
    view's heatmaps are scaled by a gain drawn in ``heatmap_gain``.

    Args:
        num_ops (int): Operations per view. Defaults to 2.
        prob (float): Probability of each drawn operation. Defaults to 0.5.
        heatmap_gain (tuple): Gain range in heatmap mode. Defaults to
            ``(0.6, 1.0)``.
    """

    OPS = ('brightness', 'contrast', 'color', 'sharpness', 'posterize',
           'autocontrast', 'equalize')

    def __init__(self, num_ops: int = 2, prob: float = 0.5,
                 heatmap_gain: Tuple[float, float] = (0.6, 1.)) -> None:
        self.num_ops = int(num_ops)
        self.prob = float(prob)
        self.heatmap_gain = tuple(heatmap_gain)
        self._fallback = np.random.default_rng(1)

    @staticmethod
    def _blend(a: np.ndarray, b: np.ndarray, f: float) -> np.ndarray:
        return np.clip(b + f * (a.astype(np.float32) - b), 0, 255)

    def _op(self, img: np.ndarray, op: str, m: int,
            rng: np.random.Generator) -> np.ndarray:
        f = 1. + rng.choice([-1, 1]) * m * 0.09
        gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
        if op == 'brightness':
            out = self._blend(img, np.zeros_like(img, np.float32), f)
        elif op == 'contrast':
            out = self._blend(img, np.full_like(img, gray.mean(),
                                                np.float32), f)
        elif op == 'color':
            out = self._blend(img, gray[..., None].astype(np.float32), f)
        elif op == 'sharpness':
            out = self._blend(img, cv2.blur(img, (3, 3)).astype(np.float32),
                              f)
        elif op == 'posterize':
            shift = max(0, min(7, m // 2))
            out = (img >> shift) << shift
        elif op == 'autocontrast':
            lo = img.reshape(-1, 3).min(0).astype(np.float32)
            hi = img.reshape(-1, 3).max(0).astype(np.float32)
            out = (img - lo) * (255. / np.maximum(hi - lo, 1.))
        else:
            out = np.stack([cv2.equalizeHist(img[..., c]) for c in range(3)],
                           -1)
        return np.clip(out, 0, 255).astype(np.uint8)

    def transform(self, results: Dict) -> Dict:
        rng = _rng(results, 61, self._fallback)
        if 'img' in results:
            out = []
            for img in results['img']:
                img = np.ascontiguousarray(img)
                for op in rng.choice(self.OPS, self.num_ops):
                    m = int(rng.integers(1, 10))
                    if rng.random() < self.prob:
                        img = self._op(img, str(op), m, rng)
                out.append(img)
            results['img'] = out
        elif 'heatmaps' in results:
            hm = np.asarray(results['heatmaps'], np.float32)
            gain = rng.uniform(*self.heatmap_gain, size=hm.shape[0])
            results['heatmaps'] = hm * gain[:, None, None, None].astype(
                np.float32)
        return results


@TRANSFORMS.register_module()
class MultiViewCutout(BaseTransform):
    """Cutout: random squares per view (SelfPose3d's occlusion imitation).

    Image mode: ``n`` squares (``num_range``) of side ``size_range`` px
    filled with ``fill`` (BGR; SelfPose3d's RGB (125, 122, 113)). Heatmap
    mode: the squares zero every joint channel of that view.

    Args:
        num_range (tuple): Inclusive range of squares per view. Defaults to
            ``(2, 15)``.
        size_range (tuple): Side length range in input px. Defaults to
            ``(20, 40)``.
        fill (tuple): BGR fill. Defaults to ``(113, 122, 125)``.
    """

    def __init__(self, num_range: Tuple[int, int] = (2, 15),
                 size_range: Tuple[int, int] = (20, 40),
                 fill: Sequence[int] = (113, 122, 125)) -> None:
        self.num_range = (int(num_range[0]), int(num_range[1]))
        self.size_range = (int(size_range[0]), int(size_range[1]))
        self.fill = tuple(int(f) for f in fill)
        self._fallback = np.random.default_rng(2)

    def _boxes(self, rng, w: int, h: int) -> List[Tuple[int, int, int, int]]:
        n = int(rng.integers(self.num_range[0], self.num_range[1] + 1))
        out = []
        for _ in range(n):
            s = int(rng.integers(self.size_range[0], self.size_range[1] + 1))
            cx, cy = int(rng.integers(0, w)), int(rng.integers(0, h))
            out.append((max(cx - s // 2, 0), max(cy - s // 2, 0),
                        min(cx + s // 2, w), min(cy + s // 2, h)))
        return out

    def transform(self, results: Dict) -> Dict:
        rng = _rng(results, 67, self._fallback)
        if 'img' in results:
            out = []
            for img in results['img']:
                img = img.copy()
                for x0, y0, x1, y1 in self._boxes(rng, img.shape[1],
                                                  img.shape[0]):
                    img[y0:y1, x0:x1] = self.fill
                out.append(img)
            results['img'] = out
        elif 'heatmaps' in results:
            hm = np.array(results['heatmaps'], np.float32)
            for v in range(hm.shape[0]):
                for x0, y0, x1, y1 in self._boxes(rng, hm.shape[-1],
                                                  hm.shape[-2]):
                    hm[v, :, y0:y1, x0:x1] = 0.
            results['heatmaps'] = hm
        return results


@TRANSFORMS.register_module()
class GenerateViewSets(BaseTransform):
    """Pack ``num_aug_sets`` affine-augmented view-sets plus the plain one.

    Runs after :class:`MultiViewAffine` (which sets the letterbox
    cameras' input ``affine`` and, in image mode, warps ``img``) and replaces
    :class:`PackMultiViewInputs`. For each augmented set one rotation /
    zoom / shift is drawn per sample, shared by all views (SelfPose3d:
    rotation with ``rot_prob`` in ``±rot_range`` degrees; zoom with
    ``scale_prob`` ``1 + U(scale_range)`` (out), else ``1 - U(scale_range)
    / 2`` (in)); it is composed onto every view's input affine
    (``MultiViewCameras.compose_affine`` on the set's ``cameras``) and
    images are warped accordingly. A draw is redone (up to ``max_tries``)
    unless, in the best view, as many pseudo people keep their root inside
    the input as the largest pseudo count of any view (SelfPose3d's
    resampling check, applied to the augmentation instead of redrawing the
    frame). Then ``pipeline`` runs on every set and ``aug_pipeline`` on
    the augmented ones only (photometric noise, Cutout), and each set is
    packed by ``PackMultiViewInputs``.

    Output: ``inputs (S * V, C, H, W)``, sets in order (augmented..., plain)
    and the plain set's ``PoseDataSample`` with metainfo ``num_view_sets``
    = S and ``view_sets``: one dict per set with ``input_affine (V, 2,
    3)``, ``pseudo_keypoints_2d (V, M', K, 2)`` (network-input px) and
    ``pseudo_keypoints_2d_visible (V, M', K)``. With ``keep_gt=False``
    (default) the 3D/2D ground truth is removed (M = 0): training sees no
    labels.

    Required Keys:
        - pseudo_keypoints_2d, pseudo_keypoints_2d_visible (original px)
        - cameras (``MultiViewCameras`` ``(V,)`` with the letterbox
          affine), input_size
        - img (image mode) or what ``pipeline`` needs

    Args:
        pipeline (Sequence[dict]): Per-set transforms before packing (e.g.
            ``RenderInputHeatmaps`` in heatmap mode). Defaults to none.
        aug_pipeline (Sequence[dict]): Extra transforms of the augmented
            sets. Defaults to none.
        num_aug_sets (int): Augmented sets (SelfPose3d: 2; 0 = only the
            plain set). Defaults to 2.
        rot_prob (float): Rotation probability. Defaults to 0.5.
        rot_range (float): Maximum rotation (deg). Defaults to 45.
        scale_prob (float): Zoom-out probability. Defaults to 0.5.
        scale_range (tuple): Zoom magnitude range. Defaults to
            ``(0.1, 0.35)``.
        shift_range (float): Maximum shift as a fraction of the input size.
            Defaults to 0.
        max_tries (int): Augmentation draws per set. Defaults to 10.
        root_index (int): Root joint. Defaults to 2.
        keep_gt (bool): Keep the ground truth in the packed sample.
            Defaults to False.
        pack (dict): Packer config. Defaults to ``PackMultiViewInputs``.
    """

    def __init__(self,
                 pipeline: Sequence[dict] = (),
                 aug_pipeline: Sequence[dict] = (),
                 num_aug_sets: int = 2,
                 rot_prob: float = 0.5,
                 rot_range: float = 45.,
                 scale_prob: float = 0.5,
                 scale_range: Tuple[float, float] = (0.1, 0.35),
                 shift_range: float = 0.,
                 max_tries: int = 10,
                 root_index: int = 2,
                 keep_gt: bool = False,
                 pack: dict = dict(type='PackMultiViewInputs')) -> None:
        self.pipeline = [TRANSFORMS.build(t) for t in pipeline]
        self.aug_pipeline = [TRANSFORMS.build(t) for t in aug_pipeline]
        self.pack = TRANSFORMS.build(pack)
        self.num_aug_sets = int(num_aug_sets)
        self.rot_prob = float(rot_prob)
        self.rot_range = float(rot_range)
        self.scale_prob = float(scale_prob)
        self.scale_range = tuple(float(s) for s in scale_range)
        self.shift_range = float(shift_range)
        self.max_tries = max(1, int(max_tries))
        self.root_index = int(root_index)
        self.keep_gt = bool(keep_gt)
        self._fallback = np.random.default_rng(3)

    def _draw(self, rng: np.random.Generator,
              size: Tuple[int, int]) -> np.ndarray:
        rot = rng.uniform(-1, 1) * self.rot_range \
            if rng.random() < self.rot_prob else 0.
        s = rng.uniform(*self.scale_range)
        scale = 1. + s if rng.random() < self.scale_prob else 1. - s / 2.
        shift = rng.uniform(-1, 1, 2) * self.shift_range * np.asarray(size)
        return view_set_affine(rot, scale, tuple(shift), size)

    def _roots_kept(self, A: np.ndarray, pk: np.ndarray, pv: np.ndarray,
                    size: Tuple[int, int]) -> bool:
        people = (pv > 0).any(-1)  # (V, M')
        if people.sum() == 0:
            return True
        V, M = people.shape
        root = apply_affine(pk[:, :, self.root_index], A)  # (V, M', 2)
        inside = ((root >= 0) & (root <= [size[0] - 1, size[1] - 1])).all(-1)
        kept = (inside & people & (pv[..., self.root_index] > 0)).sum(-1)
        return kept.max() >= people.sum(-1).max()

    def transform(self, results: Dict) -> Dict:
        if 'pseudo_keypoints_2d' not in results:
            raise KeyError(
                'GenerateViewSets needs pseudo 2D labels '
                '(pseudo_keypoints_2d): use PanopticDataset(ann_source='
                '"pseudo", ...) or PseudoLabelsFromDetections before it')
        rng = _rng(results, 53, self._fallback)
        size = tuple(int(s) for s in results['input_size'])
        cams = results_cameras(results, 'GenerateViewSets')
        A0 = cams.affine.double().numpy()
        pk = np.asarray(results['pseudo_keypoints_2d'], np.float64)
        pv = np.asarray(results['pseudo_keypoints_2d_visible'], np.float64)
        packs, redraws = [], 0
        for s in range(self.num_aug_sets + 1):
            aug = s < self.num_aug_sets
            E = None
            if aug:
                for _ in range(self.max_tries):
                    E = self._draw(rng, size)
                    if self._roots_kept(_compose(E, A0), pk, pv, size):
                        break
                    redraws += 1
            sub = copy.copy(results)
            if 'sample_seed' in results:
                sub['sample_seed'] = int(
                    np.random.SeedSequence([int(results['sample_seed']), s,
                                            59]).generate_state(1)[0])
            if E is not None:
                sub['cameras'] = cams.compose_affine(E)
                if 'img' in results:
                    sub['img'] = [
                        cv2.warpAffine(im, E, size, flags=cv2.INTER_LINEAR)
                        for im in results['img']
                    ]
            for t in self.pipeline + (self.aug_pipeline if aug else []):
                sub = t(sub)
            packs.append(self.pack(sub))
        sample = packs[-1]['data_samples']
        if not self.keep_gt:
            sample.gt_instances = _empty_gt(sample.gt_instances)
        sample.set_metainfo(dict(
            num_view_sets=len(packs),
            view_set_redraws=redraws,
            view_sets=[
                dict(input_affine=p['data_samples'].cameras.affine.numpy(),
                     pseudo_keypoints_2d=p['data_samples'].metainfo[
                         'pseudo_keypoints_2d'],
                     pseudo_keypoints_2d_visible=p['data_samples'].metainfo[
                         'pseudo_keypoints_2d_visible']) for p in packs
            ]))
        inputs = torch.cat([p['inputs'] for p in packs])
        return dict(inputs=inputs, data_samples=sample)

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_aug_sets='
                f'{self.num_aug_sets}, rot_range={self.rot_range}, '
                f'scale_range={self.scale_range})')


def _empty_gt(gt: Optional[InstanceData]) -> InstanceData:
    """Ground-truth fields with zero instances (same keys and dtypes)."""
    out = InstanceData()
    if gt is None:
        return out
    for key in gt.keys():
        val = np.asarray(gt.get(key))
        out.set_field(val[:0], key)
    return out
