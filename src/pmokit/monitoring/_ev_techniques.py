"""Earned-value techniques of work packages: progress reported per period -> BCWP.

The techniques follow Deltek Cobra's definitions [1]_ [2]_. Earned value is computed on a
cumulative basis, then differenced into per-period amounts (as Cobra does); a work package
not started earns nothing and a finished one earns exactly its budget.

=====================  =========================================================================
technique              cumulative earned value at the end of a reported period
=====================  =========================================================================
``"0/100"``            0 until complete (percent complete 100), then BAC
``"50/50"``            BAC / 2 once started (percent complete > 0), BAC when complete
``"25/75"``            BAC / 4 once started, BAC when complete
``"milestones"``       BAC x the (normalised) weights of the milestones achieved so far
``"percent_complete"`` BAC x physical percent complete / 100
``"units"``            BAC x units complete / total units
``"loe"``              level of effort: its planned value to date (it earns its PV)
``"apportioned"``      BAC x the base package's earned share (EV / BAC of the base)
``"planning"``         a planning package not yet detailed: earns nothing (no progress)
=====================  =========================================================================

References
----------
.. [1] Deltek, *Cobra 8.4 help: Progress Techniques*,
   https://help.deltek.com/Product/Cobra/8.4/GA/Earned%20Value%20Techniques.html
.. [2] Deltek, *Cobra 8.3 help: How Cobra Calculates Progress to Determine Earned Value*,
   https://help.deltek.com/Product/Cobra/8.3/GA/How%20Cobra%20Calculates%20Progress%20to%20Determine%20Earned%20Value.html
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np

from pmokit._results import (
    ComparesValues,
    FrozenDict,
    IdMapping,
    PicklesReadOnly,
    Record,
    display,
    frozen_dict,
    readonly,
    records_to_frame,
)
from pmokit._typing import DateArray, FloatArray
from pmokit._validation import (
    Problems,
    check_allocation,
    check_choice,
    check_flag,
    check_id,
    check_ids,
    check_known,
    check_number,
    number_kind_problem,
)
from pmokit.calendar import WorkCalendar
from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.monitoring._cost_loading import PlannedValue
from pmokit.monitoring._earned_value import EacMethod, EarnedValue, earned_value
from pmokit.monitoring._rollup import PortfolioEarnedValue, portfolio_earned_value

__all__ = ["EvTechnique", "PerformanceData", "WorkPackage", "performance"]

EvTechnique = Literal[
    "0/100",
    "50/50",
    "25/75",
    "milestones",
    "percent_complete",
    "units",
    "loe",
    "apportioned",
    "planning",
]
"""Earned-value technique of a work package (Deltek Cobra's progress techniques)."""

_TECHNIQUES = (
    "0/100",
    "50/50",
    "25/75",
    "milestones",
    "percent_complete",
    "units",
    "loe",
    "apportioned",
    "planning",
)
_START_SHARE = {"0/100": 0.0, "50/50": 0.5, "25/75": 0.25}


def _id_tuple(value: Iterable[Hashable]) -> tuple[Hashable, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _milestones(value: Mapping[Hashable, float]) -> FrozenDict:
    return frozen_dict(value)


@attrs.frozen
class WorkPackage:
    """A work package: cost-loaded activities measured by one earned-value technique.

    Attributes
    ----------
    id
        The work package's id.
    activities
        Ids of its cost-loaded activities (their planned value is its PV).
    technique
        Its :data:`EvTechnique`.
    control_account
        The control account it belongs to (``None`` if none).
    milestones
        For ``"milestones"``: milestone id -> weight (normalised to sum 1).
    units
        For ``"units"``: the total units of work [units].
    base
        For ``"apportioned"``: the id of the base work package.
    """

    id: Hashable
    activities: tuple[Hashable, ...] = attrs.field(converter=_id_tuple)
    technique: EvTechnique = "percent_complete"
    control_account: Hashable | None = None
    milestones: FrozenDict = attrs.field(factory=FrozenDict, converter=_milestones)
    units: float | None = None
    base: Hashable | None = None

    def __attrs_post_init__(self) -> None:
        p = Problems()
        if (m := check_id(self.id, "work package id")) is not None:
            raise ValidationError(m)
        check_choice(self.technique, f"technique of work package {self.id!r}", _TECHNIQUES)
        if self.control_account is not None and (
            m := check_id(self.control_account, f"control account of work package {self.id!r}")
        ) is not None:
            p.add(m)
        if not self.activities:
            p.add(f"work package {self.id!r} must have at least one activity")
        else:
            check_ids(self.activities, f"activities of work package {self.id!r}")
        if self.technique == "milestones":
            if not self.milestones:
                p.add(f"work package {self.id!r} uses 'milestones' but has no milestone weights")
            for k, w in self.milestones.items():
                p.check_number(w, f"weight of milestone {k!r} of work package {self.id!r}",
                               minimum=0.0)
            if not p and sum(float(w) for w in self.milestones.values()) <= 0:
                p.add(f"milestone weights of work package {self.id!r} must sum to a positive "
                      f"number (got {dict(self.milestones)!r})")
        if self.technique == "units" or self.units is not None:
            p.check_number(self.units, f"units of work package {self.id!r}",
                           minimum=0.0, strict_minimum=True)
        if self.technique == "apportioned" and self.base is None:
            p.add(f"apportioned work package {self.id!r} needs a 'base' work package")
        p.raise_if_any()


@display()
@attrs.frozen(eq=False)
class PerformanceData(PicklesReadOnly, IdMapping, ComparesValues):
    """Planned value, earned value and actual cost of every work package per period.

    ``perf["WP1"]`` is ``(pv, ev, ac)`` of that package, per period [currency].

    Attributes
    ----------
    ids
        Work package ids.
    control_accounts
        Control account of each package (``None`` if none).
    pv
        Planned value per package (rows) and planned period [currency].
    ev, ac
        Earned value and actual cost per package and reported period [currency].
    bac
        Budget at completion of each package [currency].
    period_starts
        First day of each planned period, or ``None``.
    """

    ids: tuple[Hashable, ...]
    control_accounts: tuple[Hashable | None, ...]
    pv: FloatArray
    ev: FloatArray
    ac: FloatArray
    bac: FloatArray
    period_starts: DateArray | None = None
    _what = "work package"

    def _row(self, i: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        return self.pv[i], self.ev[i], self.ac[i]

    @property
    def status_period(self) -> int:
        """Number of reported periods (the status date is the end of the last one)."""
        return int(self.ev.shape[1])

    def earned_value(
        self,
        package: Hashable | None = None,
        *,
        calendar: WorkCalendar | None = None,
        start: dt.date | None = None,
        freq: Literal["D", "W", "M"] = "M",
        eac_method: EacMethod = "cpi",
    ) -> EarnedValue:
        """:func:`~pmokit.monitoring.earned_value` of one package, or of the project (``None``)."""
        if package is None:
            pv, ev, ac, bac = self.pv.sum(0), self.ev.sum(0), self.ac.sum(0), self.bac.sum()
        else:
            i = self._position(package)
            pv, ev, ac, bac = self.pv[i], self.ev[i], self.ac[i], self.bac[i]
        return earned_value(pv, ev, ac, cumulative=False, budget=float(bac), calendar=calendar,
                            start=start, freq=freq, eac_method=eac_method)

    def portfolio(self, *, eac_method: EacMethod = "cpi") -> PortfolioEarnedValue:
        """:func:`~pmokit.monitoring.portfolio_earned_value` with one row per work package."""
        return portfolio_earned_value(
            np.cumsum(self.pv, axis=1), np.cumsum(self.ev, axis=1),
            np.cumsum(self.ac, axis=1), names=list(self.ids), bac=self.bac,
            eac_method=eac_method,
        )

    def to_records(self) -> list[Record]:
        """One dict per package and period: ``package``, ``period`` (1-based), ``pv``, ``ev``,
        ``ac`` (``ev``/``ac`` are ``None`` after the status period)."""
        out: list[Record] = []
        n = max(self.pv.shape[1], self.ev.shape[1])
        for i, w in enumerate(self.ids):
            for k in range(n):
                out.append({
                    "package": w,
                    "period": k + 1,
                    "pv": float(self.pv[i, k]) if k < self.pv.shape[1] else 0.0,
                    "ev": float(self.ev[i, k]) if k < self.ev.shape[1] else None,
                    "ac": float(self.ac[i, k]) if k < self.ac.shape[1] else None,
                })
        return out

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _series(value: Any, name: str, p: Problems) -> FloatArray | None:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        p.add(f"{name} must be a sequence of numbers per reported period (got {value!r})")
        return None
    kind = number_kind_problem(value, name)
    if kind is not None:
        p.add(kind)
        return None
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim != 1 or not np.isfinite(arr).all():
        p.add(f"{name} must be a 1-D sequence of finite numbers (got {value!r})")
        return None
    return arr


def performance(
    planned: PlannedValue,
    packages: Sequence[WorkPackage],
    progress: Mapping[Hashable, Any],
    actual: Mapping[Hashable, Sequence[float]],
    *,
    periods: int | None = None,
    check_units: bool = True,
) -> PerformanceData:
    """Planned value, earned value (BCWP) and actual cost (ACWP) of work packages.

    Parameters
    ----------
    planned
        The :class:`~pmokit.monitoring.PlannedValue` of the cost-loaded schedule.
    packages
        The :class:`WorkPackage` items; every cost-loaded activity belongs to one.
    progress
        Work package id -> its progress, cumulative per reported period:
        percent complete [0-100] for ``0/100``, ``50/50``, ``25/75`` and
        ``percent_complete``; units complete for ``units``; for ``milestones`` a mapping
        milestone id -> the 1-based period in which it was achieved. ``loe``,
        ``apportioned`` and ``planning`` packages take no progress.
    actual
        Work package id -> actual cost per reported period [currency], >= 0 (ACWP, not
        cumulative). Packages without actuals have none.
    periods
        Number of reported periods (the status date is the end of the last one). Default:
        the longest progress or actual series.
    check_units
        Percent complete whose values all lie in (0, 1] is refused as a probable slip
        (fractions given for percents); ``check_units=False`` accepts it.

    Returns
    -------
    PerformanceData
        PV per planned period, EV and AC per reported period, for each package; feed them
        to :func:`~pmokit.monitoring.earned_value` (``PerformanceData.earned_value``) or
        :func:`~pmokit.monitoring.portfolio_earned_value`.

    Raises
    ------
    UnknownReferenceError
        For progress or actual costs of an unknown work package, a milestone without a
        weight, a package naming an activity without costs or an unknown base.
    ValidationError
        For progress that decreases, percent complete outside 0-100, a negative actual
        cost, progress for a package whose technique takes none, an activity in two
        packages.

    References
    ----------
    Deltek Cobra help, *Progress Techniques* and *How Cobra Calculates Progress to
    Determine Earned Value* (see the module docstring).

    Examples
    --------
    >>> from pmokit.scheduling import Activity, Network, schedule
    >>> from pmokit.monitoring import CostLine, time_phase
    >>> s = schedule(Network([Activity("A", 4)]))
    >>> pv = time_phase(s, {"A": CostLine.non_labour(1000)}, freq=1)
    >>> perf = performance(pv, [WorkPackage("WP", ["A"], "50/50")], {"WP": [10, 60]},
    ...                    {"WP": [300, 250]})
    >>> perf.ev.tolist()
    [[500.0, 0.0]]
    """
    p = Problems()
    check_flag(check_units, "check_units")
    if not isinstance(planned, PlannedValue):
        raise ValidationError(f"'planned' must be a PlannedValue (got {type(planned).__name__})")
    if isinstance(packages, WorkPackage) or not all(isinstance(w, WorkPackage) for w in packages):
        raise ValidationError("'packages' must be a sequence of WorkPackage")
    wp_ids = check_ids([w.id for w in packages], "work package ids")
    index = {w: i for i, w in enumerate(wp_ids)}
    check_known(progress, index, "progress", "work package")
    check_known(actual, index, "actual", "work package")
    act_index = {a: i for i, a in enumerate(planned.ids)}
    owner: dict[Hashable, Hashable] = {}
    for w in packages:
        check_known(w.activities, act_index, f"activities of work package {w.id!r}", "activity")
        for a in w.activities:
            if a in owner:
                p.add(f"activity {a!r} is in work packages {owner[a]!r} and {w.id!r}")
            owner[a] = w.id
        if w.base is not None:
            check_known([w.base], index, f"base of work package {w.id!r}", "work package")
    p.raise_if_any()
    n, np_ = len(packages), planned.periods
    pv = np.zeros((n, np_))
    member = [[act_index[a] for a in w.activities] for w in packages]
    for i, rows in enumerate(member):
        pv[i] = planned.by_activity[rows].sum(axis=0)
    bac = np.array([planned.bac[rows].sum() for rows in member])
    ac_series: dict[int, FloatArray] = {}
    for wid, v in actual.items():
        arr = _series(v, f"actual cost of work package {wid!r}", p)
        if arr is not None and arr.size and arr.min() < 0:  # as earned_value's 'actual'
            k = int(np.argmax(arr < 0))
            p.add(f"actual cost of work package {wid!r} must be >= 0 [currency], but period "
                  f"{k + 1} got {float(arr[k])!r}")
        elif arr is not None:
            ac_series[index[wid]] = arr
    pc_series: dict[int, FloatArray] = {}
    lengths = [a.size for a in ac_series.values()]
    for w, v in progress.items():  # type: ignore[assignment]
        pkg = packages[index[w]]
        if pkg.technique in ("loe", "apportioned", "planning"):
            p.add(f"work package {w!r} ({pkg.technique}) takes no progress (got {v!r})")
            continue
        if pkg.technique == "milestones":
            if not isinstance(v, Mapping):
                p.add(f"progress of work package {w!r} (milestones) must map milestone id -> "
                      f"the 1-based period it was achieved (got {v!r})")
                continue
            unknown = [m for m in v if m not in pkg.milestones]
            if unknown:
                raise UnknownReferenceError(
                    f"progress of work package {w!r} names milestones without a weight: "
                    f"{', '.join(repr(m) for m in unknown)} (known: "
                    f"{', '.join(repr(m) for m in pkg.milestones)})", unknown)
            for m, k in v.items():
                if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
                    p.add(f"milestone {m!r} of work package {w!r} must give a 1-based period "
                          f"(got {k!r})")
            if v and not p:
                lengths.append(int(max(v.values())))
            continue
        arr = _series(v, f"progress of work package {w!r}", p)
        if arr is None:
            continue
        drops = np.nonzero(np.diff(arr) < 0)[0]
        if drops.size:
            k = int(drops[0])
            p.add(f"progress of work package {w!r} must not decrease: period {k + 2} reports "
                  f"{arr[k + 1]:g} after {arr[k]:g} (progress is cumulative)")
        top = 100.0 if pkg.technique != "units" else float(pkg.units or 0.0)
        if arr.size and (arr.min() < 0 or arr.max() > top + 1e-9):
            unit = "percent complete (0-100)" if pkg.technique != "units" else f"units (0-{top:g})"
            p.add(f"progress of work package {w!r} must be {unit} (got {arr.tolist()})")
        elif (check_units and pkg.technique != "units" and arr.size
              and 0 < arr.max() <= 1.0):
            p.add(f"progress of work package {w!r} is percent complete (0-100) but all its "
                  f"values are in (0, 1] (got {arr.tolist()}): fractions given for "
                  "percents? Multiply by 100, or pass check_units=False")
        pc_series[index[w]] = arr
        lengths.append(arr.size)
    p.raise_if_any()
    r = (int(check_number(periods, "periods", minimum=1))
         if periods is not None else max(lengths, default=0))
    if periods is not None and r != periods:
        raise ValidationError(f"'periods' must be a whole number of periods (got {periods!r})")
    if r < 1:
        raise ValidationError("no reported period: give progress or actual costs, or periods=")
    check_allocation((max(len(packages), 1), r), "'periods' (reported periods per package)")
    ev_cum = np.zeros((n, r))
    ac = np.zeros((n, r))
    for i, arr in ac_series.items():
        if arr.size > r:
            raise ValidationError(f"actual cost of work package {wp_ids[i]!r} covers {arr.size} "
                                  f"periods, more than the {r} reported")
        ac[i, : arr.size] = arr
    pv_cum = np.cumsum(pv, axis=1)
    pv_to = np.concatenate([pv_cum, np.repeat(pv_cum[:, -1:], max(r - np_, 0), axis=1)],
                           axis=1)[:, :r]
    for i, w in enumerate(packages):
        t = w.technique
        if t in _START_SHARE or t == "percent_complete" or t == "units":
            arr = pc_series.get(i, np.zeros(0))
            full = np.zeros(r)
            full[: arr.size] = arr
            if arr.size:
                full[arr.size :] = arr[-1]
            if t in _START_SHARE:
                share = np.where(full >= 100.0, 1.0, np.where(full > 0, _START_SHARE[t], 0.0))
            elif t == "units":
                share = full / float(w.units or 1.0)
            else:
                share = full / 100.0
            ev_cum[i] = bac[i] * share
        elif t == "milestones":
            weights = {m: float(v) for m, v in w.milestones.items()}
            total = sum(weights.values())
            done = progress.get(w.id, {})
            for m, k in done.items():
                ev_cum[i, int(k) - 1 :] += bac[i] * weights[m] / total
        elif t == "loe":
            ev_cum[i] = pv_to[i]
    for i, w in enumerate(packages):
        if w.technique == "apportioned":
            b = index[w.base]
            if packages[b].technique == "apportioned":
                raise ValidationError(f"base {w.base!r} of apportioned work package {w.id!r} "
                                      "must be a discrete package, not apportioned")
            share = ev_cum[b] / bac[b] if bac[b] > 0 else np.zeros(r)
            ev_cum[i] = bac[i] * share
    ev = np.diff(ev_cum, axis=1, prepend=0.0)
    return PerformanceData(
        ids=wp_ids,
        control_accounts=tuple(w.control_account for w in packages),
        pv=readonly(pv),
        ev=readonly(ev),
        ac=readonly(ac),
        bac=readonly(bac),
        period_starts=planned.period_starts,
    )
