"""Build an estimator and run it on multi-view samples.

Two kinds of estimators are served the same way:

* the training-free :class:`~selfpose_mm.models.GeometricBaseline` on 2D
  detections (no checkpoint; :func:`geometric_baseline_config` builds its
  config for a keypoint layout and image size), and
* any registered model with a config (+ checkpoint), e.g. a voxel model;
  its ``test_dataloader.dataset.pipeline`` (or a top-level
  ``infer_pipeline``) turns a recording's results dict into a packed
  sample. Loading transforms (``LoadMultiViewImages``, ...) are dropped
  from it because the recording already holds the images in ``img``, and
  so are the transforms that make 2D detections from the 3D ground truth
  (``ProjectPoses``, ``EmulateDetections``): the recording's detections
  take their place (split by ``SplitDetectionScores``), so a heatmap-input
  VoxelPose config runs on real detections as it was trained. Grouping
  transforms (``GroupCandidatesByPAF``) are dropped too: the readers
  already group detections into people. Single-view lifter configs are
  refused with :class:`SingleViewLifterError` (they have their own demo,
  ``tools/videopose3d_demo.py``).
"""
import copy
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np
import torch
from mmengine.config import Config
from mmengine.dataset import Compose
from mmengine.runner import load_checkpoint
from mmpose.structures import PoseDataSample

from selfpose_mm.registry import MODELS
from selfpose_mm.setup_env import register_all_modules
from selfpose_mm.utils.config_aliases import resolve_config_alias
from .layouts import KeypointLayout, get_layout

__all__ = [
    'SingleViewLifterError', 'geometric_baseline_config', 'init_estimator',
    'build_test_pipeline', 'inference_multiview'
]

ConfigLike = Union[str, Path, Config, dict]

#: Image diagonal (px) the baseline's pixel thresholds were tuned on
#: (Shelf, 1032 x 776).
_REF_DIAGONAL = float(np.hypot(1032, 776))


def geometric_baseline_config(layout: Union[str, KeypointLayout],
                              image_size: Optional[Sequence[int]] = None,
                              temporal: bool = True) -> Config:
    """Config of the geometric baseline for a detection layout.

    Pixel thresholds (association, RANSAC inliers) scale with the image
    diagonal relative to Shelf's 1032 x 776, on which they were tuned.

    Args:
        layout: Keypoint layout name or object (see
            :mod:`selfpose_mm.apis.layouts`).
        image_size: ``(W, H)`` of the cameras (largest if they differ).
        temporal: Track people and filter joints over time (gives stable
            person ids). Defaults to True.

    Returns:
        Config: With ``model`` and ``infer_pipeline``.
    """
    layout = get_layout(layout) if isinstance(layout, str) else layout
    s = 1.0 if image_size is None else \
        float(np.hypot(*image_size)) / _REF_DIAGONAL
    s = max(s, 0.25)
    model = dict(
        type='GeometricBaseline',
        num_keypoints=layout.num_keypoints,
        skeleton_links=[list(x) for x in layout.skeleton],
        root_indices=list(layout.root_indices),
        assoc_cfg=dict(score_thr=0.3, min_joints=4, threshold=30. * s,
                       big_joints=min(8, layout.num_keypoints)),
        triangulation_cfg=dict(score_thr=0.2, inlier_thr=25. * s),
        merge_cfg=dict(median_thr=200., close_thr=100., min_close=3),
        min_valid_joints=5,
        temporal_cfg=dict(gate=500., max_gap=10, jump_thr=150.,
                          max_hold=10, ema=0.7) if temporal else None)
    return Config(dict(
        default_scope='selfpose_mm',
        model=model,
        layout=layout.name,
        infer_pipeline=[dict(type='PackMultiViewDetections')]))


def _as_config(config: ConfigLike) -> Config:
    if isinstance(config, Config):
        return copy.deepcopy(config)
    if isinstance(config, dict):
        return Config(copy.deepcopy(config))
    path = Path(resolve_config_alias(str(config)))
    if not path.is_file():
        raise FileNotFoundError(f'{path}: config not found')
    return Config.fromfile(str(path))


def init_estimator(config: ConfigLike,
                   checkpoint: Optional[str] = None,
                   device: str = 'cpu',
                   cfg_options: Optional[dict] = None) -> torch.nn.Module:
    """Build a multi-view estimator from a config (+ checkpoint).

    Args:
        config: Config file, ``Config`` or dict with a ``model`` (e.g. from
            :func:`geometric_baseline_config`).
        checkpoint: Weights to load; None for training-free models.
        device: Device, e.g. ``'cpu'`` or ``'cuda:0'``.
        cfg_options: Overrides merged into the config.

    Returns:
        nn.Module: The model in eval mode, with the config as ``model.cfg``.
    """
    register_all_modules()
    cfg = _as_config(config)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    if 'model' not in cfg:
        raise KeyError('the config has no "model"')
    if cfg.get('custom_imports'):
        from mmengine.utils import import_modules_from_strings
        import_modules_from_strings(**cfg['custom_imports'])
    model_cfg = copy.deepcopy(cfg.model)
    model_cfg.pop('pretrained', None)
    model = MODELS.build(model_cfg)
    if checkpoint is not None:
        load_checkpoint(model, checkpoint, map_location='cpu')
    elif any(p.numel() for p in model.parameters()):
        from mmengine.logging import print_log
        print_log(f'{type(model).__name__} has parameters but no '
                  'checkpoint was given: results are from random '
                  'weights', logger='current', level=30)
    model.cfg = cfg
    model.to(device)
    model.eval()
    return model


#: Transforms that read files; dropped from test pipelines at inference.
_LOADING = ('LoadMultiViewImages', 'LoadImage', 'LoadImageFromFile')
#: Transforms that make 2D detections from the 3D ground truth; at
#: inference the recording's detections replace them.
_FROM_GT = ('ProjectPoses', 'EmulateDetections')
#: Transforms that group raw candidates into people; the recording's
#: readers already do (``tools/infer.py`` groups 4D Association files by
#: PAF as it reads them).
_GROUPING = ('GroupCandidatesByPAF', )
#: Packers of single-view 2D -> 3D lifters, which the multi-view contract
#: (calibration + per-camera detections -> world 3D) does not fit.
_LIFTING = ('PackVideoLiftingInputs', 'PackMultiViewLiftingInputs')


class SingleViewLifterError(ValueError):
    """A single-view lifter config given to the multi-view inference."""


def build_test_pipeline(cfg: Config) -> Compose:
    """The inference pipeline of a config (see the module docstring)."""
    pipeline = cfg.get('infer_pipeline')
    if pipeline is None:
        try:
            pipeline = cfg.test_dataloader.dataset.pipeline
        except AttributeError:
            raise KeyError('the config has neither infer_pipeline nor '
                           'test_dataloader.dataset.pipeline') from None
    lifting = [t.get('type') for t in pipeline if t.get('type') in _LIFTING]
    if lifting:
        model = cfg.get('model', {}).get('type', '?')
        raise SingleViewLifterError(
            f'{cfg.filename or "config"}: model.type={model} is a '
            f'single-view 2D -> 3D lifter (its pipeline packs with '
            f'{lifting[0]}), not a multi-view model; run it with '
            'tools/videopose3d_demo.py (docs/inference.md, "Lifters")')
    kept = [t for t in copy.deepcopy(pipeline)
            if t.get('type') not in _LOADING + _FROM_GT + _GROUPING]
    if len(kept) < len(pipeline) and any(
            t.get('type') in _FROM_GT for t in pipeline):
        kept.insert(0, dict(type='SplitDetectionScores'))
    return Compose(kept)


def inference_multiview(model: torch.nn.Module,
                        sample: Union[Dict[str, Any], List[Dict]],
                        pipeline: Optional[Compose] = None
                        ) -> List[PoseDataSample]:
    """Run the model on one (or a list of) multi-view samples.

    Args:
        model: From :func:`init_estimator`.
        sample: A packed sample (``inputs`` + ``data_samples``) or a raw
            results dict (e.g. an item of
            :class:`~selfpose_mm.apis.io.MultiViewRecording`), which is
            packed by ``pipeline`` (default: the model config's).
        pipeline: Overrides the config's pipeline.

    Returns:
        list[PoseDataSample]: With ``pred_instances.keypoints_3d (N, K, 3)``
        mm, ``scores (N,)`` and, when the model tracks,
        ``instance_ids (N,)``.
    """
    samples = sample if isinstance(sample, list) else [sample]
    packed = []
    for s in samples:
        if 'inputs' not in s or 'data_samples' not in s:
            if pipeline is None:
                pipeline = build_test_pipeline(model.cfg)
            s = pipeline(dict(s))
            if s is None:
                raise ValueError('the test pipeline dropped the sample')
        packed.append(s)
    batch = dict(inputs=[s['inputs'] for s in packed],
                 data_samples=[s['data_samples'] for s in packed])
    with torch.no_grad():
        return model.test_step(batch)
