"""Test-time adaptation: self-supervised steps on the test split's 2D, then
the standard test evaluation (results are *transductive*)."""
from typing import Dict, List, Optional, Sequence, Union

from mmengine.evaluator import Evaluator
from mmengine.logging import print_log
from mmengine.runner import TestLoop
from torch import nn
from torch.utils.data import DataLoader

from selfpose_mm.registry import LOOPS

__all__ = ['TestTimeAdaptLoop']


@LOOPS.register_module()
class TestTimeAdaptLoop(TestLoop):
    """Adapt the model on unlabelled test inputs, then evaluate.

    1. For ``steps`` iterations, batches of ``adapt_dataloader`` (the test
       split's multi-view 2D, no 3D: e.g. ``MultiViewLiftingDataset`` with
       ``with_3d=False``) go through ``model.train_step`` — the model's own
       self-supervised loss (``MultiViewSelfSupervisedLifter``) — with a
       fresh optimiser (Adam, ``lr``, unless ``optimizer`` is given).
       During adaptation dropout is off and, with ``bn_mode='frozen'``
       (default), BatchNorm uses and keeps its training running statistics;
       ``bn_mode='adapt'`` lets BatchNorm normalise with batch statistics
       and update its running statistics on the test data.
    2. The standard test loop then evaluates the adapted model. Every metric
       key is prefixed with ``label`` (``'transductive/MPJPE'``) and the
       log says so, because the model has seen the evaluation inputs.

    Usage: ``test_cfg = dict(type='TestTimeAdaptLoop', steps=200, lr=4e-5,
    adapt_dataloader=dict(...))``.

    Args:
        runner (Runner): The runner.
        dataloader (DataLoader | dict): The evaluation dataloader.
        evaluator (Evaluator | dict | list): The evaluator.
        adapt_dataloader (DataLoader | dict): Unlabelled adaptation data.
        steps (int): Adaptation iterations (cycling over the data).
        lr (float): Learning rate of the default Adam optimiser.
        optimizer (dict, optional): Optimiser config overriding ``lr``.
        bn_mode (str): ``'frozen'`` or ``'adapt'`` (see above).
        label (str): Metric prefix / log label. Defaults to
            ``'transductive'``.
        log_interval (int): Log the adaptation losses every n steps.
        fp16 (bool): Mixed-precision evaluation (TestLoop's flag).
    """

    BN_MODES = ('frozen', 'adapt')

    def __init__(self,
                 runner,
                 dataloader: Union[DataLoader, Dict],
                 evaluator: Union[Evaluator, Dict, List],
                 adapt_dataloader: Union[DataLoader, Dict],
                 steps: int = 200,
                 lr: float = 4e-5,
                 optimizer: Optional[dict] = None,
                 bn_mode: str = 'frozen',
                 label: str = 'transductive',
                 log_interval: int = 50,
                 fp16: bool = False) -> None:
        super().__init__(runner, dataloader, evaluator, fp16=fp16)
        if bn_mode not in self.BN_MODES:
            raise ValueError(f'TestTimeAdaptLoop: bn_mode must be one of '
                             f'{self.BN_MODES}, got {bn_mode!r}')
        if steps < 0:
            raise ValueError(f'TestTimeAdaptLoop: steps must be >= 0, got '
                             f'{steps}')
        if isinstance(adapt_dataloader, dict):
            adapt_dataloader = runner.build_dataloader(
                adapt_dataloader, seed=runner.seed)
        self.adapt_dataloader = adapt_dataloader
        self.steps = int(steps)
        self.lr = lr
        self.optimizer = optimizer or dict(type='Adam', lr=lr)
        self.bn_mode = bn_mode
        self.label = label
        self.log_interval = log_interval
        self._label_metrics(self.evaluator.metrics)

    def _label_metrics(self, metrics: Sequence) -> None:
        for metric in metrics:
            prefix = getattr(metric, 'prefix', None)
            if prefix and prefix.startswith(self.label):
                continue
            metric.prefix = self.label if not prefix else \
                f'{self.label}/{prefix}'

    def _set_modes(self, model: nn.Module) -> None:
        model.train()
        for m in model.modules():
            if isinstance(m, nn.modules.dropout._DropoutNd):
                m.eval()
            elif isinstance(m, nn.modules.batchnorm._BatchNorm) and \
                    self.bn_mode == 'frozen':
                m.eval()

    def adapt(self) -> List[Dict[str, float]]:
        """Run the adaptation steps; return the logged losses."""
        runner = self.runner
        model = runner.model
        optim_wrapper = runner.build_optim_wrapper(
            dict(type='OptimWrapper', optimizer=self.optimizer))
        self._set_modes(model)
        history: List[Dict[str, float]] = []
        step = 0
        while step < self.steps:
            for batch in self.adapt_dataloader:
                if step >= self.steps:
                    break
                log_vars = model.train_step(batch, optim_wrapper)
                vals = {k: float(v.detach()) if hasattr(v, 'detach') else
                        float(v) for k, v in log_vars.items()}
                history.append(vals)
                step += 1
                if step == 1 or step % self.log_interval == 0 or \
                        step == self.steps:
                    msg = '  '.join(f'{k}: {v:.5f}' for k, v in vals.items())
                    print_log(
                        f'[{self.label}] test-time adaptation step '
                        f'{step}/{self.steps}  {msg}',
                        logger='current')
            if len(self.adapt_dataloader) == 0:
                raise ValueError('TestTimeAdaptLoop: empty adapt_dataloader')
        model.eval()
        return history

    def run(self) -> dict:
        """Adapt, then evaluate; metric keys carry the ``label``."""
        self.history = self.adapt()
        print_log(
            f'[{self.label}] {self.steps} self-supervised steps on the '
            'unlabelled test inputs done; the metrics below are '
            f'TRANSDUCTIVE (prefixed {self.label!r}).',
            logger='current')
        return super().run()
