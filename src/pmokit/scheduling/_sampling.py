"""Batched sampling of duration distributions for schedule risk.

:class:`BatchSampler` draws many activities' durations at once by inverse transform:
distributions of one class are evaluated together with parameter columns, in cache-sized
blocks. Independent draws start from uniform 32-bit integers (:func:`uniform_bits`);
copula draws from given uniforms. BetaPert, whose quantile has no closed form, reads
tables: float64 on a Chebyshev grid for given uniforms, float32 on a square-root grid for
32-bit integers, and, beyond 32 shapes, tables interpolated from a family of shapes of the
same ``lam``; the error is below ``1e-5 (high - low)`` everywhere (tested).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special

from pmokit import _compiled
from pmokit._typing import FloatArray
from pmokit.distributions import (
    BetaPert,
    Distribution,
    Empirical,
    LogNormal,
    Normal,
    Triangular,
    Uniform,
    _empirical_ppf,
    _normal_ppf,
)
from pmokit.errors import PmokitError
from pmokit.scheduling import _kernels

_GRID_SIZE = 4097
_TAIL = 1e-3


@cache
def _grid() -> FloatArray:
    t = np.linspace(0.0, 1.0, _GRID_SIZE)
    g = 0.5 * (1.0 - np.cos(np.pi * t))
    g[0], g[-1] = 0.0, 1.0
    g.setflags(write=False)
    return g


_NARROW_TAIL = 1e-4
_TAIL_PROBES = 257


@lru_cache(maxsize=1024)
def _beta_table(a: float, b: float) -> tuple[FloatArray, FloatArray, float]:
    """Quantiles on the Chebyshev grid, the step to the next node, and the
    tail width beyond which the exact quantile is used for this shape.

    The tail is ``_NARROW_TAIL`` when interpolation is within half the documented bound
    (``5e-6``) on dense probes of the band between the narrow and the wide tail, else
    ``_TAIL``: most shapes need the slow exact ``betaincinv`` for only 0.02% of draws.
    """
    tab = np.asarray(special.betaincinv(a, b, _grid()), dtype=np.float64)
    step = np.append(tab[1:], tab[-1]) - tab
    tab.setflags(write=False)
    step.setflags(write=False)
    band = np.geomspace(_NARROW_TAIL, _TAIL, _TAIL_PROBES)
    probe = np.concatenate([band, 1.0 - band])
    err = np.abs(_interp(probe, tab, step) - special.betaincinv(a, b, probe)).max()
    return tab, step, _NARROW_TAIL if err <= 5e-6 else _TAIL


def _interp(u: FloatArray, tab: FloatArray, step: FloatArray) -> FloatArray:
    t = np.multiply(u, -2.0)
    t += 1.0
    np.arccos(t, out=t)
    t *= (_GRID_SIZE - 1) / np.pi
    i = t.astype(np.intp)
    np.minimum(i, _GRID_SIZE - 2, out=i)
    t -= i
    x = np.take(tab, i)
    dx = np.take(step, i)
    dx *= t
    x += dx
    return x


_BITS_SCALE = 2.0**-32
"""Uniform 32-bit integer ``b`` stands for the probability ``(b + 0.5) 2**-32``."""
_LITTLE_ENDIAN = np.little_endian


def uniform_bits(gen: np.random.Generator, rows: int, c: int) -> npt.NDArray[np.uint32]:
    """``rows x c`` uniform 32-bit integers from the generator's raw 64-bit stream.

    Each row takes ``ceil(c / 2)`` 64-bit words (two integers each), so drawing the rows
    in blocks gives the same numbers as drawing them at once: the sampler draws in
    cache-sized blocks and the cruciality pass replays them. Half the cost of
    ``Generator.random`` per number or less; 32 bits are ample for inverse transform
    sampling.
    """
    half = (c + 1) // 2
    words = gen.bit_generator.random_raw(rows * half)
    if not _LITTLE_ENDIAN:  # little-endian bytes, read as little-endian halves: the
        words = words.astype("<u8")  # same numbers on every platform
    bits = words.view("<u4").reshape(rows, 2 * half)
    return bits if 2 * half == c else bits[:, :c]


def bits_to_uniform(bits: npt.NDArray[np.uint32]) -> FloatArray:
    """The probabilities ``(b + 0.5) 2**-32`` in (0, 1) of uniform 32-bit integers."""
    u = bits.astype(np.float64)
    u += 0.5
    u *= _BITS_SCALE
    return u


_HALF_NODES = 2048
"""Intervals per half of the square-root grid of :func:`_beta_table_bits`."""
_OFFSET32 = np.int32(_HALF_NODES + 1)
_ROOT_SCALE32 = np.float32(_HALF_NODES * math.sqrt(2.0) * 2.0**-16)


@lru_cache(maxsize=1024)
def _beta_table_bits(
    a: float, b: float
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], int]:
    """Quantile tables of :func:`_beta_ppf_bits` (float32), and its exact tails as a
    number of 32-bit integers at each end.

    Each half of the probability range has its own table on ``s = min(u, 1 - u)`` at
    nodes equally spaced in ``w = sqrt(2 s)`` (dense near the ends, where the quantile
    is steep), the upper half from the complementary quantile so that it is accurate
    near 1. The exact quantile is used within ``1e-4`` of 0 or 1 when the interpolation
    is checked to within ``5e-6`` on dense probes between ``1e-4`` and ``1e-3`` (so the
    documented bound ``1e-5`` holds with room for float32 rounding), else within
    ``1e-3``.
    """
    tab32, step32 = _with_steps(_root_grid_quantiles(a, b))
    width = _NARROW_TAIL if _band_error(tab32, step32, a, b) <= 5e-6 else _TAIL
    tab32.setflags(write=False)
    step32.setflags(write=False)
    return tab32, step32, int(width * 2**32)


def _root_grid_quantiles(a: Any, b: Any) -> FloatArray:
    """Beta(a, b) quantiles at the square-root-grid nodes, the lower half then the upper
    half (from the complementary quantile); ``a`` and ``b`` may be columns (one row
    per shape)."""
    w = np.arange(_HALF_NODES + 1) / _HALF_NODES
    s = w * w / 2.0
    return np.concatenate(
        [special.betaincinv(a, b, s), special.betainccinv(a, b, s)], axis=-1
    ).astype(np.float64)


@cache
def _band_bits() -> npt.NDArray[np.uint32]:
    """Dense probes between the narrow and the wide exact tail, at both ends."""
    band = np.geomspace(_NARROW_TAIL, _TAIL, _TAIL_PROBES)
    bits = np.round(np.concatenate([band, 1.0 - band]) * 2**32 - 0.5).astype(np.uint32)
    bits.setflags(write=False)
    return bits


def _band_error(
    tab: npt.NDArray[np.float32], step: npt.NDArray[np.float32], a: float, b: float
) -> float:
    """Largest interpolation error of one shape's table on :func:`_band_bits`."""
    bits = _band_bits()
    exact = special.betaincinv(a, b, bits_to_uniform(bits))
    return float(np.abs(_interp_bits(bits, tab, step)[0] - exact).max())


def _interp_bits(
    bits: npt.NDArray[np.uint32],
    tab: npt.NDArray[np.float32],
    step: npt.NDArray[np.float32],
    thr: int | npt.NDArray[np.integer[Any]] = 0,
    offset: npt.NDArray[np.int32] | None = None,
) -> tuple[FloatArray, npt.NDArray[np.bool_] | None]:
    """Linear interpolation on the square-root grid at uniform 32-bit integers, as
    float64, and where the integer is within ``thr`` of either end (None if nowhere).

    With ``offset`` (a column), row r reads the table starting at ``offset[r]`` of
    stacked tables, and ``thr`` may be a column too."""
    c = bits.view(bits.dtype.str.replace("u", "i"))  # signed, same byte order
    half = c >> 31  # 0 in the lower half of the range, -1 in the upper half
    v = np.bitwise_xor(c, half)  # distance to the nearer end, exact
    y = v.astype(np.float32)
    np.sqrt(y, out=y)
    y *= _ROOT_SCALE32  # grid coordinate within the half
    fl = np.floor(y)
    i = fl.astype(np.int32)
    y -= fl
    half &= _OFFSET32  # the upper half's table follows the lower one
    i += half
    if offset is not None:
        i += offset
    x = np.take(tab, i, mode="clip")
    dx = np.take(step, i, mode="clip")
    dx *= y
    x += dx
    tail = v < thr if np.any(thr) else None
    return x.astype(np.float64), (tail if tail is not None and tail.any() else None)


def _beta_ppf_bits(bits: npt.NDArray[np.uint32], a: float, b: float) -> FloatArray:
    """Standard Beta(a, b) quantile at the probabilities of uniform 32-bit integers
    (independent draws): float32 interpolation on a square-root grid, about twice as
    fast as :func:`_beta_ppf_fast`, error below ``1e-5`` (tested); the tails exact from
    the full 32 bits (see :func:`_beta_table_bits`).
    """
    tab, step, thr = _beta_table_bits(a, b)
    out, tail = _interp_bits(bits, tab, step, thr)
    if tail is not None:
        out[tail] = special.betaincinv(a, b, bits_to_uniform(bits[tail]))
    return out


_FAMILY_NODES = 65
"""Shapes ``alpha`` tabulated per BetaPert family (``alpha + beta = lam + 2``)."""
_FAMILY_STENCIL = 4e-6
"""Narrow exact tails for an interpolated shape when its 4 family nodes are this
accurate there (the interpolation in ``alpha`` adds about ``1e-6``)."""


@lru_cache(maxsize=8)
def _pert_family(lam: float) -> tuple[FloatArray, FloatArray]:
    """Square-root-grid quantile tables (float64, one row per node) of
    Beta(alpha, lam + 2 - alpha) at 65 equally spaced ``alpha`` in ``[1, 1 + lam]``, and
    each node's interpolation error between the narrow and the wide tail (float32,
    as :func:`_beta_table_bits` checks it). About 0.3 s, once per ``lam``."""
    alpha = np.linspace(1.0, 1.0 + lam, _FAMILY_NODES)
    beta = lam + 2.0 - alpha
    tab = _root_grid_quantiles(alpha[:, None], beta[:, None])
    err = np.array([
        _band_error(*_with_steps(tab[j]), float(alpha[j]), float(beta[j]))
        for j in range(_FAMILY_NODES)
    ])
    tab.setflags(write=False)  # cached and shared: read-only
    err.setflags(write=False)
    return tab, err


def _with_steps(tab: FloatArray) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    """float32 tables and steps to the next node, per half (rows of stacked tables)."""
    h = _HALF_NODES + 1
    halves = tab.reshape(*tab.shape[:-1], 2, h)
    step = np.diff(halves, axis=-1, append=halves[..., -1:]).reshape(tab.shape)
    return tab.astype(np.float32), step.astype(np.float32)


@lru_cache(maxsize=4)
def _family_tables(
    shapes: tuple[tuple[float, float], ...],
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """Stacked square-root-grid tables (one row per shape, flattened) interpolated in
    ``alpha`` from the family tables by 4-point Lagrange (error about ``1e-6``, tested),
    and each shape's exact tails as a number of 32-bit integers. Cached for the last
    few sets of shapes (about 30 ms per 1,000 shapes)."""
    a = np.array([sh[0] for sh in shapes])
    # lam from the rounded shapes, to 9 decimals (as _family_ok counts families)
    lam = np.array([round(sh[0] + sh[1] - 2.0, 9) for sh in shapes])
    h2 = 2 * (_HALF_NODES + 1)
    tab = np.empty((a.size, h2))
    narrow = np.empty(a.size, dtype=bool)
    for value in np.unique(lam).tolist():
        rows = np.flatnonzero(lam == value)
        fam, err = _pert_family(float(value))
        pos = (a[rows] - 1.0) / value * (_FAMILY_NODES - 1) if value > 0 else a[rows] * 0
        j = np.clip(np.floor(pos).astype(np.int64), 1, _FAMILY_NODES - 3)
        x = (pos - j)[:, None]
        weights = (
            -x * (x - 1) * (x - 2) / 6,
            (x + 1) * (x - 1) * (x - 2) / 2,
            -(x + 1) * x * (x - 2) / 2,
            (x + 1) * x * (x - 1) / 6,
        )
        part = weights[0] * fam[j - 1]
        for k in range(1, 4):
            part += weights[k] * fam[j - 1 + k]
        tab[rows] = part
        stencil = np.maximum.reduce([err[j - 1 + k] for k in range(4)])
        narrow[rows] = stencil <= _FAMILY_STENCIL
    t32, s32 = _with_steps(tab)
    thr = np.where(narrow, int(_NARROW_TAIL * 2**32), int(_TAIL * 2**32))
    for arr in (t32, s32, thr):
        arr.setflags(write=False)
    return t32.ravel(), s32.ravel(), thr


def _beta_ppf_fast(u: FloatArray, a: float, b: float) -> FloatArray:
    """Standard Beta(a, b) quantile, interpolated on a Chebyshev grid.

    With ``u = (1 - cos(pi t)) / 2`` the quantile is a smooth function of ``t``; it is
    tabulated at equally spaced ``t`` and interpolated linearly in ``t``. Probabilities
    within 0.001 of 0 or 1 (0.0001 for shapes whose interpolation is accurate enough
    there, see :func:`_beta_table`) use the exact ``betaincinv``.
    """
    tab, step, width = _beta_table(a, b)
    x = _interp(u, tab, step)
    tail = np.less(u, width)
    tail |= np.greater(u, 1.0 - width)
    if tail.any():
        x[tail] = special.betaincinv(a, b, u[tail])
    return x



def _col(values: Iterable[float]) -> FloatArray:
    return np.fromiter(values, dtype=np.float64)[:, None]


_MAX_TABLES = 32
"""BetaPert shapes tabulated exactly per sampler; beyond this their tables are
interpolated from family tables (:func:`_family_tables`)."""
_MAX_FAMILY_SHAPES = 4096
"""BetaPert shapes served by family tables; beyond this they are drawn directly."""
_MAX_FAMILIES = 4
"""Distinct ``lam`` values served by family tables."""
_MAX_FAMILY_LAM = 12.0
"""Largest ``lam`` served by family tables: 65 shapes keep the error below ``5e-6`` up to
12 (tested); beyond, the shapes sharpen faster than the table follows."""

_BLOCK = 1 << 15
"""Elements per block of the inverse transforms (keeps temporaries in cache)."""

BlockFn = Callable[[FloatArray, slice], FloatArray]
BitsFn = Callable[[npt.NDArray[np.uint32], slice], FloatArray]


class BatchSampler:
    """Samples a list of distributions, one row each, ``c`` iterations at a time.

    Distributions of one class are evaluated together with parameter columns (a few
    numpy passes per block of rows, not a Python call per activity).

    * :meth:`from_uniform` -- inverse transform of given uniforms (used under a copula);
    * :meth:`draw` -- independent samples from a generator: inverse transform of fresh
      uniform 32-bit integers (:func:`uniform_bits`); BetaPerts with more than 32
      distinct shapes are drawn directly (``Generator.beta``, exact) instead of
      tabulating a quantile per shape;
    * :meth:`grades` -- replays :meth:`draw` on an identically seeded generator and
      returns each sample's marginal CDF value (its grade).
    """

    def __init__(self, dists: Sequence[Distribution]) -> None:
        self.k = len(dists)
        self._spec: tuple[Any, ...] | None = None
        self._dists = tuple(dists)
        groups: dict[type, list[int]] = {}
        for i, d in enumerate(dists):
            groups.setdefault(type(d), []).append(i)
        beta_rows = groups.get(BetaPert, [])
        shapes = [dists[i].shape for i in beta_rows]  # type: ignore[attr-defined]
        self._parts: list[tuple[npt.NDArray[np.int64], BlockFn, BitsFn]] = []
        for cls, rows in groups.items():
            members = [dists[i] for i in rows]
            fns = _class_ppf(cls, members, shapes if cls is BetaPert else None)
            self._parts.append((np.array(rows, dtype=np.int64), *fns))
        distinct = list(dict.fromkeys(shapes))
        # one class, BetaPerts on exact tables: drawn by the compiled kernel when active
        self._compiled_bits = (
            len(groups) == 1 and bool(beta_rows) and len(distinct) <= _MAX_TABLES
        )
        if len(distinct) <= _MAX_TABLES or _family_ok(distinct):
            beta_rows, shapes = [], []
        self._beta_rows = np.array(beta_rows, dtype=np.int64)
        direct = set(beta_rows)
        self._ppf_rows = np.array([i for i in range(self.k) if i not in direct], dtype=np.int64)
        ppf_dists = [dists[i] for i in self._ppf_rows]
        self._ppf_only = BatchSampler._inverse_only(ppf_dists) if beta_rows else self
        betas = [dists[i] for i in beta_rows]
        self._beta_a = _col(sh[0] for sh in shapes)
        self._beta_b = _col(sh[1] for sh in shapes)
        self._beta_lo = _col(b.low for b in betas)  # type: ignore[attr-defined]
        self._beta_w = _col(b.high - b.low for b in betas)  # type: ignore[attr-defined]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickles compactly: the parameters of each class of distribution as one array
        (not an object per activity), the sampler rebuilt from them on unpickling."""
        if self._spec is None:
            self._spec = _pack(self._dists)
        return (_unpack_sampler, (self._spec,))

    @classmethod
    def _inverse_only(cls, dists: Sequence[Distribution]) -> BatchSampler:
        obj = cls.__new__(cls)
        obj.k = len(dists)
        obj._compiled_bits = False
        groups: dict[type, list[int]] = {}
        for i, d in enumerate(dists):
            groups.setdefault(type(d), []).append(i)
        obj._parts = [
            (np.array(rows, dtype=np.int64), *_class_ppf(c, [dists[i] for i in rows]))
            for c, rows in groups.items()
        ]
        return obj

    def from_uniform(self, u: FloatArray) -> FloatArray:
        """Inverse transform: row i of ``u`` (k x c uniforms) through distribution i."""
        return self._transform(u, bits=False)

    def _from_bits(self, bits: npt.NDArray[np.uint32]) -> FloatArray:
        """Inverse transform of uniform 32-bit integers (k x c)."""
        return self._transform(bits, bits=True)

    def _transform(self, u: Any, bits: bool) -> FloatArray:
        c = u.shape[1]
        step = max(1, _BLOCK // max(c, 1))
        out = np.empty(u.shape)
        if len(self._parts) == 1:
            _, f_u, f_bits = self._parts[0]
            fn: Callable[[Any, slice], FloatArray] = f_bits if bits else f_u
            for a in range(0, self.k, step):
                sl = slice(a, min(a + step, self.k))
                out[sl] = fn(u[sl], sl)
            return out
        for idx, f_u, f_bits in self._parts:
            fn = f_bits if bits else f_u
            for a in range(0, idx.size, step):
                sl = slice(a, min(a + step, idx.size))
                rows = idx[sl]
                out[rows] = fn(u[rows], sl)
        return out

    @property
    def plain(self) -> bool:
        """True when :meth:`draw` is exactly the inverse transform of one
        ``uniform_bits(gen, k, c)`` call (no direct Beta draws)."""
        return self._beta_rows.size == 0

    def _draw_blocked(
        self,
        gen: np.random.Generator,
        c: int,
        keep: npt.NDArray[np.uint32] | None,
        moments: tuple[FloatArray, FloatArray] | None,
    ) -> FloatArray:
        """Inverse transform of fresh uniform integers drawn block by block (one class
        only), so they stay in cache; the same numbers as one ``uniform_bits(gen, k, c)``.
        The moments are summed while each block is in cache."""
        fn = self._parts[0][2]
        out = np.empty((self.k, c))
        # compiled kernels keep no temporaries: larger blocks, fewer calls (the same
        # numbers: the rows' integers and sums do not depend on the blocks)
        big = self._compiled_bits and _compiled.active()
        step = max(1, (_BLOCK * (8 if big else 1)) // max(c, 1))
        for a in range(0, self.k, step):
            sl = slice(a, min(a + step, self.k))
            bits = uniform_bits(gen, sl.stop - a, c)
            if keep is not None:
                keep[sl] = bits
            out[sl] = _add_moments(
                fn(bits, sl), None if moments is None else (moments[0][sl], moments[1][sl])
            )
        return out

    def draw(
        self,
        gen: np.random.Generator,
        c: int,
        keep: npt.NDArray[np.uint32] | None = None,
        moments: tuple[FloatArray, FloatArray] | None = None,
    ) -> FloatArray:
        """Independent samples, shape (k, c).

        ``keep`` (k x c, only when :attr:`plain`) receives the uniform integers drawn,
        from which :func:`bits_to_uniform` gives the grades; ``moments`` (two arrays of
        k) get the sums and the sums of squares of each row added."""
        if self.plain:
            if len(self._parts) == 1:
                return self._draw_blocked(gen, c, keep, moments)
            bits = uniform_bits(gen, self.k, c)
            if keep is not None:
                keep[...] = bits
            return _add_moments(self._from_bits(bits), moments)
        if keep is not None:  # pragma: no cover - simulate keeps only plain draws
            raise PmokitError("keep needs a plain sampler (no direct Beta draws)")
        out = np.empty((self.k, c))
        if self._ppf_rows.size:
            out[self._ppf_rows] = self._ppf_only._from_bits(
                uniform_bits(gen, self._ppf_rows.size, c)
            )
        out[self._beta_rows] = self._beta_lo + self._beta_w * gen.beta(
            self._beta_a, self._beta_b, size=(self._beta_rows.size, c)
        )
        return _add_moments(out, moments)

    def grades(self, gen: np.random.Generator, c: int) -> FloatArray:
        """The marginal CDF values of what :meth:`draw` gives for the same generator."""
        if self.plain:
            return bits_to_uniform(uniform_bits(gen, self.k, c))
        out = np.empty((self.k, c))
        if self._ppf_rows.size:
            out[self._ppf_rows] = bits_to_uniform(uniform_bits(gen, self._ppf_rows.size, c))
        x = gen.beta(self._beta_a, self._beta_b, size=(self._beta_rows.size, c))
        step = max(1, _BLOCK // max(c, 1))
        for a in range(0, x.shape[0], step):
            sl = slice(a, min(a + step, x.shape[0]))
            out[self._beta_rows[sl]] = _pert_grade(x[sl], self._beta_a[sl], self._beta_b[sl])
        return out


_PACKED = (Triangular, BetaPert, Uniform, Normal, LogNormal)
"""Classes whose members travel as one float array of their parameters."""


def _pack(dists: Sequence[Distribution]) -> tuple[Any, ...]:
    """The distributions as (classes, class index per member, per class either a float
    array of parameters, one row per member, or the members themselves)."""
    classes = list(dict.fromkeys(type(d) for d in dists))
    kind = np.array([classes.index(type(d)) for d in dists], dtype=np.int32)
    params: list[Any] = []
    for j, cls in enumerate(classes):
        members = [d for d, kd in zip(dists, kind.tolist(), strict=True) if kd == j]
        if cls in _PACKED:
            names = [f.name for f in attrs.fields(cls)]
            params.append(np.stack([
                np.fromiter((getattr(m, f) for m in members), np.float64, len(members))
                for f in names
            ], axis=1))
        else:
            params.append(tuple(members))
    return tuple(classes), kind, tuple(params)


def _unpack(spec: tuple[Any, ...]) -> list[Distribution]:
    classes, kind, params = spec
    out: list[Distribution | None] = [None] * int(kind.size)
    for j, cls in enumerate(classes):
        rows = np.flatnonzero(kind == j).tolist()
        vals = params[j]
        members = _rebuild(cls, vals) if isinstance(vals, np.ndarray) else vals
        for r, m in zip(rows, members, strict=True):
            out[r] = m
    return out  # type: ignore[return-value]


def _rebuild(cls: type[Distribution], vals: FloatArray) -> list[Distribution]:
    """Members of a packed class from their parameters. They were validated when made,
    so the (slow) validation is not run again: the fields are set as they were."""
    names = [f.name for f in attrs.fields(cls)]  # type: ignore[arg-type]
    setter = object.__setattr__
    out = []
    for row in vals.tolist():
        m = object.__new__(cls)
        for name, v in zip(names, row, strict=True):
            setter(m, name, v)
        out.append(m)
    return out


def _unpack_sampler(spec: tuple[Any, ...]) -> BatchSampler:
    sampler = BatchSampler(_unpack(spec))
    sampler._spec = spec
    return sampler


def _add_moments(x: FloatArray, moments: tuple[FloatArray, FloatArray] | None) -> FloatArray:
    """Add the row sums and sums of squares of ``x`` to ``moments``; return ``x``."""
    if moments is not None:
        total, squares = moments
        total += x.sum(axis=1)
        squares += np.einsum("ij,ij->i", x, x)
    return x


_CDF_ALPHAS = 129
_CDF_POINTS = 1025


@lru_cache(maxsize=16)
def _pert_cdf_table(total: float) -> FloatArray:
    """CDF of Beta(alpha, total - alpha) on a grid of alphas in [1, total - 1] (rows)
    and of x in [0, 1] (columns)."""
    alphas = np.linspace(1.0, total - 1.0, _CDF_ALPHAS)[:, None]
    x = np.linspace(0.0, 1.0, _CDF_POINTS)[None, :]
    tab = np.asarray(special.betainc(alphas, total - alphas, x), dtype=np.float64)
    tab.setflags(write=False)
    return tab


def _pert_grade(x: FloatArray, a: FloatArray, b: FloatArray) -> FloatArray:
    """CDF values of standard Beta(a, b) samples ``x`` (rows share a and b), bilinear in a
    tabulated CDF of the PERT family (a + b fixed); error below 2e-4 (tested)."""
    out = np.empty_like(x)
    totals = (a + b)[:, 0]
    for total in np.unique(totals):
        rows = np.flatnonzero(totals == total)
        tab = _pert_cdf_table(float(total))
        span = total - 2.0
        pos = (a[rows, 0] - 1.0) / span * (_CDF_ALPHAS - 1) if span > 0 else np.zeros(rows.size)
        j = np.clip(pos.astype(np.int64), 0, _CDF_ALPHAS - 2)
        w = (pos - j)[:, None]
        rowtab = tab[j] * (1.0 - w) + tab[j + 1] * w
        t = x[rows] * (_CDF_POINTS - 1)
        i = np.clip(t.astype(np.int64), 0, _CDF_POINTS - 2)
        t -= i
        i += (np.arange(rows.size) * _CDF_POINTS)[:, None]
        flat = rowtab.ravel()
        y0 = flat[i]
        y1 = flat[i + 1]
        y1 -= y0
        y1 *= t
        y1 += y0
        out[rows] = y1
    return out


def _class_ppf(
    cls: type, members: list[Any], shapes: list[tuple[float, float]] | None = None
) -> tuple[BlockFn, BitsFn]:
    """Inverse transform for members of one class: ``fn(u_rows, param_slice)`` on
    probabilities and the same on uniform 32-bit integers (:func:`uniform_bits`);
    ``shapes`` are the BetaPert members' shapes when already known."""
    if cls is BetaPert:
        return _betapert_ppf(members, shapes)
    fn = _class_ppf_u(cls, members)
    return fn, lambda bits, sl: fn(bits_to_uniform(bits), sl)


def _betapert_ppf(
    members: list[Any], shapes: list[tuple[float, float]] | None
) -> tuple[BlockFn, BitsFn]:
    """BetaPert inverse transforms: rows sharing a shape share its quantile table."""
    index: dict[tuple[float, float], int] = {}
    shape_id = np.array(
        [index.setdefault(sh, len(index)) for sh in (shapes or [m.shape for m in members])]
    )
    shape_list = list(index)
    lo = _col(m.low for m in members)
    w = _col(m.high - m.low for m in members)
    if len(shape_list) > _MAX_TABLES and _family_ok(shape_list):
        return _family_ppf(shape_list, shape_id, lo, w)

    def make(ppf: Callable[[Any, float, float], FloatArray]) -> Callable[[Any, slice], FloatArray]:
        def fn(u: Any, sl: slice) -> FloatArray:
            ids = shape_id[sl]
            first = int(ids[0])
            if (ids == first).all():
                x = ppf(u, *shape_list[first])
            else:
                x = np.empty(u.shape)
                for sid in np.unique(ids).tolist():
                    rows = np.flatnonzero(ids == sid)
                    x[rows] = ppf(u[rows], *shape_list[sid])
            x *= w[sl]
            x += lo[sl]
            return x

        return fn

    numpy_bits = make(_beta_ppf_bits)

    def from_bits(bits: npt.NDArray[np.uint32], sl: slice) -> FloatArray:
        if _compiled.active() and _kernels.betapert_bits_kernel is not None:
            return _betapert_bits_compiled(bits, shape_id[sl], shape_list, lo[sl], w[sl])
        return numpy_bits(bits, sl)

    return make(_beta_ppf_fast), from_bits


@lru_cache(maxsize=64)
def _stacked_tables(
    shapes: tuple[tuple[float, float], ...],
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """The :func:`_beta_table_bits` tables of some shapes stacked, one row each, and
    their exact tails (for the compiled kernel)."""
    parts = [_beta_table_bits(a, b) for a, b in shapes]
    tab = np.stack([p[0] for p in parts])
    step = np.stack([p[1] for p in parts])
    thr = np.array([p[2] for p in parts], dtype=np.int64)
    for arr in (tab, step, thr):
        arr.setflags(write=False)
    return tab, step, thr


def _betapert_bits_compiled(
    bits: npt.NDArray[np.uint32],
    ids: npt.NDArray[np.int64],
    shape_list: list[tuple[float, float]],
    lo: FloatArray,
    w: FloatArray,
) -> FloatArray:
    """``make(_beta_ppf_bits)`` of :func:`_betapert_ppf` by the compiled kernel: the same
    float32 interpolation, scaled, in one pass; the exact tails by scipy afterwards (the
    same numbers bit for bit, tested)."""
    first = int(ids[0])
    if int(ids.min()) == int(ids.max()):  # one shape (the common case): no search
        used = ids[:1]
        sid = np.zeros(ids.size, dtype=np.int64)
    else:
        used = np.unique(ids)
        sid = np.searchsorted(used, ids).astype(np.int64)
    tab, step, thr = _stacked_tables(
        (shape_list[first],) if used.size == 1 else tuple(shape_list[i] for i in used.tolist())
    )
    signed = np.ascontiguousarray(bits).view(np.int32)
    out = np.empty(bits.shape)
    tails = np.empty(bits.size if thr.any() else 0, dtype=np.int64)
    nt = int(_kernels.betapert_bits_kernel(signed, tab, step, thr, sid, lo[:, 0], w[:, 0],
                                           out, tails))
    if nt:
        flat = tails[:nt]
        rows, cols = np.divmod(flat, bits.shape[1])
        for s in np.unique(sid[rows]).tolist():
            pick = sid[rows] == s
            r, c = rows[pick], cols[pick]
            a, b = shape_list[int(used[s])]
            x = special.betaincinv(a, b, bits_to_uniform(bits[r, c]))
            x *= w[r, 0]
            x += lo[r, 0]
            out[r, c] = x
    return out


def _family_ok(shapes: Sequence[tuple[float, float]]) -> bool:
    """True when interpolated family tables serve these BetaPert shapes: at most
    ``_MAX_FAMILY_SHAPES`` of them (about 32 KB of tables each) in at most
    ``_MAX_FAMILIES`` families (a table of about 0.3 s to build per ``lam``), each with
    ``lam <= _MAX_FAMILY_LAM`` (the interpolation in ``alpha`` is checked to keep the
    error bound up to there)."""
    lams = {round(a + b - 2.0, 9) for a, b in shapes}
    return (
        len(shapes) <= _MAX_FAMILY_SHAPES
        and len(lams) <= _MAX_FAMILIES
        and max(lams) <= _MAX_FAMILY_LAM
    )


def _family_ppf(
    shape_list: list[tuple[float, float]],
    shape_id: npt.NDArray[np.int64],
    lo: FloatArray,
    w: FloatArray,
) -> tuple[BlockFn, BitsFn]:
    """Inverse transforms for many BetaPert shapes: each row reads its own table from
    the stacked tables of :func:`_family_tables` (one gather for a block of rows)."""
    tab, step, thr = _family_tables(tuple(shape_list))
    width = 2 * (_HALF_NODES + 1)
    row_off = (shape_id * width).astype(np.int32)[:, None]
    row_thr = thr[shape_id].astype(np.int32)[:, None]
    a_col = np.array([shape_list[i][0] for i in shape_id.tolist()])[:, None]
    b_col = np.array([shape_list[i][1] for i in shape_id.tolist()])[:, None]

    def from_bits(bits: npt.NDArray[np.uint32], sl: slice) -> FloatArray:
        x, tail = _interp_bits(bits, tab, step, row_thr[sl], row_off[sl])
        if tail is not None:
            rows, cols = np.nonzero(tail)
            a, b = a_col[sl][rows, 0], b_col[sl][rows, 0]
            x[rows, cols] = special.betaincinv(a, b, bits_to_uniform(bits[rows, cols]))
        x *= w[sl]
        x += lo[sl]
        return x

    def from_u(u: FloatArray, sl: slice) -> FloatArray:
        # the probabilities to 32 bits (a change below 2.4e-10 in probability)
        bits = np.clip(np.floor(u * 2.0**32), 0.0, 2.0**32 - 1.0).astype(np.uint32)
        return from_bits(bits, sl)

    return from_u, from_bits


def _class_ppf_u(cls: type, members: list[Any]) -> BlockFn:
    """Inverse transform for members of one class: fn(u_rows, param_slice)."""
    if cls is Triangular:
        lo = _col(m.low for m in members)
        mo = _col(m.mode for m in members)
        hi = _col(m.high for m in members)
        width = hi - lo
        with np.errstate(divide="ignore", invalid="ignore"):
            fc = np.where(width > 0, (mo - lo) / np.where(width > 0, width, 1.0), 0.5)
        sb = np.sqrt(width * (hi - mo))
        sab = np.sqrt(width * (mo - lo)) + sb
        lo_hi = lo - hi

        def triangular(u: FloatArray, sl: slice) -> FloatArray:
            # lo + sqrt(u a) left of the mode, hi - sqrt((1 - u) b) right of it, blended
            # by arithmetic on the 0/1 side: np.where on random masks mispredicts branches
            left = (u <= fc[sl]).astype(np.float64)
            v = np.subtract(1.0, u)  # 1 - u, or u on the left: (1 - u) + left (2u - 1)
            t = u + u
            t -= 1.0
            t *= left
            v += t
            np.sqrt(v, out=v)
            x = v * sb[sl]
            np.subtract(hi[sl], x, out=x)  # right: hi - r sqrt(b)
            v *= sab[sl]
            v += lo_hi[sl]
            v *= left  # left: + (lo - hi) + r (sqrt(a) + sqrt(b))
            x += v
            return x

        return triangular
    if cls is Uniform:
        lo = _col(m.low for m in members)
        w = _col(m.high - m.low for m in members)
        return lambda u, sl: lo[sl] + u * w[sl]
    if cls is Normal:
        mean = _col(m.loc for m in members)
        sd = _col(m.scale for m in members)
        return lambda u, sl: _normal_ppf(u, mean[sl], sd[sl])
    if cls is LogNormal:
        mu = _col(m.log_params[0] for m in members)
        s = _col(m.log_params[1] for m in members)
        mean = _col(m.mean for m in members)
        return lambda u, sl: np.where(
            s[sl] > 0, np.exp(mu[sl] + s[sl] * special.ndtri(u)), mean[sl]
        )
    # Empirical and any other subclass: one quantile call per member
    def generic(u: FloatArray, sl: slice) -> FloatArray:
        out = np.empty_like(u)
        for i, m in enumerate(members[sl]):
            if isinstance(m, Empirical):
                out[i] = _empirical_ppf(u[i], m.samples)
            else:
                out[i] = m.quantile(u[i])
        return out

    return generic


