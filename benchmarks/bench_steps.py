"""Whole SelfPose3d steps against the reference's structure, side by side.

Rows (5 views, 15 joints, random weights and images; at ``--scale 1`` the
full Panoptic shapes of ``../shared/reference/selfpose3d.md`` 1.2: 960x512
images -> 240x128 heatmaps, 80x80x20 root grid over 8 x 8 x 2 m, 64^3 pose
cubes of 2 m, batch 1 as the reference):

* ``pose2`` / ``pose5``: one SelfPose3d pose-net training step (stage 3):
  three view-sets (two augmented, the plain one last), the frozen root net
  (eval, no grad) on the plain set, then a **fixed** 2 / 5 root candidates
  (the proposals' positions replaced by fixed ones, all valid, so the cost
  does not depend on random root scores); the pose net on each candidate
  from each augmented set, the attention net on the augmented sets, the
  cross-set rendering, the attention-weighted heatmap loss + regulariser,
  backward, Adam step. The 2D backbone is frozen (as the brief asked; the
  reference's stage 3 also trains it, see the README) and the 2D L1 term is
  off (the reference switches it on at epoch 5).
* ``root``: one root-net training step (stage 2): the three view-sets, the
  frozen backbone, synthetic roots rendered into every set and lifted, the
  real root cubes, synthetic loss (x100) + consistency loss, backward,
  Adam step.
* ``infer2`` / ``infer5``: one inference call from the 5 images to 3D
  poses (backbone, root net, top-k with exactly 2 / 5 valid candidates,
  pose net per candidate), eval, no grad.

Variants in every row, timed **interleaved in one process** (each repeat
runs every variant once, in turn, so machine contention hits all alike):

* ``ours``: the library's ``SelfPose3D`` (``selfpose3d_v2v-*_panoptic-5cam-posenet.py`` /
  ``-rootnet.py`` model, V2V heads), called through its own
  loss pieces (``extract_heatmaps``, ``_targets``, ``_loss_pose`` /
  ``_loss_root``) or inference pieces (``propose``, ``regress``); only the
  unpacking of data samples (``_view_sets``) is left out;
* ``ortho``: the same with the plane heads
  (``selfpose3d_plane-hg32_*_panoptic-5cam-posenet.py`` / ``-rootnet.py`` model:
  ``SSLOrthoRootHead`` + ``OrthoPoseHead``, interpolated cube lattice,
  Voronoi mask); the reference has no plane head, so its ratio is against
  the V2V reference structure;
* ``bf16`` / ``ortho_bf16``: ``ours`` / ``ortho`` with the model's
  ``compute_dtype='bfloat16'`` (every network call under autocast on
  channels-last inputs; geometry in float32); their accuracy is measured
  on trained models, not here (random weights make near-tied root scores
  pick different proposals), see ``benchmarks/README.md``;
* ``ref``: the reference's call structure re-created from the notes
  (``benchmarks/reference_project_layer.py``): per-view backbone and
  attention calls at batch 1, un-cached ``ProjectLayer`` per sample and
  view, one pose-net call per candidate and set, NCDHW V2V, broadcast
  soft-argmax, per-view rendering; it runs **ours' modules** (same
  weights), so before timing the script checks that ``ref`` gives ours'
  losses / poses (networks in eval mode so BatchNorm does not depend on
  how many cubes share a batch; exact Gaussian root target in the check
  only), and stops if they differ.

Peak memory: each (row, variant) also runs in a fresh subprocess (build,
then the kernel's peak-RSS mark is reset, one warm-up call, one call) that
reports the peak RSS of the calls (``VmHWM``: interpreter, models, inputs
and the step's transient memory; tracemalloc does not see torch's
allocations) and its growth over the RSS before the calls
(``ru_maxrss`` is not used: a fork + exec child starts from its parent's
high-water mark); on CUDA also ``torch.cuda.max_memory_allocated``.
``--no-memory`` skips it.

Usage::

    OMP_NUM_THREADS=1 python benchmarks/bench_steps.py --scale 0.5
    python benchmarks/bench_steps.py --rows pose2 infer5 --repeats 5
    python benchmarks/bench_steps.py --device cuda --scale 1
"""
import argparse
import json
import logging
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from typing import Dict

import numpy as np
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from mmengine.config import Config  # noqa: E402
from mmengine.logging import MMLogger  # noqa: E402
from mmengine.registry import init_default_scope  # noqa: E402

from benchmarks._timing import sync  # noqa: E402
from benchmarks.reference_project_layer import (  # noqa: E402
    reference_heatmaps, reference_pose_net, reference_render,
    reference_root_net, reference_root_target, reference_sample_roots,
    reference_project_layer, _net)
from selfpose_mm.geometry import ring_rig  # noqa: E402
from selfpose_mm.models.utils import cameras_from_arrays  # noqa: E402
from selfpose_mm.structures import MultiViewCameras  # noqa: E402
from selfpose_mm.registry import MODELS  # noqa: E402

__all__ = ['ROWS', 'main']

ROWS = ('pose2', 'pose5', 'root', 'infer2', 'infer5')
VARIANTS = ('ours', 'ortho', 'ref', 'bf16', 'ortho_bf16')
#: ``compute_dtype`` of the ``*bf16`` variants (``--low-dtype``)
LOW_DTYPE = 'bfloat16'
NUM_VIEWS, NUM_JOINTS, NUM_SETS = 5, 15, 3
CFG = {
    'pose': ('configs/selfpose3d/selfpose3d_v2v-cpn80-prn64_2xb1-8e_panoptic-5cam-posenet.py',
             'configs/selfpose3d/selfpose3d_plane-hg32_2xb1-8e_panoptic-5cam-posenet.py'),
    'root': ('configs/selfpose3d/selfpose3d_v2v-cpn80-prn64_2xb1-3e_panoptic-5cam-rootnet.py',
             'configs/selfpose3d/selfpose3d_plane-hg32_2xb1-3e_panoptic-5cam-rootnet.py'),
}
CENTER = (0., -500., 900.)


def _r4(x: float) -> int:
    """Round up to a multiple of 4 (V2V pools twice)."""
    return max(4, int(math.ceil(x / 4.)) * 4)


def shapes(scale: float) -> Dict:
    """Image, heatmap, root-grid and cube sizes at ``scale``."""
    w, h = int(round(960 * scale / 32)) * 32, int(round(512 * scale / 32)) * 32
    return dict(input_size=(w, h), heatmap_size=(w // 4, h // 4),
                root_shape=(_r4(80 * scale), _r4(80 * scale),
                            _r4(20 * scale)),
                cube_shape=(_r4(64 * scale), ) * 3)


def _affine(scale: float, rot_deg: float, zoom: float,
            input_size) -> np.ndarray:
    """Letterbox 1920x1080 -> input, then rotate/zoom about the centre."""
    w, h = input_size
    s = h / 1080.
    lb = np.array([[s, 0., (w - 1920. * s) / 2.], [0., s, 0.], [0, 0, 1]])
    a = math.radians(rot_deg)
    c = np.array([w / 2., h / 2.])
    m = zoom * np.array([[math.cos(a), -math.sin(a)],
                         [math.sin(a), math.cos(a)]])
    aug = np.eye(3)
    aug[:2, :2] = m
    aug[:2, 2] = c - m @ c
    return (aug @ lb)[:2]


def view_set_cameras(sh: Dict, device) -> MultiViewCameras:
    """The reference harness' ring rig, three view-sets (set-major):
    two augmented (rotation/zoom) and the plain letterbox."""
    cams = ring_rig(NUM_VIEWS, radius=4500., height=2000.,
                    target=(0., -500., 800.), image_size=(1920, 1080),
                    focal=1400.)
    augs = [(20., 0.9), (-15., 1.1), (0., 1.)]
    one = {k: np.stack([c[k] for c in cams])
           for k in ('K', 'R', 't', 'dist', 'image_size')}
    arrays = {k: np.stack([v] * NUM_SETS) for k, v in one.items()}
    arrays['affine'] = np.stack([
        np.repeat(_affine(1., r, z, sh['input_size'])[None], NUM_VIEWS, 0)
        for r, z in augs
    ])
    return cameras_from_arrays(arrays, sh['input_size'], 'opencv', device)


def flat(cams: MultiViewCameras, i: int) -> Dict:
    """Sample ``i`` of the batched cameras as the reference's meta: a
    plain dict of ``(V, ...)`` tensors."""
    c = cams[i]
    return dict(K=c.K, R=c.R, t=c.t, dist=c.dist, affine=c.affine,
                image_size=c.image_size, input_size=c.input_size)


#: ``VoxelPose.backbone_chunk`` of our models (``--backbone-chunk``;
#: 0 = None, one batched call).
BACKBONE_CHUNK = 'auto'


def build_models(kind: str, sh: Dict, n: int, device, with_ortho: bool):
    """Ours (V2V) and, optionally, ours with the plane heads; the plane
    model shares the 2D backbone and the attention net."""
    init_default_scope('selfpose_mm')
    out = []
    for path in CFG['root' if kind == 'root' else 'pose'][:2 if with_ortho
                                                          else 1]:
        cfg = Config.fromfile(os.path.join(ROOT, path)).model
        cfg.stage_checkpoints = []
        cfg.freeze_2d = True
        cfg.backbone_chunk = BACKBONE_CHUNK
        cfg.train_cfg.l1_start_epoch = None
        cfg.root_head.cube_shape = sh['root_shape']
        cfg.root_head.max_num = 10
        cfg.pose_head.cube_shape = sh['cube_shape']
        if kind == 'infer':  # exactly n valid candidates
            cfg.root_head.score_threshold = -1e9
            cfg.root_head.max_num = n
        model = MODELS.build(cfg)
        logger = MMLogger.get_current_instance()
        level = logger.level
        logger.setLevel(logging.WARNING)  # init_weights lists every tensor
        try:
            model.init_weights()
        finally:
            logger.setLevel(level)
        # random weights of a useful scale (the reference's N(0, 0.001)
        # init makes every V2V output ~0 and the equality check vacuous)
        g = torch.Generator().manual_seed(1)
        for name, p in model.named_parameters():
            if name.startswith(('root_head.', 'pose_head.')) and \
                    p.dim() > 1:
                with torch.no_grad():
                    p.copy_(torch.randn(p.shape, generator=g) *
                            (2. / p[0].numel())**0.5)
        out.append(model.to(device))
    if len(out) == 2:
        for name in ('backbone', 'heatmap_head', 'attention'):
            if getattr(out[0], name, None) is not None:
                setattr(out[1], name, getattr(out[0], name))
    return out


def fix_proposals(model, fixed: torch.Tensor) -> None:
    """Wrap ``model.propose`` (the root net still runs): the first
    ``len(fixed)`` proposals are replaced by ``fixed`` and are the only
    valid ones."""
    orig = type(model).propose
    n = fixed.shape[0]

    def propose(hms, cams):
        scores, props = orig(model, hms, cams)
        props = dict(props)
        centers = props['centers'].clone()
        centers[:, :n] = fixed
        valid = torch.zeros_like(props['valid'])
        valid[:, :n] = True
        props.update(centers=centers, valid=valid)
        return scores, props

    model.propose = propose


def fixed_centers(n: int, device) -> torch.Tensor:
    """``n`` person centres on a 1 m circle around the space centre."""
    a = torch.arange(n, dtype=torch.float32) * 2 * math.pi / n
    c = torch.stack([1000. * torch.cos(a), 1000. * torch.sin(a),
                     torch.zeros(n)], -1) + torch.tensor(CENTER)
    return c.to(device)


class Setup:
    """Models, inputs and the timed callables of one row."""

    def __init__(self, row: str, scale: float, device: str,
                 variants=VARIANTS):
        torch.manual_seed(0)
        self.row, self.device = row, torch.device(device)
        self.kind = 'root' if row == 'root' else (
            'pose' if row.startswith('pose') else 'infer')
        self.n = int(row[-1]) if row[-1].isdigit() else 0
        sh = self.sh = shapes(scale)
        dev = self.device
        models = build_models(self.kind, sh, self.n, dev,
                              any(v.startswith('ortho') for v in variants))
        self.model = models[0]
        self.ortho = models[1] if len(models) > 1 else None
        self.cams = view_set_cameras(sh, dev)
        w, h = sh['input_size']
        s = NUM_SETS if self.kind != 'infer' else 1
        self.x = torch.randn(s, 1, NUM_VIEWS, 3, h, w, device=dev)
        # pseudo 2D people: 3 per view, in each set's input pixels
        self.pk = torch.rand(NUM_SETS, 1, NUM_VIEWS, 3, NUM_JOINTS, 2,
                             device=dev) * torch.tensor([w, h],
                                                        device=dev)
        self.pv = torch.ones(NUM_SETS, 1, NUM_VIEWS, 3, NUM_JOINTS,
                             device=dev)
        self.opts = {}
        if self.kind == 'pose':
            self.fixed = fixed_centers(self.n, dev)
            for m in (self.model, self.ortho):
                if m is not None:
                    fix_proposals(m, self.fixed)
        self.calls = {v: self._call(v) for v in variants}

    def _call(self, variant: str):
        """The timed callable; a ``*bf16`` variant runs its float32
        sibling's call with the model's ``compute_dtype`` at
        ``LOW_DTYPE`` (same modules and weights)."""
        if not variant.endswith('bf16'):
            return getattr(self, f'{self.kind}_{variant}')
        base = variant[:-len('_bf16')] if '_' in variant else 'ours'
        call = getattr(self, f'{self.kind}_{base}')
        model = self.ortho if base == 'ortho' else self.model

        def low(*args, **kwargs):
            model.set_compute_dtype(LOW_DTYPE)
            try:
                return call(*args, **kwargs)
            finally:
                model.set_compute_dtype(None)

        return low

    # --------------------------------------------------------------
    def _opt(self, key, params):
        if key not in self.opts:
            self.opts[key] = torch.optim.Adam(
                [p for p in params if p.requires_grad], lr=1e-4)
        return self.opts[key]

    def _step(self, key, model_params, losses):
        loss = sum(v for k, v in losses.items() if k.startswith('loss'))
        loss.backward()
        self._opt(key, model_params).step()
        return losses

    # pose-net step ------------------------------------------------------
    def _begin(self, m, key, train):
        """Mode, zeroed gradients and the 2D heatmaps of all views."""
        m.train(train)
        self._opt(key, m.parameters()).zero_grad(set_to_none=True)
        s, b = self.x.shape[:2]
        hms = m.extract_heatmaps(self.x.flatten(0, 1))
        return hms, (hms.shape[-1], hms.shape[-2]), s, b

    def _pose_ours(self, m, key, train=True):
        x, cams = self.x, self.cams
        hms, hm_size, s, b = self._begin(m, key, train)
        targets = m._targets(self.pk.flatten(0, 1), self.pv.flatten(0, 1),
                             hm_size, cams.input_size, m._render_sigma())
        losses = m._loss_pose(x, hms, cams, targets, self.pk, self.pv, s, b,
                              hm_size)
        if train:
            return self._step(key, m.parameters(), losses)
        return losses

    def pose_ours(self, train=True):
        return self._pose_ours(self.model, 'ours', train)

    def pose_ortho(self, train=True):
        return self._pose_ours(self.ortho, 'ortho', train)

    def pose_ref(self, train=True):
        m = self.model
        m.train(train)
        opt = self._opt('ours', m.parameters())  # same parameters
        opt.zero_grad(set_to_none=True)
        sets = [flat(self.cams, i) for i in range(NUM_SETS)]
        rh, ph = m.root_head, m.pose_head
        with torch.no_grad():  # frozen 2D network and root net
            hms = [reference_heatmaps(m.backbone, m.heatmap_head,
                                      self.x[i, 0]) for i in range(NUM_SETS)]
            reference_root_net(rh.net, hms[-1][None][:, :, [2]], sets[-1],
                               rh.space_size, rh.space_center,
                               rh.cube_shape, rh.max_num)
            hm_size = (hms[0].shape[-1], hms[0].shape[-2])
            # pseudo targets come from the reference's data loader
            tg = m._targets(self.pk.flatten(0, 1), self.pv.flatten(0, 1),
                            hm_size, self.cams.input_size)[:, :]
        preds = [
            torch.cat([
                reference_pose_net(ph.net, hms[a][None], sets[a], c,
                                   ph.cube_size, ph.cube_shape, ph.beta)
                for c in self.fixed
            ]) for a in (0, 1)
        ]
        att = [
            torch.cat([
                m.attention(self.x[a, 0, v:v + 1], hm_size)
                for v in range(NUM_VIEWS)
            ]) for a in (0, 1)
        ]
        sigma = m.renderer.sigma
        r12 = reference_render(preds[0], sets[1], hm_size, sigma)
        r21 = reference_render(preds[1], sets[0], hm_size, sigma)
        losses = dict(
            loss_pose3d_ssv=((tg[0] - r21)**2 * att[0]).mean() +
            ((tg[1] - r12)**2 * att[1]).mean(),
            loss_attn_ssv=0.1 * (((att[0] - 1)**2).mean() +
                                 ((att[1] - 1)**2).mean()))
        if train:
            return self._step('ours', m.parameters(), losses)
        return losses

    # root-net step ------------------------------------------------------
    def _root_ours(self, m, key, train=True):
        hms, hm_size, s, b = self._begin(m, key, train)
        losses = m._loss_root(hms, self.cams, s, b, hm_size)
        if train:
            return self._step(key, m.parameters(), losses)
        return losses

    def root_ours(self, train=True):
        return self._root_ours(self.model, 'ours', train)

    def root_ortho(self, train=True):
        return self._root_ours(self.ortho, 'ortho', train)

    def root_ref(self, train=True, roots=None, noise=True, window=True):
        m = self.model
        m.train(train)
        opt = self._opt('ours', m.parameters())
        opt.zero_grad(set_to_none=True)
        rh = m.root_head
        spec = (rh.space_size, rh.space_center, rh.cube_shape)
        ctr = torch.as_tensor(rh.space_center, device=self.device)
        loss_syn, mains = 0., []
        for i in range(NUM_SETS):
            cams = flat(self.cams, i)
            with torch.no_grad():
                hm = reference_heatmaps(m.backbone, m.heatmap_head,
                                        self.x[i, 0])
                hm_size = (hm.shape[-1], hm.shape[-2])
                r = roots[i] if roots is not None else \
                    reference_sample_roots(rh.syn_box, rh.syn_max_people,
                                           rh.syn_z_jitter, self.device)
                target = reference_root_target(r, *spec, rh.target_sigma,
                                               window)
                syn = reference_render(r[:, None], cams, hm_size,
                                       rh.syn_sigma)  # (V, 1, h, w)
                if noise:
                    syn = (syn + torch.randn_like(syn) * rh.syn_noise
                           ).clamp(0., 1.)
            syn_cube = reference_project_layer(syn[None], cams, spec[0], ctr,
                                               spec[2])
            syn_scores = _net(rh.net, syn_cube)[:, 0]
            loss_syn = loss_syn + rh.weight_syn * (
                (syn_scores[0] - target)**2).mean()
            main_cube = reference_project_layer(hm[None][:, :, [2]], cams,
                                                spec[0], ctr, spec[2])
            mains.append(_net(rh.net, main_cube)[:, 0])
        losses = dict(
            loss_root_syn=loss_syn,
            loss_root_consistency=rh.weight_consistency * sum(
                ((mk - mains[-1].detach())**2).mean() for mk in mains[:-1]))
        if train:
            return self._step('ours', m.parameters(), losses)
        return losses

    # inference -----------------------------------------------------------
    def _infer_ours(self, m):
        m.eval()
        with torch.no_grad():
            cams = self.cams[-1:]
            hms = m.extract_heatmaps(self.x[0])
            _, props = m.propose(hms, cams)
            bi, ni = props['valid'].nonzero(as_tuple=True)
            joints = m.regress(hms, cams, props['centers'][bi, ni], bi)
        return joints

    def infer_ours(self):
        return self._infer_ours(self.model)

    def infer_ortho(self):
        return self._infer_ours(self.ortho)

    def infer_ref(self):
        m = self.model
        m.eval()
        rh, ph = m.root_head, m.pose_head
        cams = flat(self.cams, NUM_SETS - 1)
        with torch.no_grad():
            hms = reference_heatmaps(m.backbone, m.heatmap_head,
                                     self.x[0, 0])[None]
            _, centers, scores = reference_root_net(
                rh.net, hms[:, :, [2]], cams, rh.space_size,
                rh.space_center, rh.cube_shape, rh.max_num)
            valid = scores[0] > rh.score_threshold
            return torch.cat([
                reference_pose_net(ph.net, hms, cams, c, ph.cube_size,
                                   ph.cube_shape, ph.beta)
                for c in centers[0][valid]
            ])

    # ---------------------------------------------------------------------
    def check(self) -> str:
        """``ref`` against ``ours`` (eval mode); raises if they differ."""
        if self.kind == 'infer':
            a, b = self.infer_ours(), self.infer_ref()
            err = float((a - b).abs().max())
            if a.shape != b.shape or err > 1.:
                raise AssertionError(f'{self.row}: reference-structure '
                                     f'poses differ from ours by {err} mm')
            return f'poses max |diff| {err:.2e} mm'
        with torch.no_grad():
            if self.kind == 'pose':
                a, b = self.pose_ours(False), self.pose_ref(False)
            else:
                rh = self.model.root_head
                roots = [
                    reference_sample_roots(rh.syn_box, rh.syn_max_people,
                                           rh.syn_z_jitter, self.device)
                    for _ in range(NUM_SETS)
                ]
                k = max(r.shape[0] for r in roots)
                pad = torch.zeros(NUM_SETS, k, 3, device=self.device)
                mask = torch.zeros(NUM_SETS, k, dtype=torch.bool,
                                   device=self.device)
                for i, r in enumerate(roots):
                    pad[i, :len(r)], mask[i, :len(r)] = r, True
                noise = rh.syn_noise
                rh.sample_roots = lambda *a, **kw: (pad, mask)
                rh.syn_noise = 0.
                try:
                    a = self.root_ours(False)
                finally:
                    del rh.sample_roots
                    rh.syn_noise = noise
                b = self.root_ref(False, roots=roots, noise=False,
                                  window=False)
        out = []
        for k in b:
            va, vb = float(a[k]), float(b[k])
            rel = abs(va - vb) / max(abs(vb), 1e-12)
            if rel > 1e-3:
                raise AssertionError(f'{self.row}: {k} ours {va} vs '
                                     f'reference structure {vb}')
            out.append(f'{k} {va:.6g} vs {vb:.6g} (rel {rel:.1e})')
        return '; '.join(out)


def time_row(row: str, scale: float, device: str, warmup: int,
             repeats: int, variants) -> Dict:
    """Interleaved timing of the variants of one row in this process."""
    st = Setup(row, scale, device, variants)
    check = st.check() if 'ref' in variants and 'ours' in variants else '-'
    print(f'{row}: check {check}', file=sys.stderr, flush=True)
    load0 = open('/proc/loadavg').read().split()[:3]
    for _ in range(warmup):
        for v in variants:
            st.calls[v]()
    sync(device)
    times = {v: [] for v in variants}
    for _ in range(repeats):
        for v in variants:
            sync(device)
            t = time.perf_counter()
            st.calls[v]()
            sync(device)
            times[v].append(time.perf_counter() - t)
    load1 = open('/proc/loadavg').read().split()[:3]
    return dict(row=row, scale=scale, shapes=st.sh, device=device,
                threads=torch.get_num_threads(), times=times, check=check,
                loadavg_before=load0, loadavg_after=load1)


def _status_mib(field: str) -> float:
    """``VmRSS`` / ``VmHWM`` of this process in MiB (Linux)."""
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith(field + ':'):
                return int(line.split()[1]) / 1024.
    return float('nan')


def memory_child(row: str, variant: str, scale: float, device: str) -> Dict:
    """One variant of one row in this (fresh) process: peak RSS.

    After building the models and inputs the kernel's peak-RSS mark is
    reset (``echo 5 > /proc/self/clear_refs``), so ``VmHWM`` after a
    warm-up call and one call is the peak of the step alone (models and
    inputs included); ``growth`` is that peak minus the RSS before the
    calls. (``ru_maxrss`` is only the fallback where the reset is not
    allowed: on Linux a fork + exec child starts from its parent's
    high-water mark, here the timing process holding three models.)
    """
    st = Setup(row, scale, device, (variant, ))
    cuda = torch.device(device).type == 'cuda'
    if cuda:
        torch.cuda.reset_peak_memory_stats()
        base_cuda = torch.cuda.memory_allocated()
    try:
        with open('/proc/self/clear_refs', 'w') as f:
            f.write('5')
        reset = True
    except OSError:
        reset = False
    base = _status_mib('VmRSS')
    for _ in range(2):
        st.calls[variant]()
    sync(device)
    peak = _status_mib('VmHWM') if reset else \
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.
    out = dict(row=row, variant=variant, peak_rss_mib=peak,
               growth_mib=peak - base, hwm_reset=reset)
    if cuda:
        out['cuda_peak_mib'] = (torch.cuda.max_memory_allocated() -
                                base_cuda) / 2**20
    return out


def main() -> None:
    """Command-line entry; prints a Markdown table."""
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--rows', nargs='+', default=list(ROWS), choices=ROWS)
    p.add_argument('--variants', nargs='+', default=list(VARIANTS),
                   choices=VARIANTS)
    p.add_argument('--device', default='cpu')
    p.add_argument('--scale', type=float, default=1.,
                   help='linear size factor of images, heatmaps, root grid '
                   'and cubes (1 = full Panoptic shapes)')
    p.add_argument('--warmup', type=int, default=1)
    p.add_argument('--repeats', type=int, default=3)
    p.add_argument('--no-memory', action='store_true')
    p.add_argument('--json', help='also write the results here')
    p.add_argument('--backbone-chunk', default='auto',
                   help="our models' VoxelPose.backbone_chunk: 'auto' (the "
                   'default: one image per call on CPU), N images per call, '
                   'or 0 for one batched call (None)')
    p.add_argument('--low-dtype', default='bfloat16',
                   help='compute_dtype of the *bf16 variants (float16 on '
                   'GPUs)')
    p.add_argument('--_mem', nargs=2, help=argparse.SUPPRESS)
    args = p.parse_args()
    global BACKBONE_CHUNK, LOW_DTYPE
    LOW_DTYPE = args.low_dtype
    BACKBONE_CHUNK = (args.backbone_chunk if args.backbone_chunk == 'auto'
                      else int(args.backbone_chunk) or None)
    if args._mem:
        print(json.dumps(memory_child(args._mem[0], args._mem[1],
                                      args.scale, args.device)))
        return
    print(f'torch {torch.__version__}, threads {torch.get_num_threads()}, '
          f'OMP_NUM_THREADS={os.environ.get("OMP_NUM_THREADS")}, device '
          f'{args.device}, scale {args.scale} {shapes(args.scale)}, '
          f'backbone_chunk {args.backbone_chunk}, '
          f'loadavg {open("/proc/loadavg").read().strip()}', flush=True)
    results = []
    for row in args.rows:
        res = time_row(row, args.scale, args.device, args.warmup,
                       args.repeats, args.variants)
        if not args.no_memory:
            res['memory'] = {}
            for v in args.variants:
                cmd = [sys.executable, os.path.abspath(__file__), '--_mem',
                       row, v, '--scale', str(args.scale), '--device',
                       args.device]
                cmd += ['--backbone-chunk', str(args.backbone_chunk),
                        '--low-dtype', args.low_dtype]
                out = subprocess.run(cmd, capture_output=True, text=True,
                                     check=True).stdout
                res['memory'][v] = json.loads(out.strip().splitlines()[-1])
        results.append(res)
        for v, t in res['times'].items():
            mem = res.get('memory', {}).get(v, {})
            print(f'{row} {v}: median {statistics.median(t):.3f} s '
                  f'[{min(t):.3f}-{max(t):.3f}] peak RSS '
                  f'{mem.get("peak_rss_mib", float("nan")):.0f} MiB '
                  f'(+{mem.get("growth_mib", float("nan")):.0f}) load '
                  f'{res["loadavg_before"]} -> {res["loadavg_after"]}',
                  file=sys.stderr, flush=True)
    print('\n| row | variant | median s [min-max] | ref median s | ref / '
          'this | peak RSS MiB (step growth) | load before -> after |')
    print('|---|---|---|---|---|---|---|')
    for res in results:
        ref = statistics.median(res['times']['ref']) \
            if 'ref' in res['times'] else float('nan')
        for v, t in res['times'].items():
            med = statistics.median(t)
            mem = res.get('memory', {}).get(v, {})
            print(f'| {res["row"]} | {v} | {med:.3f} [{min(t):.3f}-'
                  f'{max(t):.3f}] | {ref:.3f} | {ref / med:.2f}x | '
                  f'{mem.get("peak_rss_mib", float("nan")):.0f} '
                  f'(+{mem.get("growth_mib", float("nan")):.0f}) | '
                  f'{" ".join(res["loadavg_before"])} -> '
                  f'{" ".join(res["loadavg_after"])} |')
    print(f'loadavg at the end {open("/proc/loadavg").read().strip()}')
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(results, f, indent=1)


if __name__ == '__main__':
    main()
