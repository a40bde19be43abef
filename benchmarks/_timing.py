"""Clock helpers shared by the benchmark scripts."""
import torch

__all__ = ['sync']


def sync(device) -> None:
    """Wait for queued GPU work before reading a clock (no-op on CPU)."""
    if torch.device(device).type == 'cuda':
        torch.cuda.synchronize(device)
