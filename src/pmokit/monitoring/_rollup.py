"""Earned value of many projects at once, and their roll-up to a portfolio.

All projects are evaluated together on ``(projects x periods)`` arrays: 10,000 projects
take milliseconds. The portfolio total is the earned value of the summed curves (so the
portfolio earned schedule is measured on the portfolio's own planned curve; it is not an
average of the projects' ES).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._deprecation import renamed_arguments
from pmokit._results import (
    ComparesValues,
    IdDict,
    IdMapping,
    PicklesReadOnly,
    Record,
    display,
    records_to_frame,
)
from pmokit._tables import is_table
from pmokit._typing import FloatArray
from pmokit._validation import (
    Problems,
    as_date,
    check_choice,
    check_flag,
    check_id,
    check_known,
    number_kind_problem,
)
from pmokit.calendar import Frequency, WorkCalendar
from pmokit.errors import DuplicateError, UnknownReferenceError, ValidationError
from pmokit.monitoring._earned_value import (
    _EAC_METHODS,
    _INDEX_FIELDS,
    _REL_TOL,
    EacMethod,
    EarnedValue,
    _evaluate,
    _indices,
    _Inputs,
    earned_schedule_curve,
)

__all__ = ["PortfolioEarnedValue", "portfolio_earned_value", "rollup_earned_value"]



def _ro(a: npt.ArrayLike) -> FloatArray:
    arr = np.array(a, dtype=np.float64)
    arr.setflags(write=False)
    return arr


@display()
@attrs.frozen(eq=False)  # holds numpy arrays: ComparesValues gives ==
class PortfolioEarnedValue(PicklesReadOnly, ComparesValues, IdMapping):
    """Earned value indices of every project at the common status period, and the total.

    A read-only mapping from project name to that project's record (the dict of
    :meth:`project`): ``pf["Alpha"]``, ``"Alpha" in pf``, iteration over the names,
    ``len``, ``.get``; an unknown name raises
    :class:`~pmokit.errors.UnknownReferenceError` (a ``KeyError``).

    Attributes
    ----------
    names
        Project names, aligned with every array.
    bac, planned_duration
        Budget at completion [currency] and planned duration [periods] per project.
    actual_time
        The common number of reported periods AT [periods].
    pv, ev, ac, sv, cv, spi, cpi, es, sv_t, spi_t, tspi, ieac_t, eac_cpi, eac_budget, \
eac_cpi_spi, eac_cpi_spi_t, eac, etc, vac, tcpi_bac, tcpi_eac, percent_complete, percent_spent
        Per-project status values (read-only arrays), defined as in
        :class:`~pmokit.monitoring.EarnedValue`.
    total
        The portfolio as one project: the earned value of the summed planned, earned and
        actual curves (its ES is measured on the portfolio's planned curve).
    planned_curves, earned_curves, actual_curves
        The cumulative curves used, one row per project: planned ``[0, PV_1 .. PV_W]``
        (BAC after each plan's end), earned and actual ``[EV_1 .. EV_AT]`` [currency].
    """

    names: tuple[str, ...]
    bac: FloatArray
    planned_duration: FloatArray
    actual_time: float
    pv: FloatArray
    ev: FloatArray
    ac: FloatArray
    sv: FloatArray
    cv: FloatArray
    spi: FloatArray
    cpi: FloatArray
    es: FloatArray
    sv_t: FloatArray
    spi_t: FloatArray
    tspi: FloatArray
    ieac_t: FloatArray
    eac_cpi: FloatArray
    eac_budget: FloatArray
    eac_cpi_spi: FloatArray
    eac_cpi_spi_t: FloatArray
    eac: FloatArray
    etc: FloatArray
    vac: FloatArray
    tcpi_bac: FloatArray
    tcpi_eac: FloatArray
    percent_complete: FloatArray
    percent_spent: FloatArray
    total: EarnedValue = attrs.field(repr=False)
    planned_curves: FloatArray = attrs.field(repr=False)
    earned_curves: FloatArray = attrs.field(repr=False)
    actual_curves: FloatArray = attrs.field(repr=False)
    eac_method: str = "cpi"

    _what = "project"

    @property
    def ids(self) -> tuple[str, ...]:  # type: ignore[override]
        """The project names (the keys of the mapping)."""
        return self.names

    def _row(self, i: int) -> Record:
        return self._record(i)

    def rollup(self, groups: Mapping[str, str]) -> IdDict:
        """Earned value of groups of projects (for example programmes).

        Parameters
        ----------
        groups
            Group name per project; every project needs one.

        Returns
        -------
        IdDict
            Read-only mapping group name -> :class:`~pmokit.monitoring.EarnedValue` of the
            summed curves of its projects, in order of first appearance; an unknown group
            raises :class:`~pmokit.errors.UnknownReferenceError`.

        Raises
        ------
        ValidationError
            If ``groups`` is not a mapping, a project has no group or a group name is not
            a valid id.
        UnknownReferenceError
            If ``groups`` names a project that is not in the portfolio.

        Examples
        --------
        >>> pf = portfolio_earned_value([[100, 200], [50, 100], [10, 20]],
        ...                             [[90], [50], [5]], [[100], [45], [5]],
        ...                             names=["A", "B", "C"])
        >>> by = pf.rollup({"A": "DIG", "B": "DIG", "C": "OPS"})
        >>> list(by), by["DIG"].bac, by["DIG"].ev, round(by["OPS"].spi, 2)
        (['DIG', 'OPS'], 300.0, 140.0, 0.5)
        """
        if not isinstance(groups, Mapping):
            raise ValidationError(
                f"'groups' must map project names to group names (got a "
                f"{type(groups).__name__})"
            )
        check_known(groups, self.names, "groups", "project")
        bad = [
            m
            for n in self.names
            if n in groups and (m := check_id(groups[n], f"groups[{n!r}]")) is not None
        ]
        if bad:
            raise ValidationError(bad)
        missing = [n for n in self.names if n not in groups]
        if missing:
            raise ValidationError(
                f"'groups' must give a group for every project (missing: {missing})"
            )
        order = list(dict.fromkeys(str(groups[n]) for n in self.names))
        label = np.array([order.index(str(groups[n])) for n in self.names])
        out: dict[str, EarnedValue] = {}
        for g, name in enumerate(order):
            rows = label == g
            bac = float(self.bac[rows].sum())
            complete = bool(np.isfinite(self.planned_duration[rows]).all())
            curve = self.planned_curves[rows].sum(axis=0)
            if complete:
                pd = int(self.planned_duration[rows].max())
                planned = np.minimum(curve[1 : pd + 1], bac)
                planned[-1] = bac
            else:
                planned = curve[1:]
            inputs = _Inputs(
                planned=planned,
                earned=np.minimum(self.earned_curves[rows].sum(axis=0), bac),
                actual=self.actual_curves[rows].sum(axis=0),
                bac=bac,
                plan_complete=complete,
            )
            out[name] = _evaluate(inputs, None, None, "M", self.eac_method)
        return IdDict(out)

    def __len__(self) -> int:
        return len(self.names)

    def project(self, name: str) -> Record:
        """The status values of one project as a dict (the same as ``self[name]``).

        Raises
        ------
        UnknownReferenceError
            If there is no project of that name (a ``KeyError``).
        """
        try:
            record: Record = self[name]
        except UnknownReferenceError:
            raise UnknownReferenceError(
                f"no project named {name!r} in the portfolio", [name]
            ) from None
        return record

    def _record(self, k: int) -> Record:
        cols = ("bac", "planned_duration", *_INDEX_FIELDS)
        return {"project": self.names[k], **{n: float(getattr(self, n)[k]) for n in cols}}

    def to_records(self) -> list[Record]:
        """One dict per project: ``project``, ``bac``, ``planned_duration`` and every index."""
        return [self._record(k) for k in range(len(self.names))]

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame indexed by project (needs pandas)."""
        return records_to_frame(self.to_records(), index="project")


Rows = list[FloatArray] | FloatArray


def _as_rows(values: Any, name: str, problems: Problems) -> Rows | None:
    """A 2-D float array as is, or the rows of a sequence of sequences (ragged allowed)."""
    rows = _convert_rows(values, name, problems)
    if rows is None:
        return None
    kinds = (
        [number_kind_problem(values, name)]
        if isinstance(values, np.ndarray)
        else [number_kind_problem(r, f"{name}[{k}]") for k, r in enumerate(values)]
    )
    if any(k is not None for k in kinds):  # complex, datetime64, None, bools: by name
        problems.extend(k for k in kinds if k is not None)
        return None
    return rows


def _convert_rows(values: Any, name: str, problems: Problems) -> Rows | None:
    if isinstance(values, np.ndarray):
        if values.ndim != 2:
            problems.add(f"'{name}' must be 2-dimensional (projects x periods), got shape "
                         f"{values.shape}")
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # ComplexWarning: refused by the caller
                return values.astype(np.float64)
        except (TypeError, ValueError) as exc:
            problems.add(f"'{name}' must hold numbers ({exc})")
            return None
    rows: list[FloatArray] = []
    try:
        for row in values:
            r = np.asarray(row, dtype=np.float64)
            if r.ndim != 1:
                problems.add(f"'{name}' must be a sequence of 1-dimensional series")
                return None
            rows.append(r)
    except (TypeError, ValueError) as exc:
        problems.add(f"'{name}' must be a sequence of series of numbers ({exc})")
        return None
    return rows


def _lengths(rows: Rows) -> npt.NDArray[np.int64]:
    if isinstance(rows, np.ndarray):
        return np.full(rows.shape[0], rows.shape[1], dtype=np.int64)
    return np.fromiter((r.size for r in rows), dtype=np.int64, count=len(rows))


def _pad(rows: Rows, width: int, fill_last: bool) -> FloatArray:
    """Rows left-aligned in a (rows x width) array, padded with zeros or each row's last."""
    lengths = _lengths(rows)
    mask = np.arange(width)[None, :] < lengths[:, None]
    out = np.zeros((lengths.size, width), dtype=np.float64)
    if isinstance(rows, np.ndarray):
        out[:, : rows.shape[1]] = rows
    elif rows:
        out[mask] = np.concatenate(rows)
    if fill_last:
        last = out[np.arange(lengths.size), np.maximum(lengths - 1, 0)]
        out = np.where(mask, out, last[:, None])
    return out


def _check_matrix(
    m: FloatArray,
    lengths: npt.NDArray[np.int64],
    name: str,
    names: Sequence[str],
    cumulative: bool,
    problems: Problems,
) -> None:
    """Vectorised checks naming project and period: finite, >= 0, non-decreasing."""
    valid = np.arange(m.shape[1])[None, :] < lengths[:, None]
    found = 0

    def report(mask: npt.NDArray[np.bool_], what: str) -> None:
        nonlocal found
        for p, k in zip(*np.nonzero(mask & valid), strict=True):
            if found >= 20:
                return
            problems.add(what.format(project=names[p], period=k + 1, value=float(m[p, k]),
                                     prev=float(m[p, k - 1]) if k else 0.0))
            found += 1

    with np.errstate(invalid="ignore"):
        report(~np.isfinite(m), f"'{name}' of project '{{project}}' must hold finite numbers, "
               "but at period {period} got {value!r}")
        report(m < 0, f"'{name}' of project '{{project}}' must be >= 0, but at period "
               "{period} got {value!r}")
        if cumulative:
            drop = np.zeros(m.shape, dtype=bool)
            drop[:, 1:] = np.diff(m, axis=1) < 0
            report(drop, f"'{name}' of project '{{project}}' is cumulative and must not "
                   "decrease, but at period {period} it fell from {prev!r} to {value!r}")


@renamed_arguments(budgets="bac")
def portfolio_earned_value(
    planned: npt.ArrayLike | Sequence[Sequence[float]],
    earned: npt.ArrayLike | Sequence[Sequence[float]],
    actual: npt.ArrayLike | Sequence[Sequence[float]],
    *,
    names: Sequence[Hashable] | None = None,
    cumulative: bool = True,
    bac: Sequence[float] | npt.ArrayLike | None = None,
    calendar: WorkCalendar | None = None,
    start: dt.date | None = None,
    freq: Frequency = "M",
    eac_method: EacMethod = "cpi",
) -> PortfolioEarnedValue:
    """Earned value of many projects in one vectorised pass, with the portfolio total.

    Parameters
    ----------
    planned
        One planned-value series per project (rows of a 2-D array, or sequences of
        different lengths: each length is that project's planned duration) [currency].
        Or three tables (pandas DataFrames, mappings of columns or lists of dicts are
        read by :meth:`~pmokit.monitoring.EarnedValueTables.from_frame`): rows are
        projects by label (a ``project`` column or a labelled index), columns periods,
        NaN for periods not yet reported; ``names`` then comes from the tables and
        ``bac`` is a mapping project -> budget.
        Periods are common to all projects: a project that starts later has leading zeros.
    earned, actual
        Earned value and actual cost per project and reported period; every project has
        the same number of reported periods (a common status date) [currency].
    names
        Project names (default ``"P1"``, ``"P2"``, ...); must be unique, non-empty ids.
    cumulative
        True if the series are cumulative, False for per-period amounts (a bool).
    bac
        Budget at completion per project [currency] (default: the planned totals); see
        :func:`~pmokit.monitoring.earned_value`. ``budgets`` is its deprecated name
        (``budgets`` means per-period amounts elsewhere in pmokit).
    calendar, start, freq
        Dates for the portfolio total, as in :func:`~pmokit.monitoring.earned_value`.
    eac_method
        The headline EAC method.

    Returns
    -------
    PortfolioEarnedValue
        Per-project status indices and the portfolio total.

    Raises
    ------
    ValidationError
        Naming the project, series and period, for the same faults as
        :func:`~pmokit.monitoring.earned_value`, or for a different number of projects in
        the three inputs or different numbers of reported periods.
    DuplicateError
        If two projects have the same name.

    Examples
    --------
    >>> pf = portfolio_earned_value(
    ...     [[100, 200, 300, 400], [50, 150, 300]],
    ...     [[80, 160], [60, 150]],
    ...     [[90, 170], [55, 140]],
    ...     names=["Alpha", "Beta"],
    ... )
    >>> pf.spi_t.round(3).tolist()
    [0.8, 1.0]
    >>> pf.total.bac, pf.total.ev, round(pf.total.spi_t, 3)
    (700.0, 310.0, 0.9)
    """
    _SERIES = ("planned", "earned", "actual")
    tables = [is_table(x) for x in (planned, earned, actual)]
    if any(tables):
        if not all(tables):
            raise ValidationError(
                "give 'planned', 'earned' and 'actual' all as tables (DataFrames or "
                "mappings of columns) or all as arrays (got tables for "
                f"{[n for n, t in zip(_SERIES, tables, strict=True) if t]})"
            )
        if names is not None:
            raise ValidationError(
                "'names' comes from the project column (or index) of the tables; "
                "leave it out"
            )
        from pmokit.monitoring._frames import EarnedValueTables

        read = EarnedValueTables.from_frame(planned, earned, actual)  # type: ignore[arg-type]
        planned, earned, actual = list(read.planned), read.earned, read.actual
        names = list(read.projects)
        if bac is not None:
            if not isinstance(bac, Mapping):
                raise ValidationError(
                    "with tables, give 'bac' as a mapping project -> budget, matched by "
                    f"label (got a {type(bac).__name__})"
                )
            check_known(bac, read.projects, "bac", "project")
            absent = [k for k in read.projects if k not in bac]
            if absent:
                raise ValidationError(f"'bac' has no budget for the projects {absent}")
            budget_of: Mapping[Any, Any] = bac
            bac = [float(budget_of[k]) for k in read.projects]
    problems = Problems()
    try:
        check_choice(
            eac_method if isinstance(eac_method, str) else repr(eac_method),
            "eac_method",
            _EAC_METHODS,
        )
    except ValidationError as exc:
        problems.extend(exc.problems)
    try:
        check_flag(cumulative, "cumulative")
    except ValidationError as exc:  # 'no' would read as cumulative
        problems.extend(exc.problems)
    if (calendar is None) != (start is None):
        problems.add("'calendar' and 'start' must be given together to compute dates")
    start_date = None
    if start is not None:
        try:
            start_date = as_date(start, "start")
        except ValidationError as exc:
            problems.extend(exc.problems)
    if calendar is not None and not isinstance(calendar, WorkCalendar):
        problems.add(f"'calendar' must be a WorkCalendar (got a {type(calendar).__name__})")
    problems.raise_if_any()
    pl_rows = _as_rows(planned, "planned", problems)
    ea_rows = _as_rows(earned, "earned", problems)
    ac_rows = _as_rows(actual, "actual", problems)
    problems.raise_if_any()
    if pl_rows is None or ea_rows is None or ac_rows is None:  # pragma: no cover
        raise ValidationError("invalid portfolio input")
    n = len(pl_rows)
    if n == 0:
        raise ValidationError("'planned' must hold at least one project (got none)")
    if len(ea_rows) != n or len(ac_rows) != n:
        raise ValidationError(
            f"'planned', 'earned' and 'actual' must hold the same projects (got {n}, "
            f"{len(ea_rows)} and {len(ac_rows)} projects)"
        )
    if names is not None:
        if isinstance(names, str) or not isinstance(names, Sequence):
            raise ValidationError(
                f"'names' must be a sequence of project names (got {names!r:.60})"
            )
        bad = [m for k, x in enumerate(names) if (m := check_id(x, f"names[{k}]")) is not None]
        if bad:
            raise ValidationError(bad)
    labels = [str(x) for x in names] if names is not None else [f"P{k + 1}" for k in range(n)]
    if len(labels) != n:
        raise ValidationError(f"'names' must name every project (got {len(labels)} names "
                              f"for {n} projects)")
    tally = Counter(labels)
    dupes = [x for x, c in tally.items() if c > 1]
    if dupes:
        raise DuplicateError(f"project names must be unique (repeated: {dupes})", dupes)

    pd_len = _lengths(pl_rows)
    at_len = _lengths(ea_rows)
    ac_len = _lengths(ac_rows)
    for p in np.nonzero(pd_len == 0)[0][:20]:
        problems.add(f"'planned' of project '{labels[p]}' must hold at least one period")
    for p in np.nonzero((at_len != at_len[0]) | (ac_len != at_len[0]))[0][:20]:
        problems.add(
            f"'earned' and 'actual' of project '{labels[p]}' must cover the common "
            f"{int(at_len[0])} reported periods (got {int(at_len[p])} and {int(ac_len[p])})"
        )
    if at_len[0] == 0:
        problems.add("'earned' must hold at least one reported period (got none)")
    problems.raise_if_any()

    at = int(at_len[0])
    width = int(max(pd_len.max(), at))
    pl = _pad(pl_rows, width, fill_last=cumulative)
    ea = _pad(ea_rows, at, fill_last=False)
    ac = _pad(ac_rows, at, fill_last=False)
    _check_matrix(pl, pd_len, "planned", labels, cumulative, problems)
    _check_matrix(ea, at_len, "earned", labels, cumulative, problems)
    _check_matrix(ac, ac_len, "actual", labels, cumulative, problems)
    problems.raise_if_any()
    if not cumulative:
        with np.errstate(over="ignore"):
            pl = np.cumsum(pl, axis=1)
            ea = np.cumsum(ea, axis=1)
            ac = np.cumsum(ac, axis=1)
        for name, mat in (("planned", pl), ("earned", ea), ("actual", ac)):
            for p in np.nonzero(~np.isfinite(mat).all(axis=1))[0][:20]:
                k = int(np.argmin(np.isfinite(mat[p])))
                problems.add(
                    f"'{name}' of project '{labels[p]}' must add up to a finite total, but "
                    f"its running sum overflows at period {k + 1}"
                )
        problems.raise_if_any()

    totals = pl[np.arange(n), pd_len - 1]
    budgets = bac
    if budgets is None:
        bac = totals.copy()
        for p in np.nonzero(~(bac > 0))[0][:20]:
            problems.add(f"'planned' of project '{labels[p]}' must add up to a budget > 0 "
                         f"(got a total of {float(bac[p])!r})")
    else:
        kind = number_kind_problem(budgets, "bac")
        if kind is not None:
            raise ValidationError(kind)
        try:
            bac = np.asarray(budgets, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"'bac' must be numbers ({exc})") from None
        if bac.size != n:
            raise ValidationError(f"'bac' must give one budget per project "
                                  f"(got {bac.size} for {n} projects)")
        for p in np.nonzero(~(np.isfinite(bac) & (bac > 0)))[0][:20]:
            problems.add(f"'bac' of project '{labels[p]}' must be a finite number > 0 "
                         f"(got {float(bac[p])!r})")
    tol = _REL_TOL * np.maximum(bac, 1.0)
    for p in np.nonzero(totals > bac + tol)[0][:20]:
        problems.add(f"'planned' of project '{labels[p]}' must not exceed the budget "
                     f"{float(bac[p])!r}, but its total is {float(totals[p])!r}")
    over = ea > bac[:, None] + tol[:, None]
    for p in np.nonzero(over.any(axis=1))[0][:20]:
        k = int(np.argmax(over[p]))
        problems.add(f"'earned' of project '{labels[p]}' must not exceed the budget "
                     f"{float(bac[p])!r}, but at period {k + 1} it is {float(ea[p, k])!r}")
    complete = np.abs(totals - bac) <= tol
    for p in np.nonzero(~complete & (pd_len < at))[0][:20]:
        problems.add(f"'planned' of project '{labels[p]}' stops below its budget, so it must "
                     f"cover every reported period (got {int(pd_len[p])} planned and {at} "
                     "reported)")
    problems.raise_if_any()

    # cumulative PV curves [0, PV_1 .. PV_W], BAC after each complete plan's PD
    curve = np.zeros((n, width + 1), dtype=np.float64)
    curve[:, 1:] = pl
    after = np.arange(1, width + 1)[None, :] > pd_len[:, None]
    curve[:, 1:] = np.where(after & complete[:, None], bac[:, None], curve[:, 1:])
    curve[complete, :] = np.minimum(curve[complete, :], bac[complete, None])
    ea = np.minimum(ea, bac[:, None])
    pd = np.where(complete, pd_len.astype(np.float64), np.nan)

    ev_now = ea[:, at - 1]
    ac_now = ac[:, at - 1]
    pv_now = curve[:, at]
    at_arr = np.full(n, float(at))
    es = earned_schedule_curve(curve, pd, ev_now[:, None], at_arr[:, None])[:, 0]
    idx = _indices(pv_now, ev_now, ac_now, es, at_arr, bac, pd, eac_method)

    total_inputs = _Inputs(
        planned=curve.sum(axis=0)[1 : int(pd_len.max()) + 1]
        if complete.all()
        else curve.sum(axis=0)[1:],
        earned=ea.sum(axis=0),
        actual=ac.sum(axis=0),
        bac=float(bac.sum()),
        plan_complete=bool(complete.all()),
    )
    if total_inputs.plan_complete:
        # guard the sum's rounding so the plan ends exactly at the summed BAC
        planned_total = np.minimum(total_inputs.planned, total_inputs.bac)
        planned_total[-1] = total_inputs.bac
        total_inputs = attrs.evolve(
            total_inputs,
            planned=planned_total,
            earned=np.minimum(total_inputs.earned, total_inputs.bac),
        )
    total = _evaluate(total_inputs, calendar, start_date, freq, eac_method)

    return PortfolioEarnedValue(
        names=tuple(labels),
        bac=_ro(bac),
        planned_duration=_ro(pd),
        actual_time=float(at),
        total=total,
        planned_curves=_ro(curve),
        earned_curves=_ro(ea),
        actual_curves=_ro(ac),
        eac_method=eac_method,
        **{k: _ro(v) for k, v in idx.items()},
    )


def rollup_earned_value(
    projects: Mapping[Hashable, EarnedValue] | Sequence[EarnedValue],
    *,
    calendar: WorkCalendar | None = None,
    start: dt.date | None = None,
    freq: Frequency = "M",
    eac_method: EacMethod | None = None,
) -> PortfolioEarnedValue:
    """Roll up earned value results of several projects into a portfolio.

    Parameters
    ----------
    projects
        :class:`~pmokit.monitoring.EarnedValue` results by project name (or a sequence,
        named ``"P1"``, ``"P2"``, ...). They must share the period grid and the status
        period (the same actual time).
    calendar, start, freq
        Dates for the portfolio total.
    eac_method
        Headline EAC method (default: that of the first project).

    Returns
    -------
    PortfolioEarnedValue
        As :func:`portfolio_earned_value` on the projects' cumulative curves.

    Raises
    ------
    ValidationError
        If there are no projects, an item is not an EarnedValue, or the actual times differ.

    Examples
    --------
    >>> from pmokit.monitoring import earned_value
    >>> a = earned_value([100, 200, 300, 400], [80, 160], [90, 170])
    >>> b = earned_value([50, 150, 300], [60, 150], [55, 140])
    >>> pf = rollup_earned_value({"Alpha": a, "Beta": b})
    >>> pf.total.bac, round(pf.total.cpi, 4)
    (700.0, 1.0)
    """
    if isinstance(projects, Mapping):
        bad = [m for k in projects if (m := check_id(k, "project name in 'projects'")) is not None]
        if bad:
            raise ValidationError(bad)
        names = [str(k) for k in projects]
        items = list(projects.values())
    elif isinstance(projects, EarnedValue | str) or not isinstance(projects, Sequence):
        raise ValidationError(
            f"'projects' must be a mapping or sequence of EarnedValue (got a "
            f"{type(projects).__name__}); use [result] for one project"
        )
    else:
        items = list(projects)
        names = [f"P{k + 1}" for k in range(len(items))]
    problems = Problems()
    if not items:
        problems.add("'projects' must hold at least one EarnedValue (got none)")
    for name, item in zip(names, items, strict=True):
        if not isinstance(item, EarnedValue):
            problems.add(f"project '{name}' must be an EarnedValue (got a "
                         f"{type(item).__name__})")
    problems.raise_if_any()
    ats = {item.actual_time for item in items}
    if len(ats) > 1:
        detail = ", ".join(f"'{n}': {int(i.actual_time)}" for n, i in zip(names, items,
                                                                            strict=True))
        raise ValidationError(
            f"projects must share the status period to be rolled up, but their actual times "
            f"differ ({detail} periods)"
        )
    return portfolio_earned_value(
        [i.planned_curve[1:] for i in items],
        [i.history.ev for i in items],
        [i.history.ac for i in items],
        names=names,
        bac=[i.bac for i in items],
        calendar=calendar,
        start=start,
        freq=freq,
        eac_method=eac_method if eac_method is not None else items[0].eac_method,  # type: ignore[arg-type]
    )
