"""Synthetic roots of SelfPose3d's self-supervised root net, shared by the
V2V (:class:`SSLRootHead`) and the top-view (:class:`SSLOrthoRootHead`)
root heads."""
from typing import Sequence, Tuple

import torch
from torch import Tensor

__all__ = ['SyntheticRootMixin']


class SyntheticRootMixin:
    """Draws synthetic roots and holds their settings.

    **Synthetic roots**: per sample 1..``syn_max_people`` roots, ``x, y``
    uniform in ``syn_box``, one height per sample uniform in the z range
    plus ``N(0, syn_z_jitter)`` per root. The estimator renders them into
    each view-set's cameras (``syn_sigma`` heatmap px, plus
    ``N(0, syn_noise)`` noise), lifts them with the projector and scores
    them with the head's network; the head's ``loss_synthetic`` compares
    that with Gaussians around the synthetic roots.
    """

    def _init_synthetic(self, name: str, syn_box: Sequence[Sequence[float]],
                        syn_max_people: int, syn_z_jitter: float,
                        syn_sigma: float, syn_noise: float,
                        weight_syn: float,
                        weight_consistency: float) -> None:
        if self.input_joints is None or len(self.input_joints) != 1:
            raise ValueError(f'{name}: input_joints must select exactly '
                             f'one heatmap channel (the root, e.g. [2]); the '
                             f'synthetic root heatmaps have one channel')
        box = [tuple(float(v) for v in ax) for ax in syn_box]
        if len(box) != 3 or any(len(ax) != 2 or ax[1] < ax[0]
                                for ax in box):
            raise ValueError(f'{name}: syn_box must be ((x0, x1), (y0, '
                             f'y1), (z0, z1)) with lo <= hi, got {syn_box}')
        if int(syn_max_people) < 1:
            raise ValueError(f'{name}: syn_max_people must be >= 1')
        self.syn_box = tuple(box)
        self.syn_max_people = int(syn_max_people)
        self.syn_z_jitter = float(syn_z_jitter)
        self.syn_sigma = float(syn_sigma)
        self.syn_noise = float(syn_noise)
        self.weight_syn = float(weight_syn)
        self.weight_consistency = float(weight_consistency)

    def sample_roots(self, batch: int, device,
                     dtype=torch.float32) -> Tuple[Tensor, Tensor]:
        """Draw synthetic roots.

        Args:
            batch (int): Number of samples B.
            device: Device.
            dtype: Float dtype.

        Returns:
            tuple: ``roots (B, N, 3)`` mm and ``mask (B, N)`` bool, N =
            ``syn_max_people``.
        """
        n = self.syn_max_people
        lo = torch.tensor([ax[0] for ax in self.syn_box], device=device,
                          dtype=dtype)
        hi = torch.tensor([ax[1] for ax in self.syn_box], device=device,
                          dtype=dtype)
        u = torch.rand(batch, n, 3, device=device, dtype=dtype)
        u[..., 2] = u[:, :1, 2]  # one height per sample
        roots = lo + u * (hi - lo)
        roots[..., 2] += torch.randn(
            batch, n, device=device, dtype=dtype) * self.syn_z_jitter
        count = torch.randint(1, n + 1, (batch, 1), device=device)
        mask = torch.arange(n, device=device)[None] < count
        return roots, mask

    def extra_repr_dict(self) -> dict:
        """The synthetic-root settings (for logs and tests)."""
        return dict(
            syn_box=self.syn_box,
            syn_max_people=self.syn_max_people,
            syn_z_jitter=self.syn_z_jitter,
            syn_sigma=self.syn_sigma,
            syn_noise=self.syn_noise)
