"""Install selfpose_mm.

``pip install -e .`` installs selfpose_mm and the dependencies pip can
resolve on its own. Three cannot be declared here (see README, "Installing
into your own environment"):

* ``torch`` is declared unpinned; install the build for your machine first
  (``pip install torch==2.13.0`` on CPU, a CUDA build on GPUs).
* ``mmcv``: either the compiled ``mmcv==2.1.0`` (GPU clusters, needs
  compiling) or the pure-Python ``mmcv-lite==2.1.0``; pip cannot express
  "one of the two".
* ``mmpose==1.3.2`` and ``mmdet==3.3.0`` must be installed with
  ``--no-deps`` because mmpose declares torchvision and chumpy.
"""
import os.path as osp

from setuptools import find_packages, setup


def _requirements(name: str) -> list:
    path = osp.join(osp.dirname(__file__), 'requirements', name)
    with open(path) as f:
        return [
            line.split('#')[0].strip() for line in f
            if line.split('#')[0].strip()
        ]


def _version() -> str:
    scope: dict = {}
    with open(osp.join('selfpose_mm', 'version.py')) as f:
        exec(f.read(), scope)
    return scope['__version__']


setup(
    name='selfpose_mm',
    version=_version(),
    description='OpenMMLab-native 3D human pose from calibrated cameras '
    'without 3D labels (SelfPose3d, VideoPose3D, multi-view lifting, '
    'CDRNet)',
    long_description=open('README.md').read(),
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('tests', 'tests.*', 'configs',
                                    'tools', 'benchmarks')),
    include_package_data=True,
    # dataset meta files: read at import time by the dataset classes
    package_data={'selfpose_mm': ['dataset_meta/*.py']},
    # 3.11: the TOML calibration reader uses the standard library's tomllib
    python_requires='>=3.11',
    # 2.6: torch.serialization.safe_globals with (object, name) entries, used
    # by the allowlisted checkpoint loader (selfpose_mm/utils/safe_load.py)
    install_requires=['torch>=2.6'] + _requirements('runtime.txt'),
    extras_require=dict(
        tests=_requirements('tests.txt'),
        # `tools/train.py --tensorboard`
        tensorboard=['tensorboard']),
    license='Apache-2.0',
    zip_safe=False,
)
