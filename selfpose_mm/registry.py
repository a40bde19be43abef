"""Every registry of selfpose_mm, in one place.

Each node is a child of the mmpose node of the same kind (and so, through
mmpose, of MMEngine's), so a config in the ``selfpose_mm`` scope builds our
own modules first and falls back to mmpose's (``type='ResNet'``) and
MMEngine's (``type='OptimWrapper'``). ``locations`` lists the sub-packages
that MMEngine imports lazily the first time a node is searched, so neither
tools nor configs have to import implementation modules by hand.

Projects (``projects/<name>``) register into these same nodes and are loaded
through ``custom_imports`` in their configs.
"""
from mmengine.registry import Registry
from mmpose import registry as mmpose_registry

__all__ = [
    'RUNNERS', 'RUNNER_CONSTRUCTORS', 'LOOPS', 'HOOKS', 'DATASETS',
    'DATA_SAMPLERS', 'TRANSFORMS', 'MODELS', 'MODEL_WRAPPERS',
    'WEIGHT_INITIALIZERS', 'OPTIMIZERS', 'OPTIM_WRAPPERS',
    'OPTIM_WRAPPER_CONSTRUCTORS', 'PARAM_SCHEDULERS', 'METRICS',
    'EVALUATORS', 'TASK_UTILS', 'VISUALIZERS', 'VISBACKENDS',
    'LOG_PROCESSORS', 'KEYPOINT_CODECS'
]

_PKG = 'selfpose_mm'

RUNNERS = Registry('runner', parent=mmpose_registry.RUNNERS)
RUNNER_CONSTRUCTORS = Registry(
    'runner constructor', parent=mmpose_registry.RUNNER_CONSTRUCTORS)
LOOPS = Registry(
    'loop', parent=mmpose_registry.LOOPS, locations=[f'{_PKG}.engine'])
HOOKS = Registry(
    'hook', parent=mmpose_registry.HOOKS, locations=[f'{_PKG}.engine'])

DATASETS = Registry(
    'dataset',
    parent=mmpose_registry.DATASETS,
    locations=[f'{_PKG}.datasets'])
DATA_SAMPLERS = Registry(
    'data sampler',
    parent=mmpose_registry.DATA_SAMPLERS,
    locations=[f'{_PKG}.datasets'])
TRANSFORMS = Registry(
    'transform',
    parent=mmpose_registry.TRANSFORMS,
    locations=[f'{_PKG}.datasets.transforms'])

MODELS = Registry(
    'model', parent=mmpose_registry.MODELS, locations=[f'{_PKG}.models'])
MODEL_WRAPPERS = Registry(
    'model_wrapper',
    parent=mmpose_registry.MODEL_WRAPPERS,
    locations=[f'{_PKG}.models'])
WEIGHT_INITIALIZERS = Registry(
    'weight initializer',
    parent=mmpose_registry.WEIGHT_INITIALIZERS,
    locations=[f'{_PKG}.models'])

OPTIMIZERS = Registry(
    'optimizer',
    parent=mmpose_registry.OPTIMIZERS,
    locations=[f'{_PKG}.engine'])
OPTIM_WRAPPERS = Registry(
    'optim_wrapper',
    parent=mmpose_registry.OPTIM_WRAPPERS,
    locations=[f'{_PKG}.engine'])
OPTIM_WRAPPER_CONSTRUCTORS = Registry(
    'optimizer wrapper constructor',
    parent=mmpose_registry.OPTIM_WRAPPER_CONSTRUCTORS,
    locations=[f'{_PKG}.engine'])
PARAM_SCHEDULERS = Registry(
    'parameter scheduler',
    parent=mmpose_registry.PARAM_SCHEDULERS,
    locations=[f'{_PKG}.engine'])

METRICS = Registry(
    'metric',
    parent=mmpose_registry.METRICS,
    locations=[f'{_PKG}.evaluation.metrics'])
EVALUATORS = Registry(
    'evaluator',
    parent=mmpose_registry.EVALUATORS,
    locations=[f'{_PKG}.evaluation'])

TASK_UTILS = Registry(
    'task util',
    parent=mmpose_registry.TASK_UTILS,
    locations=[f'{_PKG}.models'])

VISUALIZERS = Registry(
    'visualizer',
    parent=mmpose_registry.VISUALIZERS,
    locations=[f'{_PKG}.visualization'])
VISBACKENDS = Registry(
    'vis_backend',
    parent=mmpose_registry.VISBACKENDS,
    locations=[f'{_PKG}.visualization'])
LOG_PROCESSORS = Registry(
    'log_processor',
    parent=mmpose_registry.LOG_PROCESSORS,
    locations=[f'{_PKG}.engine'])

# Codecs keep target encoding and output decoding together (mmpose's
# KEYPOINT_CODECS is a root node; ours is its child so mmpose codecs build).
KEYPOINT_CODECS = Registry(
    'KEYPOINT_CODECS',
    parent=mmpose_registry.KEYPOINT_CODECS,
    locations=[f'{_PKG}.codecs'])
