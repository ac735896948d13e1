"""Joint cost and schedule confidence level (JCL) from Monte Carlo samples.

:func:`sample_costs` turns sampled activity durations into sampled total costs: fixed
costs (a number or a :class:`~pmokit.scheduling.Distribution`, drawn independently of the
durations), time-dependent costs (a rate per working day times the sampled duration, so
they move with the schedule) and cost impacts of risk events (a probability and an
impact). :class:`CostScheduleSamples` keeps the joint samples of (finish, total cost) and
answers the JCL question of the NASA Cost Estimating Handbook, Appendix J [1]_: the
probability that the project finishes by a date *and* within a cost,
``P(finish <= f, cost <= c)``, the share of points of the cost-schedule scatterplot in
the lower-left quadrant; and the iso-confidence curve (the cost that reaches a joint
confidence ``p`` at each finish).

References
----------
.. [1] NASA, *Cost Estimating Handbook*, version 4.0, Appendix J: "Joint Cost and Schedule
   Confidence Level (JCL) Analysis", February 2015 (J.1 the definition; J.5.2 the
   scatterplot and the frontier of equal joint confidence).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._random import as_generator
from pmokit._results import ComparesValues, FrozenDict, PicklesReadOnly, frozen_dict, readonly
from pmokit._typing import FloatArray, IntArray
from pmokit._validation import (
    Problems,
    as_percentiles,
    as_quantiles,
    check_id,
    check_known,
    number_kind_problem,
)
from pmokit.distributions import Distribution
from pmokit.errors import ValidationError

__all__ = [
    "CostScheduleSamples",
    "CostUncertainty",
    "RiskCost",
    "joint_confidence",
    "sample_costs",
]

Amount = float | Distribution


@attrs.frozen
class RiskCost:
    """The cost impact of a risk event: with ``probability`` it costs ``impact`` [currency]."""

    id: Hashable
    probability: float
    impact: Amount

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if (id_problem := check_id(self.id, "id of a risk cost")) is not None:
            p.add(id_problem)
        p.check_number(self.probability, f"probability of risk {self.id!r}",
                       minimum=0.0, maximum=1.0)
        if not isinstance(self.impact, Distribution):
            p.check_number(self.impact, f"impact of risk {self.id!r}", minimum=0.0)
        p.raise_if_any()


def _amounts(
    value: Mapping[str, Amount] | Mapping[int, Amount] | Mapping[Hashable, Amount] | None,
) -> FrozenDict:
    return frozen_dict(value)


@attrs.frozen
class CostUncertainty:
    """Cost uncertainty for :func:`~pmokit.scheduling.simulate` (``costs=``).

    Attributes
    ----------
    fixed
        Activity id -> fixed cost, a number or a Distribution [currency], drawn
        independently of the durations.
    rates
        Activity id -> cost per working day, a number or a Distribution
        [currency/working day], times the sampled duration (risk delays included).
    risks
        :class:`RiskCost` events, each occurring independently with its probability.
    """

    fixed: FrozenDict = attrs.field(factory=FrozenDict, converter=_amounts)
    rates: FrozenDict = attrs.field(factory=FrozenDict, converter=_amounts)
    risks: tuple[RiskCost, ...] = attrs.field(default=(), converter=tuple)

    def __attrs_post_init__(self) -> None:
        p = Problems()
        for name, mp in (("fixed", self.fixed), ("rates", self.rates)):
            for a, v in mp.items():
                if (m := check_id(a, f"activity id in '{name}'")) is not None:
                    p.add(m)
                if not isinstance(v, Distribution):
                    p.check_number(v, f"{name}[{a!r}]", minimum=0.0)
        if not all(isinstance(r, RiskCost) for r in self.risks):
            p.add("'risks' must be a sequence of RiskCost")
        p.raise_if_any()


def sample_costs(
    ids: Sequence[Hashable],
    durations: npt.ArrayLike,
    *,
    fixed: Mapping[Hashable, Amount] | None = None,
    rates: Mapping[Hashable, Amount] | None = None,
    risks: Sequence[RiskCost] = (),
    rng: np.random.Generator | int | None = None,
) -> FloatArray:
    """Total project cost of each Monte Carlo iteration [currency].

    Parameters
    ----------
    ids
        Activity ids, the columns of ``durations``.
    durations
        Sampled durations, shape ``(iterations, len(ids))`` [working days], finite and
        >= 0.
    fixed
        Activity id -> fixed cost: a number or a Distribution [currency], drawn
        independently of the durations.
    rates
        Activity id -> rate per working day [currency/working day] (a number or a
        Distribution), multiplied by the sampled duration.
    risks
        :class:`RiskCost` events, each occurring independently with its probability.
    rng
        Seed or Generator; the same seed gives the same costs bit for bit.

    Examples
    --------
    >>> import numpy as np
    >>> sample_costs(["A"], np.array([[2.0], [3.0]]), fixed={"A": 100}, rates={"A": 10})
    array([120., 130.])
    """
    p = Problems()
    if (kind := number_kind_problem(durations, "durations")) is not None:
        raise ValidationError(kind)
    d = np.asarray(durations, dtype=np.float64)  # no copy: a simulation's samples are big
    if not np.all(np.isfinite(d)):
        raise ValidationError(f"'durations' must hold finite numbers (got "
                              f"{d[~np.isfinite(d)][:3].tolist()})")
    if np.any(d < 0):  # a negative duration would give a negative cost
        raise ValidationError(f"'durations' must be >= 0 [working days] (got "
                              f"{d[d < 0][:3].tolist()})")
    ids = tuple(ids)
    if d.ndim != 2 or d.shape[1] != len(ids):
        raise ValidationError(f"'durations' must have shape (iterations, {len(ids)}) "
                              f"(got {d.shape})")
    pos = {a: i for i, a in enumerate(ids)}
    check_known(fixed or {}, pos, "fixed", "activity")
    check_known(rates or {}, pos, "rates", "activity")
    for name, mp in (("fixed", fixed), ("rates", rates)):
        for a, v in (mp or {}).items():
            if not isinstance(v, Distribution):
                p.check_number(v, f"{name}[{a!r}]", minimum=0.0)
    if isinstance(risks, RiskCost) or not all(isinstance(r, RiskCost) for r in risks):
        p.add("'risks' must be a sequence of RiskCost")
    p.raise_if_any()
    model = _compile_costs(ids, fixed or {}, rates or {}, tuple(risks))
    return _cost_kernel(model, d, as_generator(rng))


@attrs.frozen
class _CostModel:
    """Cost uncertainty compiled once: a constant rate per column, the sum of constant
    fixed costs, and batch samplers of the sampled items (for a simulation's chunk loop;
    one numpy pass per distribution family, not a Python call per item)."""

    const_rate: FloatArray
    const_fixed: float
    rate_cols: IntArray
    rate_sampler: Any
    fixed_sampler: Any
    risk_p: FloatArray
    risk_const: FloatArray
    risk_rows: IntArray
    risk_sampler: Any


def _compile_costs(
    ids: tuple[Hashable, ...],
    fixed: Mapping[Hashable, Amount],
    rates: Mapping[Hashable, Amount],
    risks: tuple[RiskCost, ...],
) -> _CostModel:
    from pmokit.scheduling._sampling import BatchSampler

    pos = {a: i for i, a in enumerate(ids)}
    const_rate = np.zeros(len(ids))
    for a, v in rates.items():
        if not isinstance(v, Distribution):
            const_rate[pos[a]] += float(v)
    sampled_rates = [(pos[a], v) for a, v in rates.items() if isinstance(v, Distribution)]
    sampled_fixed = [v for v in fixed.values() if isinstance(v, Distribution)]
    risk_dists = [(j, r.impact) for j, r in enumerate(risks) if isinstance(r.impact, Distribution)]
    return _CostModel(
        const_rate=const_rate,
        const_fixed=float(sum(float(v) for v in fixed.values()
                              if not isinstance(v, Distribution))),
        rate_cols=np.array([c for c, _ in sampled_rates], dtype=np.int64),
        rate_sampler=BatchSampler([v for _, v in sampled_rates]) if sampled_rates else None,
        fixed_sampler=BatchSampler(sampled_fixed) if sampled_fixed else None,
        risk_p=np.array([float(r.probability) for r in risks], dtype=np.float64),
        risk_const=np.array([0.0 if isinstance(r.impact, Distribution) else float(r.impact)
                             for r in risks], dtype=np.float64),
        risk_rows=np.array([j for j, _ in risk_dists], dtype=np.int64),
        risk_sampler=BatchSampler([v for _, v in risk_dists]) if risk_dists else None,
    )


def _cost_kernel(model: _CostModel, d: FloatArray, gen: np.random.Generator) -> FloatArray:
    """Total cost of each row of ``d`` (iterations x activities; ``rows.T`` of a
    simulation's row-major durations is a view, not a copy)."""
    n = d.shape[0]
    total = np.full(n, float(model.const_fixed))
    # constant rates in one matrix-vector product (no copy of the samples)
    if model.const_rate.any():
        total += d @ model.const_rate
    if model.rate_sampler is not None:
        r = model.rate_sampler.draw(gen, n)
        total += np.einsum("ij,ji->i", d[:, model.rate_cols], r)
    if model.fixed_sampler is not None:
        total += model.fixed_sampler.draw(gen, n).sum(axis=0)
    if model.risk_p.size:
        hit = gen.random((model.risk_p.size, n)) < model.risk_p[:, None]
        impact = np.repeat(model.risk_const[:, None], n, axis=1)
        if model.risk_sampler is not None:
            impact[model.risk_rows] = model.risk_sampler.draw(gen, n)
        total += np.where(hit, impact, 0.0).sum(axis=0)
    return total


def joint_confidence(
    finish_samples: npt.ArrayLike, cost_samples: npt.ArrayLike, finish: float, cost: float
) -> float:
    """JCL: the share of iterations that finish by ``finish`` and cost at most ``cost``.

    >>> joint_confidence([10, 12, 14, 16], [100, 90, 130, 120], 14, 120)
    0.5
    """
    return CostScheduleSamples(finish_samples, cost_samples).joint_confidence(finish, cost)


def _samples(value: npt.ArrayLike) -> FloatArray:
    if (kind := number_kind_problem(value, "samples")) is not None:
        raise ValidationError(kind)
    out: FloatArray = readonly(np.asarray(value, dtype=np.float64))
    return out


@attrs.frozen(eq=False)
class CostScheduleSamples(PicklesReadOnly, ComparesValues):
    """Joint Monte Carlo samples of (finish, total cost), with the JCL questions.

    Attributes
    ----------
    finish
        Finish of each iteration [working days].
    cost
        Total cost of each iteration [currency].
    """

    finish: FloatArray = attrs.field(converter=_samples)
    cost: FloatArray = attrs.field(converter=_samples)

    def __attrs_post_init__(self) -> None:
        if self.finish.ndim != 1 or self.finish.shape != self.cost.shape or not self.finish.size:
            raise ValidationError(f"'finish' and 'cost' must be 1-D samples of the same length "
                                  f"(got {self.finish.shape} and {self.cost.shape})")
        if not (np.isfinite(self.finish).all() and np.isfinite(self.cost).all()):
            raise ValidationError("'finish' and 'cost' samples must be finite")

    @property
    def iterations(self) -> int:
        """Number of Monte Carlo iterations."""
        return int(self.finish.size)

    def joint_confidence(self, finish: float, cost: float) -> float:
        """P(finish <= ``finish`` and cost <= ``cost``)."""
        p = Problems()
        p.check_number(finish, "finish")
        p.check_number(cost, "cost")
        p.raise_if_any()
        return float(np.count_nonzero((self.finish <= finish) & (self.cost <= cost))
                     / self.finish.size)

    def cost_percentiles(self, percentiles: npt.ArrayLike, *, check_units: bool = True) -> Any:
        """Cost at percentiles (0-100) of the marginal cost distribution [currency]."""
        q = as_percentiles(percentiles, "percentiles", check_units=check_units)
        return np.percentile(self.cost, q)

    def iso_confidence(self, quantile: float, finishes: npt.ArrayLike) -> FloatArray:
        """The least cost reaching joint confidence ``quantile`` (0-1) at each finish.

        NaN where even an unlimited budget falls short (P(finish <= f) < quantile).
        """
        q = float(as_quantiles(quantile, "quantile"))
        f = np.atleast_1d(np.asarray(finishes, dtype=np.float64))
        need = int(np.ceil(q * self.finish.size - 1e-9))
        out = np.full(f.shape, np.nan)
        order = np.argsort(self.finish, kind="stable")
        fs = self.finish[order]
        cs = self.cost[order]
        for k, x in enumerate(f.tolist()):
            m = int(np.searchsorted(fs, x, side="right"))
            if need == 0:
                out[k] = -np.inf
            elif m >= need:
                out[k] = np.partition(cs[:m], need - 1)[need - 1]
        return out
