"""A from-scratch re-creation of the *structure* of the reference
``ProjectLayer`` (SelfPose3d / VoxelPose), for side-by-side timing only.

It follows ``../shared/reference/selfpose3d.md`` §1.4 step by step, with
the per-call work the reference does: build the world grid, and for every
sample and view rebuild the affine, project every voxel centre with the
full pinhole + radial/tangential model, mask by the original image,
clamp, map to heatmap and ``grid_sample`` coordinates, one
``grid_sample`` per view, then the masked mean over views, NaN clean-up
and clamp. Nothing is cached. It is not used by the library (the library's
``VoxelProjector`` caches the camera part and batches views); the
benchmark checks that both give the same cube before timing.
"""
from typing import Dict, Sequence, Tuple

import torch
import torch.nn.functional as F
from torch import Tensor

__all__ = [
    'reference_project_layer', 'reference_heatmaps', 'reference_root_net',
    'reference_pose_net', 'reference_render', 'reference_root_target',
    'reference_sample_roots'
]


def _grid(size: Sequence[float], center: Tensor,
          shape: Sequence[int]) -> Tensor:
    axes = [
        torch.linspace(-s / 2, s / 2, n, device=center.device) + c
        for s, n, c in zip(size, shape, center)
    ]
    gx, gy, gz = torch.meshgrid(*axes, indexing='ij')
    return torch.stack([gx, gy, gz], -1).reshape(-1, 3)


def _project(points: Tensor, K: Tensor, R: Tensor, t: Tensor,
             dist: Tensor) -> Tensor:
    cam = points @ R.T + t
    x = cam[:, 0] / cam[:, 2]
    y = cam[:, 1] / cam[:, 2]
    r2 = x * x + y * y
    k1, k2, p1, p2, k3 = dist
    radial = 1 + k1 * r2 + k2 * r2 * r2 + k3 * r2 * r2 * r2
    xd = x * radial + 2 * p1 * x * y + p2 * (r2 + 2 * x * x)
    yd = y * radial + p1 * (r2 + 2 * y * y) + 2 * p2 * x * y
    uv = torch.stack([xd, yd], -1)
    return uv @ K[:2, :2].T + K[:2, 2]


def reference_project_layer(heatmaps: Tensor, cams: Dict[str, Tensor],
                            space_size: Sequence[float], center: Tensor,
                            cube_shape: Sequence[int]) -> Tensor:
    """Heatmaps ``(B, V, C, H, W)`` to a cube ``(B, C, X, Y, Z)``.

    Args:
        heatmaps (Tensor): ``(B, V, C, H, W)``.
        cams (dict): Per-view ``K (V, 3, 3)``, ``R``, ``t (V, 3)`` mm,
            ``dist (V, 5)``, ``image_size (V, 2)`` (W0, H0) and
            ``affine (V, 2, 3)`` original -> network-input pixels, plus
            ``input_size`` (W, H).
        space_size (Sequence[float]): Cube size (mm).
        center (Tensor): Cube centre ``(3,)`` mm.
        cube_shape (Sequence[int]): Voxels per axis.
    """
    B, V, C, H, W = heatmaps.shape
    in_w, in_h = cams['input_size']
    nbins = int(cube_shape[0] * cube_shape[1] * cube_shape[2])
    cubes = heatmaps.new_zeros(B, C, 1, nbins, V)
    bounding = heatmaps.new_zeros(B, 1, 1, nbins, V)
    grid = _grid(space_size, center, cube_shape)
    for i in range(B):
        for c in range(V):
            A = cams['affine'][c]  # rebuilt per call in the reference
            w0, h0 = cams['image_size'][c]
            uv = _project(grid, cams['K'][c], cams['R'][c], cams['t'][c],
                          cams['dist'][c])
            ok = ((uv[:, 0] >= 0) & (uv[:, 1] >= 0) & (uv[:, 0] < w0)
                  & (uv[:, 1] < h0))
            bounding[i, 0, 0, :, c] = ok.to(heatmaps.dtype)
            uv = torch.clamp(uv, -1.0, float(max(w0, h0)))
            uv = uv @ A[:, :2].T + A[:, 2]
            uv = uv * uv.new_tensor([W / in_w, H / in_h])
            g = uv / uv.new_tensor([W - 1, H - 1]) * 2.0 - 1.0
            g = torch.clamp(g.view(1, 1, nbins, 2), -1.1, 1.1)
            cubes[i:i + 1, :, :, :, c] += F.grid_sample(
                heatmaps[i:i + 1, c], g, align_corners=True)
    cubes = torch.sum(cubes * bounding, dim=-1) / (
        torch.sum(bounding, dim=-1) + 1e-6)
    cubes[cubes != cubes] = 0.0
    cubes = cubes.clamp(0.0, 1.0)
    return cubes.view(B, C, *cube_shape)


# ----------------------------------------------------------------------
# Whole SelfPose3d steps in the reference's structure (for bench_steps.py)
# ----------------------------------------------------------------------
# Each function below re-creates, from ../shared/reference/selfpose3d.md
# (sections 1.3-1.9, 2.2, 2.3), the *call structure* of the reference
# (``MultiPersonPoseNetSSV``, ``CuboidProposalNetSoft``,
# ``PoseRegressionNet``): Python loops over views (backbone and attention
# at batch 1 per view), over view-sets and over root candidates (one pose
# net call per candidate and set), the un-cached ``ProjectLayer`` above,
# NCDHW V2V, the broadcast soft-argmax, per-view Gaussian rendering on a
# pixel grid. The networks are passed in (the library's modules, so both
# sides run the same weights); nothing here is used by the library.


def _net(net, x: Tensor) -> Tensor:
    """Call a 3D network (mmpose's V2VNet returns a tuple)."""
    out = net(x)
    return out[0] if isinstance(out, (tuple, list)) else out


def reference_heatmaps(backbone, head, images: Tensor) -> Tensor:
    """PoseResNet over the views, one call per view (``(V, 3, H, W)`` ->
    ``(V, K, h, w)``), as ``MultiPersonPoseNetSSV`` loops."""
    return torch.cat([head(backbone(images[v:v + 1]))
                      for v in range(images.shape[0])])


def reference_root_net(net, root_hms: Tensor, cams: Dict[str, Tensor],
                       space_size, space_center, space_shape,
                       max_num: int) -> Tuple[Tensor, Tensor, Tensor]:
    """``CuboidProposalNetSoft``: root-channel ProjectLayer, V2VNet(1, 1),
    3x3x3 max-pool NMS, top-k, voxel index -> world mm.

    Args:
        root_hms (Tensor): ``(1, V, 1, h, w)`` root-joint heatmaps.

    Returns:
        tuple: ``root_cubes (1, X, Y, Z)``, ``centers (1, N, 3)`` and
        ``scores (1, N)``.
    """
    ctr = torch.as_tensor(space_center, dtype=root_hms.dtype,
                          device=root_hms.device)
    cube = reference_project_layer(root_hms, cams, space_size, ctr,
                                   space_shape)
    root_cubes = _net(net, cube)[:, 0]
    pooled = F.max_pool3d(root_cubes[:, None], 3, 1, 1)[:, 0]
    nms = root_cubes * (root_cubes == pooled).to(root_cubes.dtype)
    scores, index = torch.topk(nms.flatten(1), max_num)
    nx, ny, nz = space_shape
    idx = torch.stack([index // (ny * nz), (index // nz) % ny, index % nz],
                      -1).to(root_cubes.dtype)
    size = root_cubes.new_tensor(space_size)
    shape = root_cubes.new_tensor(space_shape)
    centers = idx / (shape - 1) * size + ctr - size / 2
    return root_cubes, centers, scores


def reference_pose_net(net, hms: Tensor, cams: Dict[str, Tensor],
                       center: Tensor, cube_size, cube_shape,
                       beta: float) -> Tensor:
    """``PoseRegressionNet`` for one candidate: ProjectLayer 64^3, V2V,
    ``SoftArgmaxLayer`` (softmax(beta x) times the broadcast grid).

    Args:
        hms (Tensor): ``(1, V, K, h, w)``.
        center (Tensor): ``(3, )`` mm.

    Returns:
        Tensor: ``(1, K, 3)`` mm.
    """
    cube = reference_project_layer(hms, cams, cube_size, center, cube_shape)
    logits = _net(net, cube)
    b, k = logits.shape[:2]
    grid = _grid(cube_size, center, cube_shape)  # (P, 3)
    prob = F.softmax(beta * logits.reshape(b, k, -1, 1), dim=2)
    return torch.sum(prob * grid[None, None], dim=2)


def reference_render(joints: Tensor, cams: Dict[str, Tensor],
                     hm_size: Sequence[int], sigma: float) -> Tensor:
    """Project ``(P, K, 3)`` people into every view (pinhole + distortion,
    set affine, network-input px to heatmap px) and draw ``exp(-d^2 / 2
    sigma^2)`` on the pixel grid; sum over people, clip to [0, 1].

    Returns:
        Tensor: ``(V, K, h, w)``.
    """
    w, h = hm_size
    in_w, in_h = cams['input_size']
    yy, xx = torch.meshgrid(
        torch.arange(h, dtype=joints.dtype, device=joints.device),
        torch.arange(w, dtype=joints.dtype, device=joints.device),
        indexing='ij')
    p, k = joints.shape[:2]
    out = []
    for c in range(cams['K'].shape[0]):
        uv = _project(joints.reshape(-1, 3), cams['K'][c], cams['R'][c],
                      cams['t'][c], cams['dist'][c])
        A = cams['affine'][c]
        uv = uv @ A[:, :2].T + A[:, 2]
        uv = uv * uv.new_tensor([w / in_w, h / in_h])
        uv = uv.reshape(p, k, 1, 1, 2)
        d2 = (xx - uv[..., 0])**2 + (yy - uv[..., 1])**2
        out.append(torch.exp(-d2 / (2 * sigma**2)).sum(0).clamp(0., 1.))
    return torch.stack(out)


def reference_root_target(roots: Tensor, space_size, space_center,
                          space_shape, sigma: float,
                          window: bool = True) -> Tensor:
    """The synthetic roots' 3D Gaussian target ``(X, Y, Z)``: per root,
    evaluated on the voxel centres within +-3 sigma (``window``; the
    reference finds the window with ``searchsorted``), max over roots.
    ``window=False`` evaluates everywhere (the library's target; used only
    by the equality check)."""
    axes = [
        torch.linspace(-s / 2, s / 2, n, device=roots.device,
                       dtype=roots.dtype) + c
        for s, n, c in zip(space_size, space_shape, space_center)
    ]
    target = roots.new_zeros(tuple(int(n) for n in space_shape))
    for r in roots:
        sl = []
        for d, ax in enumerate(axes):
            if window:
                lo = int(torch.searchsorted(ax, r[d] - 3 * sigma))
                hi = int(torch.searchsorted(ax, r[d] + 3 * sigma))
            else:
                lo, hi = 0, ax.numel()
            sl.append(slice(lo, hi))
        gx, gy, gz = torch.meshgrid(axes[0][sl[0]], axes[1][sl[1]],
                                    axes[2][sl[2]], indexing='ij')
        g = torch.exp(-((gx - r[0])**2 + (gy - r[1])**2 +
                        (gz - r[2])**2) / (2 * sigma**2))
        target[sl[0], sl[1], sl[2]] = torch.maximum(
            target[sl[0], sl[1], sl[2]], g)
    return target.clamp(0., 1.)


def reference_sample_roots(syn_box, max_people: int, z_jitter: float,
                           device, dtype=torch.float32) -> Tensor:
    """1..max_people roots: x, y uniform, one shared height + N(0, 50)."""
    n = int(torch.randint(1, max_people + 1, (1, )))
    lo = torch.tensor([a[0] for a in syn_box], device=device, dtype=dtype)
    hi = torch.tensor([a[1] for a in syn_box], device=device, dtype=dtype)
    u = torch.rand(n, 3, device=device, dtype=dtype)
    u[:, 2] = u[0, 2]
    roots = lo + u * (hi - lo)
    roots[:, 2] += torch.randn(n, device=device, dtype=dtype) * z_jitter
    return roots
