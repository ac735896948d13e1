"""Renewable resources and the compilation of a network with demands to integer arrays."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from pmokit._typing import FloatArray, Id
from pmokit._validation import Problems
from pmokit.errors import (
    DuplicateError,
    InfeasibleInputError,
    UnknownReferenceError,
    ValidationError,
)
from pmokit.scheduling._network import Network
from pmokit.scheduling._sgs import RcpspArrays

__all__ = ["CompiledResources", "Resource", "compile_resources"]


_TIME_STEPS = (1, 2, 4, 5, 8, 10, 20, 25, 50, 100)
_UNIT_STEPS = (1, 2, 4, 5, 8, 10, 20, 25, 50, 100, 1000)


def _capacity(value: float | Iterable[float]) -> float | tuple[float, ...]:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(
            "'capacity' of a resource must be a number or a sequence of numbers per period "
            f"(got {value!r} that is a {type(value).__name__})"
        )
    items = tuple(value)
    for v in items:
        if isinstance(v, bool) or not isinstance(v, numbers.Real):
            raise ValidationError(
                "'capacity' of a resource must hold numbers per period "
                f"(got {v!r} that is a {type(v).__name__})"
            )
    return tuple(float(v) for v in items)


def _check_resource(instance: Resource, attribute: Any, value: Any) -> None:
    del attribute
    if not isinstance(instance.id, str) or not instance.id.strip():
        raise ValidationError(
            f"'id' of a resource must be a non-empty str (got {instance.id!r})"
        )
    cap = instance.capacity
    values = (cap,) if isinstance(cap, float) else cap
    if not values:
        raise ValidationError(
            f"'capacity' of resource {instance.id!r} must not be an empty sequence"
        )
    p = Problems()
    for k, v in enumerate(values):
        where = "" if isinstance(cap, float) else f" in period {k}"
        if not math.isfinite(v) or v < 0:
            p.add(
                f"'capacity' of resource {instance.id!r}{where} must be a finite number >= 0 "
                f"[units] (got {v!r})"
            )
    p.raise_if_any()
    del value


@attrs.frozen
class Resource:
    """A renewable resource (a skill pool, a team, a machine) with a capacity.

    Parameters
    ----------
    id
        The id that activities name in their ``demands``.
    capacity
        Units available in every period [units, e.g. people], or a sequence with the
        units of period 0, 1, 2, ... [one period = one working day]; after the last
        given period the last value holds.
    name
        Display name.

    Examples
    --------
    >>> Resource("testers", 2).capacity
    2.0
    >>> Resource("devs", [3, 3, 2]).capacity_at(10)
    2.0
    """

    id: str
    capacity: float | tuple[float, ...] = attrs.field(
        converter=_capacity, validator=_check_resource
    )
    name: str = attrs.field(default="", kw_only=True)

    @property
    def varies(self) -> bool:
        """Whether the capacity is given per period."""
        return not isinstance(self.capacity, float)

    @property
    def tail(self) -> float:
        """The capacity that holds after the last given period [units]."""
        return self.capacity if isinstance(self.capacity, float) else self.capacity[-1]

    def capacity_at(self, period: int) -> float:
        """Capacity in one period (0-based working day) [units]."""
        cap = self.capacity
        if isinstance(cap, float):
            return cap
        return cap[min(max(period, 0), len(cap) - 1)]


@attrs.frozen(eq=False)
class CompiledResources:
    """A network with resources as integer arrays, with the scales used.

    ``time_scale`` slots make one working day; ``unit_scale[r]`` integer units make one
    unit of resource r. ``exact`` is False when demands or capacities had to be rounded
    (demands up, capacities down, to 1/1000 of a unit, but never a demand above the
    rounded capacity it fits in exactly) to fit an integer grid; the
    engine then schedules the rounded problem (feasible for the true one), while bounds
    and usage profiles are computed from ``demand_units`` and ``capacity_units``, the
    true demands [units, shape (activities, resources)] and capacities per slot [units,
    shape (resources, slots)].
    """

    network: Network
    resources: tuple[Resource, ...]
    arrays: RcpspArrays
    time_scale: int
    unit_scale: FloatArray
    exact: bool
    demand_units: FloatArray
    capacity_units: FloatArray


def _scale(values: FloatArray, steps: Sequence[int]) -> int | None:
    for s in steps:
        x = values * s
        if np.all(np.abs(x - np.round(x)) <= 1e-9 * np.maximum(1.0, np.abs(x))):
            return s
    return None


def _rational_scale(values: FloatArray, limit: int = 1 << 30) -> int | None:
    """Smallest common denominator (each at most 1000) that makes ``values`` integers.

    Catches thirds, sixths, sevenths... of a unit that the decimal steps miss; None when a
    value is no fraction with a denominator up to 1000 or the scaled values exceed ``limit``.
    """
    scale = 1
    for v in np.unique(values).tolist():
        f = Fraction(v).limit_denominator(1000)
        if abs(float(f) - v) > 1e-9 * max(1.0, abs(v)):
            return None
        scale = math.lcm(scale, f.denominator)
        if scale * float(np.abs(values).max(initial=0.0)) >= limit:
            return None
    return scale


def compile_resources(network: Network, resources: Iterable[Resource],
                      extra_times: Sequence[float] = ()) -> CompiledResources:
    """Validate ``resources`` against the activities' demands and compile to arrays.

    Raises
    ------
    ValidationError
        Items that are not Resources, or durations and lags that are not multiples of
        1/100 working day.
    DuplicateError
        Resource ids given more than once.
    UnknownReferenceError
        Demands that name resources not given (each activity and resource listed).
    InfeasibleInputError
        A demand above its resource's capacity (each activity and resource listed).
    """
    if not isinstance(network, Network):
        raise ValidationError(
            f"'network' must be a Network (got {network!r} that is a {type(network).__name__})"
        )
    if isinstance(resources, Resource | str | bytes) or not isinstance(resources, Iterable):
        raise ValidationError(
            "'resources' must be an iterable of Resource, e.g. a list "
            f"(got {resources!r} that is a {type(resources).__name__})"
        )
    res = tuple(resources)
    p = Problems()
    for i, r in enumerate(res):
        if not isinstance(r, Resource):
            p.add(f"resources[{i}] must be a Resource (got {r!r} that is a {type(r).__name__})")
    p.raise_if_any()
    seen: dict[str, int] = {}
    dups = [r.id for r in res if r.id in seen or seen.setdefault(r.id, 0)]
    if dups:
        raise DuplicateError(
            "resource ids must be unique, but these occur more than once: "
            + ", ".join(repr(d) for d in dict.fromkeys(dups)),
            dups,
        )
    index: dict[Id, int] = {r.id: k for k, r in enumerate(res)}
    acts = network.activities
    n, n_res = len(acts), len(res)
    unknown: list[Id] = []
    messages: list[str] = []
    demand = np.zeros((n, n_res), dtype=np.float64)
    for i, a in enumerate(acts):
        for rid, units in a.demands.items():
            k = index.get(rid)
            if k is None:
                unknown.append(rid)
                messages.append(
                    f"activity {a.id!r} demands unknown resource {rid!r}; "
                    f"known resources: {', '.join(repr(x) for x in index) or 'none'}"
                )
            else:
                demand[i, k] = float(units)
    if unknown:
        raise UnknownReferenceError(messages, unknown)
    for i, a in enumerate(acts):
        for k, r in enumerate(res):
            if demand[i, k] > r.tail + 1e-12 and a.duration > 0:
                p.add(
                    f"activity {a.id!r} demands {demand[i, k]:g} units of resource {r.id!r}, "
                    f"above its capacity of {r.tail:g}"
                    + (" (after the last given period)" if r.varies else "")
                    + "; lower the demand or raise the capacity"
                )
    p.raise_if_any(InfeasibleInputError)
    c = network.compiled
    off = c.link_offset()
    times = np.concatenate([c.duration, c.link_lag])
    # instants the caller fixes beside the network (release times of statused work, the
    # data date) join the grid when they fit one, so a release at 3.5 is not rounded to 4
    extra = np.asarray([t for t in extra_times if math.isfinite(t)], dtype=np.float64)
    ts = _scale(np.concatenate([times, extra]), _TIME_STEPS) if extra.size else None
    ts = ts if ts is not None else _scale(times, _TIME_STEPS)
    if ts is None:
        bad = [
            f"{acts[i].id!r} ({c.duration[i]!r})"
            for i in range(n)
            if _scale(c.duration[i : i + 1], _TIME_STEPS) is None
        ]
        raise ValidationError(
            "durations and lags must be multiples of 1/100 working day for resource-"
            "constrained scheduling (got durations " + (", ".join(bad[:10]) or "ok")
            + " or lags that are not); round them"
        )
    cap_rows = [
        np.asarray(
            [r.capacity] if isinstance(r.capacity, float) else r.capacity, dtype=np.float64
        )
        for r in res
    ]
    t0 = max([len(x) for x in cap_rows], default=1)
    cap = np.empty((n_res, t0 * ts), dtype=np.float64)
    for k, row in enumerate(cap_rows):
        full = np.concatenate([row, np.full(t0 - row.size, row[-1])])
        cap[k] = np.repeat(full, ts)
    unit = np.ones(n_res, dtype=np.float64)
    on_grid = np.ones(n_res, dtype=bool)  # per resource: values are multiples of 1/unit
    for k in range(n_res):
        values = np.concatenate([demand[:, k], cap[k]])
        s = _scale(values, _UNIT_STEPS) or _rational_scale(values)
        if s is None:
            on_grid[k] = False
            s = 1000
        unit[k] = s
    exact = bool(on_grid.all())
    dem_f, cap_f = demand * unit, cap * unit[:, None]
    # on a grid the scaled values are integers up to float noise: round them (a ceil and
    # floor with a fixed 1e-9 tolerance turned 32996.249 x 1000 into a demand of 32996250
    # above a capacity of 32996249, which never fitted: the search never ended); off the
    # grid, demands go up and capacities down
    dem_i = np.where(on_grid[None, :], np.round(dem_f), np.ceil(dem_f - 1e-9)).astype(
        np.int64
    )
    cap_i = np.where(on_grid[:, None], np.round(cap_f), np.floor(cap_f + 1e-9)).astype(
        np.int64
    )
    if n_res:
        # a demand equal to an inexact capacity (2/3 and 2/3 on a 1/1000 grid) would round
        # above it (667 > 666) and never fit: such demands take the rounded capacity
        active = (c.duration > 0)[:, None]
        dem_i = np.where(active, np.minimum(dem_i, cap_i[:, -1]), dem_i)
    if cap_i.size and int(cap_i.max()) >= (1 << 31):
        raise ValidationError(
            "resource capacities are too large for the integer engine "
            f"(largest {float(cap.max()):g} units); express them in larger units"
        )
    arrays = RcpspArrays.make(
        np.round(c.duration * ts).astype(np.int64),
        c.link_pred,
        c.link_succ,
        np.round(off * ts).astype(np.int64),
        dem_i,
        cap_i if n_res else np.zeros((0, 1), dtype=np.int64),
    )
    return CompiledResources(
        network=network,
        resources=res,
        arrays=arrays,
        time_scale=ts,
        unit_scale=unit,
        exact=exact,
        demand_units=demand,
        capacity_units=cap,
    )
