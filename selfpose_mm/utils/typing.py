"""Type aliases shared across selfpose_mm (mirrors ``mmpose.utils.typing``)."""
from typing import Dict, List, Optional, Sequence, Tuple, Union

from mmengine.config import ConfigDict
from mmengine.structures import InstanceData
from mmpose.structures import PoseDataSample
from torch import Tensor

__all__ = [
    'ConfigType', 'OptConfigType', 'MultiConfig', 'OptMultiConfig',
    'SampleList', 'OptSampleList', 'InstanceList', 'Features', 'LossDict'
]

ConfigType = Union[ConfigDict, dict]
OptConfigType = Optional[ConfigType]
MultiConfig = Union[ConfigType, List[ConfigType]]
OptMultiConfig = Optional[MultiConfig]
SampleList = List[PoseDataSample]
OptSampleList = Optional[SampleList]
InstanceList = List[InstanceData]
Features = Union[Tensor, Tuple[Tensor, ...], Sequence[Tensor]]
LossDict = Dict[str, Tensor]
