"""Portfolio sample data on the sample PMO: driver judgements, candidates, benefit profiles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import FrozenDict, PicklesReadOnly, readonly
from pmokit.datasets._sample import SamplePMO
from pmokit.portfolio import BenefitLine, Candidate, PairwiseMatrix
from pmokit.portfolio._frozen import ValueEq

__all__ = ["PortfolioSample", "portfolio_sample"]

QUARTERS = tuple(dt.date(2026 + q // 4, 1 + 3 * (q % 4), 1) for q in range(8))


def _readonly_floats(value: npt.ArrayLike) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = readonly(value)
    return out


def _frozen_capacity(value: Mapping[str, npt.ArrayLike]) -> FrozenDict:
    return FrozenDict({k: readonly(v) for k, v in value.items()})


@attrs.frozen(eq=False)
class PortfolioSample(PicklesReadOnly, ValueEq):
    """Portfolio data built from the sample PMO.

    Attributes
    ----------
    drivers
        The strategic drivers.
    driver_judgements
        The board's pairwise comparison of the drivers (Saaty scale).
    candidates
        One :class:`~pmokit.portfolio.Candidate` per project: value = NPV of its benefits at
        8 % [GBP], costs spread evenly over its quarters (2026 Q1 - 2027 Q4) [GBP], category =
        programme, demand of delivery staff per quarter [FTE].
    quarters
        First day of each budget quarter.
    budgets
        Budget per quarter [GBP].
    capacity
        Read-only ``{skill: delivery staff per quarter}`` (a FrozenDict of read-only
        arrays) [FTE].
    benefit_lines
        Planned (quarterly) and realised benefits of the active projects [GBP].
    as_of
        Quarters elapsed at the status date.
    """

    drivers: tuple[str, ...]
    driver_judgements: PairwiseMatrix
    candidates: tuple[Candidate, ...]
    quarters: tuple[dt.date, ...]
    budgets: npt.NDArray[np.float64] = attrs.field(converter=_readonly_floats, repr=False)
    capacity: Mapping[str, npt.NDArray[np.float64]] = attrs.field(
        converter=_frozen_capacity, repr=False
    )
    benefit_lines: tuple[BenefitLine, ...]
    as_of: int


def _quarter(d: dt.date) -> int:
    return (d.year - 2026) * 4 + (d.month - 1) // 3


def portfolio_sample(pmo: SamplePMO) -> PortfolioSample:
    """Deterministic portfolio data for ``pmo`` (see :class:`PortfolioSample`).

    Examples
    --------
    >>> from pmokit.datasets import sample_pmo
    >>> s = portfolio_sample(sample_pmo())
    >>> len(s.candidates) == len(sample_pmo().projects), len(s.budgets)
    (True, 8)
    """
    drivers = pmo.drivers
    # board judgements: customer > growth > efficiency > risk_reduction > compliance
    j = {
        ("customer", "efficiency"): 3,
        ("customer", "compliance"): 5,
        ("customer", "growth"): 2,
        ("customer", "risk_reduction"): 4,
        ("efficiency", "compliance"): 2,
        ("growth", "efficiency"): 2,
        ("efficiency", "risk_reduction"): 1,
        ("growth", "compliance"): 3,
        ("growth", "risk_reduction"): 3,
        ("risk_reduction", "compliance"): 2,
    }
    judgements = PairwiseMatrix.from_judgements({k: float(v) for k, v in j.items()}, drivers)
    n_q = len(QUARTERS)
    cands = []
    lines = []
    as_of = max(0, min(n_q, _quarter(pmo.status_date + dt.timedelta(days=1))))
    for p in pmo.projects:
        q0 = max(0, min(n_q - 1, _quarter(p.start)))
        q1 = max(q0, min(n_q - 1, _quarter(p.planned_finish)))
        costs = np.zeros(n_q)
        costs[q0 : q1 + 1] = p.budget / (q1 - q0 + 1)
        years = np.arange(1, p.benefit_years + 1)
        value = float(np.sum(p.annual_benefit / 1.08**years) - p.budget)
        fte = np.zeros(n_q)
        fte[q0 : q1 + 1] = round(p.budget / (q1 - q0 + 1) / 25_000.0, 1)
        cands.append(
            Candidate(
                p.id,
                round(value, 0),
                costs.round(0),
                category=p.programme,
                demands={"delivery": fte},
            )
        )
        if p.status == "active":
            planned = np.zeros(n_q)
            planned[min(n_q - 1, q1 + 1) :] = p.annual_benefit / 4
            if p.methodology != "waterfall":  # incremental delivery: a quarter of it early
                planned[q0 + 1 : q1 + 1] = p.annual_benefit / 16
            seed = sum(ord(ch) for ch in p.id)
            realised_share = 0.6 + 0.5 * ((seed * 37) % 100) / 100
            realised = (planned[:as_of] * realised_share).round(0)
            lines.append(BenefitLine(p.id, planned.round(0), realised, owner=p.programme))
    total = np.sum([c.costs for c in cands], axis=0)
    budgets = (0.7 * total).round(-3)
    cap_total = np.sum([dict(c.demands)["delivery"] for c in cands], axis=0)
    capacity = {"delivery": np.maximum(cap_total * 0.8, 1.0).round(1)}
    return PortfolioSample(
        drivers, judgements, tuple(cands), QUARTERS, budgets, capacity, tuple(lines), as_of
    )
