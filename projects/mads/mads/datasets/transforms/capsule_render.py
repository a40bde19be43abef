"""Ray-cast people made of shaded capsules, with clutter, a floor and a
background, into calibrated (optionally distorted) cameras.

Everything is vectorised: one call casts the rays of all pixels of all
views against all capsules of all people and all clutter objects at once
(``(V, H*W, C)`` arrays); there is no Python loop over joints, views or
pixels.
"""
from typing import Dict, Optional, Sequence, Tuple

import numpy as np
from mmcv.transforms import BaseTransform

from selfpose_mm.geometry import project_points, undistort_points
from selfpose_mm.registry import TRANSFORMS

__all__ = [
    'RenderCapsuleBodies', 'body_capsules', 'cast_capsules', 'pixel_rays',
    'BODY_LINKS', 'BODY_RADII'
]

#: MADS-19 capsules ``(joint_a, joint_b)``: the 18 skeleton links (parent,
#: child), the pelvis bar, the two torso sides and the head sphere.
BODY_LINKS = np.array([
    (0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (1, 6), (6, 7), (7, 8), (8, 9),
    (0, 10), (10, 11), (11, 12), (12, 13), (0, 14), (14, 15), (15, 16),
    (16, 17), (0, 18), (2, 6), (10, 2), (14, 6), (18, 18)
])
#: Capsule radii in mm (same order as :data:`BODY_LINKS`).
BODY_RADII = np.array([
    115., 75., 62., 48., 38., 75., 62., 48., 38., 55., 44., 36., 30., 55.,
    44., 36., 30., 45., 85., 70., 70., 105.
])
# Part colour index per capsule: 0 torso, 1 head/skin, 2 left arm, 3 right
# arm, 4 left leg, 5 right leg. MADS-19 right side = 2-5 and 10-13.
_PART = np.array([0, 0, 5, 5, 5, 0, 4, 4, 4, 0, 3, 3, 1, 0, 2, 2, 1, 1, 0,
                  0, 0, 1])
# Colour (RGB, 0-1) of every limb capsule: each segment its own hue, so the
# elbows, knees and ankles are colour boundaries whatever the shading; left
# segments warm (red > blue), right ones cool (blue > red). Shirt and skin
# capsules (NaN here) take the per-person colours.
_nan = [np.nan] * 3
_SEGMENT_RGB = np.array([
    _nan, _nan,
    [.55, .15, .90],  # right thigh: violet
    [.50, .72, 1.0],  # right shin: sky blue
    [.05, .10, .45],  # right shoe: dark blue
    _nan,
    [.98, .50, .05],  # left thigh: orange
    [.70, .85, .15],  # left shin: yellow-green
    [.45, .10, .05],  # left shoe: dark red
    _nan,
    [.10, .25, .95],  # right upper arm: blue
    [.10, .80, .90],  # right forearm: cyan
    _nan, _nan,
    [.90, .12, .10],  # left upper arm: red
    [.95, .85, .10],  # left forearm: yellow
    _nan, _nan, _nan, _nan, _nan, _nan
])


def body_capsules(joints: np.ndarray,
                  radius_scale: Optional[np.ndarray] = None
                  ) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Capsules of MADS-19 bodies.

    Args:
        joints: ``(N, 19, 3)`` world mm.
        radius_scale: ``(N,)`` per-person radius factor (build), or None.

    Returns:
        tuple: ends ``a`` and ``b`` ``(N, C, 3)`` and radii ``(N, C)``
        with ``C = len(BODY_LINKS)`` (22).
    """
    J = np.asarray(joints, np.float64)
    if J.ndim != 3 or J.shape[1:] != (19, 3):
        raise ValueError('body_capsules expects MADS-19 joints (N, 19, 3), '
                         f'got {J.shape}')
    s = np.ones(len(J)) if radius_scale is None else np.asarray(radius_scale)
    a, b = J[:, BODY_LINKS[:, 0]], J[:, BODY_LINKS[:, 1]]
    return a, b, s[:, None] * BODY_RADII[None]


def pixel_rays(K: np.ndarray, dist: np.ndarray,
               size: Tuple[int, int]) -> np.ndarray:
    """Unit viewing rays (camera frame) through every pixel centre.

    Pixel ``(u, v)`` (integers = pixel centres, OpenCV convention) is
    undistorted with :func:`selfpose_mm.geometry.undistort_points`, so a
    point projected by ``cv2.projectPoints`` to ``(u, v)`` lies on that
    pixel's ray.

    Args:
        K: ``(V, 3, 3)`` intrinsics.
        dist: ``(V, 5)`` OpenCV distortion.
        size: ``(W, H)``.

    Returns:
        ``(V, H*W, 3)`` unit directions, row-major pixels.
    """
    W, H = size
    u, v = np.meshgrid(np.arange(W, dtype=np.float64),
                       np.arange(H, dtype=np.float64))
    uv = np.repeat(np.stack([u.ravel(), v.ravel()], -1)[None], len(K), 0)
    if np.any(dist != 0):
        xy = undistort_points(uv, K, dist, normalized=True)
    else:
        Kinv = np.linalg.inv(K)
        xy = uv @ Kinv[:, :2, :2].transpose(0, 2, 1) + Kinv[:, None, :2, 2]
    d = np.concatenate([xy, np.ones(xy.shape[:-1] + (1, ))], -1)
    return d / np.linalg.norm(d, axis=-1, keepdims=True)


def cast_capsules(rays: np.ndarray, a: np.ndarray, b: np.ndarray,
                  r: np.ndarray) -> Tuple[np.ndarray, np.ndarray,
                                          np.ndarray]:
    """Nearest hit of rays from the camera centre with capsules.

    Args:
        rays: ``(V, P, 3)`` unit directions (camera frame).
        a, b: ``(V, C, 3)`` capsule ends (camera frame, mm).
        r: ``(V, C)`` radii (mm).

    Returns:
        tuple: ray length ``t`` ``(V, P)`` (``inf`` = no hit), index of the
        capsule hit ``(V, P)`` and the unit surface normal ``(V, P, 3)``
        (camera frame).
    """
    ba = b - a  # (V, C, 3)
    baba = (ba * ba).sum(-1)[:, None]  # (V, 1, C)
    baoa = -(ba * a).sum(-1)[:, None]
    oaoa = (a * a).sum(-1)[:, None]
    r2 = (r * r)[:, None]
    bard = rays @ ba.transpose(0, 2, 1)  # (V, P, C)
    rdoa = -(rays @ a.transpose(0, 2, 1))
    with np.errstate(invalid='ignore', divide='ignore'):
        k2 = baba - bard * bard
        k1 = baba * rdoa - baoa * bard
        k0 = baba * oaoa - baoa * baoa - r2 * baba
        h = k1 * k1 - k2 * k0
        t_body = (-k1 - np.sqrt(h)) / k2
        y = baoa + t_body * bard
        body = (h >= 0) & (y > 0) & (y < baba) & (k2 > 1e-12)
        # the end spheres (a capsule is their union with the cylinder, so
        # the first hit is the nearest of the three first hits)
        b_a = rdoa  # rd . (o - a)
        t_a = -b_a - np.sqrt(b_a * b_a - (oaoa - r2))
        b_b = -(rays @ b.transpose(0, 2, 1))
        t_b = -b_b - np.sqrt(b_b * b_b - ((b * b).sum(-1)[:, None] - r2))
    inf = np.inf
    t_caps = np.fmin(t_a, t_b)  # NaN (miss) loses against a number
    t_caps = np.where(np.isnan(t_caps), inf, t_caps)
    t = np.where(body, np.minimum(t_body, t_caps), t_caps)
    t = np.where(np.isfinite(t) & (t > 1.), t, inf)
    idx = t.argmin(-1)  # (V, P)
    t_min = np.take_along_axis(t, idx[..., None], -1)[..., 0]
    # normal: hit point minus its closest point on the axis
    ga = np.take_along_axis(a, idx[..., None], 1)  # (V, P, 3)
    gb = np.take_along_axis(b, idx[..., None], 1)
    p = rays * np.where(np.isfinite(t_min), t_min, 0.)[..., None]
    gba = gb - ga
    den = np.maximum((gba * gba).sum(-1), 1e-9)
    s = np.clip(((p - ga) * gba).sum(-1) / den, 0., 1.)
    n = p - ga - s[..., None] * gba
    n /= np.maximum(np.linalg.norm(n, axis=-1, keepdims=True), 1e-9)
    return t_min, idx, n


@TRANSFORMS.register_module()
class RenderCapsuleBodies(BaseTransform):
    """Render the subject, distractor people and clutter as shaded
    capsules on a checkered floor and a noisy two-tone background.

    People have volume (22 capsules per MADS-19 body, radii in
    :data:`BODY_RADII`), Lambert shading from a light above, every limb
    segment in its own hue (left segments warm, right ones cool, so joints
    are colour boundaries; :data:`_SEGMENT_RGB`), a per-person shirt
    colour; occlusion (self, between people, by clutter)
    comes from the per-pixel nearest hit. The scene (shirts, build,
    clutter, background, light) is drawn from a generator seeded by
    ``(seed, sample_idx)``, so a sample always looks the same.

    Required Keys:
        - keypoints_3d (19, 3) world mm (the subject)
        - cameras (list[dict]): V dicts with K, R, t, dist, image_size
        - sample_idx (int)
        - others_3d (M, 19, 3) (optional): distractor people

    Added Keys:
        - imgs (list[np.ndarray]): V BGR uint8 images ``(H, W, 3)``
        - person_index (V, H, W) int8: -1 background/clutter, 0 subject,
          m distractor m (for tests and occlusion labels)
        - keypoints_2d_self_occluded (V, 19) bool: the joint's pixel shows
          something nearer than the joint's own capsule surface

    Args:
        num_clutter (int): Clutter capsules per scene. Defaults to 10.
        clutter_radius (tuple): Ring (min, max) around the target, mm.
        clutter_angles (tuple): Azimuth range (degrees, about the target,
            from +x) of the clutter; the default keeps it off the side of
            :func:`stereo_rig`'s cameras.
        target (tuple): Scene centre (the rig target), mm.
        floor (bool): Draw the checkered floor ``z = 0``.
        noise_std (float): Pixel noise std (grey levels).
        ambient (float): Ambient light fraction.
        seed (int): Base seed of the scene generator.
    """

    def __init__(self,
                 num_clutter: int = 10,
                 clutter_radius: Tuple[float, float] = (1200., 3000.),
                 clutter_angles: Tuple[float, float] = (50., 310.),
                 target: Sequence[float] = (0., 0., 900.),
                 floor: bool = True,
                 noise_std: float = 6.,
                 ambient: float = 0.35,
                 seed: int = 0) -> None:
        self.num_clutter = int(num_clutter)
        self.clutter_radius = tuple(clutter_radius)
        self.clutter_angles = tuple(clutter_angles)
        self.target = np.asarray(target, np.float64)
        self.floor = floor
        self.noise_std = noise_std
        self.ambient = ambient
        self.seed = seed

    # ------------------------------------------------------------------
    def scene(self, people: np.ndarray, rng: np.random.Generator) -> dict:
        """World capsules, colours and owners of one scene.

        Args:
            people: ``(N, 19, 3)`` world mm, the subject first.

        Returns:
            dict: ``a``, ``b`` ``(C, 3)``, ``r`` ``(C,)``, ``rgb`` ``(C, 3)``
            in [0, 1], ``owner`` ``(C,)`` (person index or -1 for clutter).
        """
        N = len(people)
        a, b, r = body_capsules(people, rng.uniform(0.9, 1.15, N))
        nb = a.shape[1]
        shirt = rng.uniform(0.15, 0.95, (N, 3))
        skin = np.array([.93, .75, .62]) * rng.uniform(0.6, 1.05, (N, 1))
        rgb = np.where((_PART >= 2)[None, :, None], _SEGMENT_RGB[None],
                       np.where((_PART == 1)[None, :, None],
                                skin[:, None], shirt[:, None]))
        owner = np.repeat(np.arange(N), nb)
        a, b = a.reshape(-1, 3), b.reshape(-1, 3)
        r, rgb = r.reshape(-1), rgb.reshape(-1, 3)
        n = self.num_clutter
        if n:
            # keep the corridor between the rig and the target free
            # (cameras on the +x side): angles 50..310 degrees
            ang = np.deg2rad(rng.uniform(*self.clutter_angles, n))
            rad = rng.uniform(*self.clutter_radius, n)
            base = np.stack([
                self.target[0] + rad * np.cos(ang),
                self.target[1] + rad * np.sin(ang),
                np.zeros(n)
            ], -1)
            tilt = rng.normal(0, 0.5, (n, 2))
            length = rng.uniform(300., 1900., n)
            dirn = np.concatenate([tilt, np.ones((n, 1))], -1)
            dirn /= np.linalg.norm(dirn, axis=-1, keepdims=True)
            ca = base + np.array([0, 0, 1.]) * rng.uniform(0, 600, (n, 1))
            a = np.concatenate([a, ca])
            b = np.concatenate([b, ca + dirn * length[:, None]])
            r = np.concatenate([r, rng.uniform(60., 260., n)])
            rgb = np.concatenate([rgb, rng.uniform(0.05, 1., (n, 3))])
            owner = np.concatenate([owner, -np.ones(n, int)])
        return dict(a=a, b=b, r=r, rgb=rgb, owner=owner)

    def render(self, scene: dict, K: np.ndarray, R: np.ndarray,
               t: np.ndarray, dist: np.ndarray, size: Tuple[int, int],
               rng: np.random.Generator) -> Dict[str, np.ndarray]:
        """Ray-cast a scene into V cameras at once.

        Args:
            scene: Output of :meth:`scene`.
            K, R, t, dist: ``(V, 3, 3)``, ``(V, 3, 3)``, ``(V, 3)`` mm,
                ``(V, 5)``.
            size: ``(W, H)`` shared by the views.
            rng: Generator of the background and noise.

        Returns:
            dict: ``rgb`` ``(V, H, W, 3)`` uint8 (RGB), ``depth``
            ``(V, H, W)`` ray length in mm (``inf`` = background),
            ``owner`` ``(V, H, W)`` int (-1 = not a person) and ``capsule``
            ``(V, H, W)`` (index of the capsule hit, -1 = none).
        """
        W, H = size
        V = len(K)
        rays = pixel_rays(K, dist, size)  # (V, P, 3)
        a = np.einsum('vij,cj->vci', R, scene['a']) + t[:, None]
        b = np.einsum('vij,cj->vci', R, scene['b']) + t[:, None]
        r = np.broadcast_to(scene['r'], (V, len(scene['r'])))
        # float32 casting (mm scale, ~1e-3 mm resolution at 5 m)
        f32 = lambda x: np.ascontiguousarray(x, np.float32)  # noqa: E731
        t_hit, idx, normal = cast_capsules(f32(rays), f32(a), f32(b), f32(r))
        t_hit = t_hit.astype(np.float64)
        hit = np.isfinite(t_hit)
        light = np.array([0.35, -0.45, 0.82])
        light = light / np.linalg.norm(light)
        light_c = np.einsum('vij,j->vi', R, light)[:, None]  # (V, 1, 3)
        lam = np.clip((normal * light_c).sum(-1), 0., 1.)
        shade = self.ambient + (1. - self.ambient) * lam
        col = scene['rgb'][idx] * shade[..., None]
        # background: vertical two-tone gradient + floor checker
        top, bottom = rng.uniform(0.2, 0.9, (2, 3))
        vv = np.repeat(np.linspace(0., 1., H), W)[None, :, None]
        bg = top * (1 - vv) + bottom * vv
        bg = np.broadcast_to(bg, (V, H * W, 3)).copy()
        depth = np.where(hit, t_hit, np.inf)
        if self.floor:
            centre = -np.einsum('vji,vj->vi', R, t)  # (V, 3) = -R^T t
            d_w = np.einsum('vji,vpj->vpi', R, rays)
            with np.errstate(divide='ignore', invalid='ignore'):
                t_f = -centre[:, None, 2] / d_w[..., 2]
            on = (d_w[..., 2] < -1e-6) & (t_f < depth)
            pw = centre[:, None] + d_w * t_f[..., None]
            check = (np.floor(pw[..., 0] / 500.) +
                     np.floor(pw[..., 1] / 500.)) % 2
            floor_rgb = np.where(check[..., None] > 0, 0.55, 0.35) * \
                rng.uniform(0.7, 1.2, 3)
            bg = np.where(on[..., None], floor_rgb, bg)
            depth = np.where(on, t_f, depth)
        img = np.where(hit[..., None] & (t_hit <= depth)[..., None], col,
                       bg) * 255.
        img = img + rng.normal(0, self.noise_std, img.shape)
        img = np.clip(img, 0, 255).astype(np.uint8).reshape(V, H, W, 3)
        person = hit & (t_hit <= depth)
        owner = np.where(person, scene['owner'][idx], -1)
        return dict(
            rgb=img,
            depth=np.where(person | np.isfinite(depth), depth,
                           np.inf).reshape(V, H, W),
            owner=owner.reshape(V, H, W),
            capsule=np.where(person, idx, -1).reshape(V, H, W))

    # ------------------------------------------------------------------
    def transform(self, results: Dict) -> Dict:
        cams = results['cameras']
        sizes = {tuple(int(x) for x in c['image_size']) for c in cams}
        if len(sizes) != 1:
            raise ValueError('RenderCapsuleBodies: all views must share one '
                             f'image_size, got {sorted(sizes)}')
        size = sizes.pop()
        rng = np.random.default_rng(
            (self.seed, int(results.get('sample_idx', 0))))
        X = np.asarray(results['keypoints_3d'], np.float64)[None]
        others = results.get('others_3d')
        if others is not None and len(others):
            X = np.concatenate([X, np.asarray(others, np.float64)])
        st = lambda k, d: np.stack(  # noqa: E731
            [np.asarray(c.get(k, d), np.float64) for c in cams])
        K, R, t = st('K', None), st('R', None), st('t', None)
        dist = st('dist', np.zeros(5))
        scene = self.scene(X, rng)
        out = self.render(scene, K, R, t, dist, size, rng)
        results['imgs'] = [im[..., ::-1].copy() for im in out['rgb']]
        results['person_index'] = out['owner'].astype(np.int8)
        # self/inter-person occlusion of the subject's joints per view
        uv = project_points(X[0], K, R, t, dist)  # (V, 19, 2)
        z = np.linalg.norm(
            np.einsum('vij,kj->vki', R, X[0]) + t[:, None], axis=-1)
        W, H = size
        ij = np.floor(uv + 0.5).astype(int)
        inside = ((ij[..., 0] >= 0) & (ij[..., 0] < W) & (ij[..., 1] >= 0) &
                  (ij[..., 1] < H))
        ij = np.clip(ij, 0, [W - 1, H - 1])
        vv = np.arange(len(K))[:, None]
        seen = out['depth'][vv, ij[..., 1], ij[..., 0]]
        # the joint sits on its capsules' axis; its surface is ~r nearer
        results['keypoints_2d_self_occluded'] = inside & (
            seen < z - 2.2 * BODY_RADII.max())
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(num_clutter={self.num_clutter}, '
                f'floor={self.floor}, noise_std={self.noise_std})')
