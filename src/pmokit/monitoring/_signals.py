"""Early-warning signals: typed objects that name the project, measure, threshold, periods
and evidence of a developing problem.

Sources: earned value (CPI and SPI(t) below thresholds, TCPI above 1.10, CPI instability
after 20 % complete), schedule snapshots (total-float erosion, negative float, milestone
slippage by milestone trend analysis) and risk exposure growing across reports.
Schedule inputs are plain mappings (id -> float, id -> date) per snapshot, so any
scheduler's output can be used; :func:`float_snapshots` adapts objects with ``ids`` and
``total_float`` (such as :class:`pmokit.scheduling.Schedule`).
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, Protocol

import attrs
import numpy as np
import numpy.typing as npt

from pmokit._results import ComparesValues, PicklesReadOnly, Record, display, records_to_frame
from pmokit._typing import FloatArray
from pmokit._validation import (
    Problems,
    as_date,
    check_id,
    check_ids,
    check_known,
    number_kind_problem,
)
from pmokit.calendar import WorkCalendar
from pmokit.errors import ValidationError
from pmokit.monitoring._earned_value import EarnedValue

__all__ = [
    "MilestoneTrend",
    "Severity",
    "Signal",
    "SignalKind",
    "Signals",
    "evm_signals",
    "float_erosion_signals",
    "float_snapshots",
    "milestone_slippage_signals",
    "milestone_snapshots",
    "milestone_trend",
    "risk_exposure_signals",
]

Severity = Literal["amber", "red"]
"""How serious a signal is; it feeds RAG status directly."""
SignalKind = Literal[
    "cpi_below",
    "spi_t_below",
    "tcpi_above",
    "cpi_unstable",
    "float_erosion",
    "negative_float",
    "milestone_slip",
    "risk_exposure_growth",
    "cost_variance",
    "schedule_variance",
    "vac_variance",
]
"""The kinds of early-warning signal."""


@attrs.frozen
class Signal:
    """One early-warning signal.

    Attributes
    ----------
    project
        The project it concerns.
    kind
        What was detected (see :data:`SignalKind`).
    measure
        The measure watched (``"CPI"``, ``"total float [working days]"`` ...).
    threshold
        The threshold that was crossed, in the measure's unit.
    periods
        1-based periods (or snapshots) that show the problem.
    evidence
        The measure's values at those periods; an earned-value index is ``inf`` where
        :class:`~pmokit.monitoring.EarnedValue` says so (for example TCPI once the budget
        is spent).
    severity
        ``"amber"`` or ``"red"``.
    item
        The activity, milestone or other item concerned ("" for the whole project).
    message
        A one-line explanation for a report.
    """

    project: str
    kind: SignalKind
    measure: str
    threshold: float
    periods: tuple[int, ...]
    evidence: tuple[float, ...]
    severity: Severity
    item: str = ""
    message: str = ""

    def to_record(self) -> Record:
        """The signal as a dict."""
        return attrs.asdict(self)


@display()
@attrs.frozen
class Signals:
    """An ordered collection of signals (red before amber, then by project and kind)."""

    items: tuple[Signal, ...]

    def __iter__(self) -> Iterator[Signal]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, k: int) -> Signal:
        return self.items[k]

    def __add__(self, other: Signals) -> Signals:
        return _collect([*self.items, *other.items])

    def for_project(self, project: str) -> Signals:
        """The signals of one project."""
        return Signals(tuple(s for s in self.items if s.project == project))

    def kinds(self) -> tuple[str, ...]:
        """The kinds present, in order."""
        return tuple(s.kind for s in self.items)

    def to_records(self) -> list[Record]:
        """One dict per signal."""
        return [s.to_record() for s in self.items]

    def to_frame(self) -> Any:
        """The signals as a pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def _collect(items: Sequence[Signal]) -> Signals:
    rank = {"red": 0, "amber": 1}
    return Signals(tuple(sorted(items, key=lambda s: (rank[s.severity], s.project, s.kind,
                                                       s.item))))


def _pair(value: Any, name: str, direction: str, problems: Problems) -> tuple[float, float]:
    """(amber, red) thresholds; red must be the more extreme one."""
    try:
        amber, red = (float(v) for v in value)
    except (TypeError, ValueError):
        problems.add(f"'{name}' must be a pair (amber, red) of numbers (got {value!r})")
        return (math.nan, math.nan)
    if not (math.isfinite(amber) and math.isfinite(red)):
        problems.add(f"'{name}' must hold finite numbers (got {value!r})")
    elif (direction == "below" and red > amber) or (direction == "above" and red < amber):
        word = "<=" if direction == "below" else ">="
        problems.add(f"'{name}' red threshold must be {word} the amber one (got {value!r})")
    return amber, red


def _items(value: object, name: str, what: str) -> list[Any]:
    """``value`` as a list, or a ValidationError naming ``name`` (a string is refused)."""
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(
            f"'{name}' must be a sequence of {what} (got {value!r:.60} that is a "
            f"{type(value).__name__})"
        )
    return list(value)


def _trailing(mask: npt.NDArray[np.bool_]) -> list[int]:
    """0-based indices of the trailing run of True."""
    out: list[int] = []
    for k in range(mask.size - 1, -1, -1):
        if not mask[k]:
            break
        out.append(k)
    return out[::-1]


# ---------------------------------------------------------------------------- EVM
def evm_signals(
    ev: EarnedValue,
    *,
    project: str = "",
    cpi: tuple[float, float] = (0.95, 0.90),
    spi_t: tuple[float, float] = (0.95, 0.90),
    tcpi: tuple[float, float] = (1.05, 1.10),
    cpi_stability: float = 0.10,
    stable_after: float = 20.0,
) -> Signals:
    """Early warnings from earned value: low CPI and SPI(t), high TCPI, unstable CPI.

    Parameters
    ----------
    ev
        The project's :class:`~pmokit.monitoring.EarnedValue`.
    project
        Project name to put on the signals.
    cpi, spi_t
        ``(amber, red)``: a status value below ``amber`` gives an amber signal, below
        ``red`` a red one. The periods are the trailing run of periods below ``amber``.
    tcpi
        ``(amber, red)`` for TCPI to BAC: above 1.10 recovery to budget is unlikely (the
        PMI practice standard's rule of thumb); an infinite TCPI (budget already spent) is
        red.
    cpi_stability
        Largest relative change of cumulative CPI expected after ``stable_after`` percent
        complete (Christensen: under 10 % after 20 % complete). A larger change gives an
        amber ``cpi_unstable`` signal (a re-plan, a data problem, or an EAC that will move).
    stable_after
        Percent complete from which CPI is expected to be stable [%].

    Returns
    -------
    Signals
        The signals raised, red first.

    Raises
    ------
    ValidationError
        For thresholds that are not (amber, red) pairs in the right order, or a
        non-positive ``cpi_stability``.

    References
    ----------
    .. [1] D. S. Christensen and K. I. Payne, "Cost performance index stability: fact or
       fiction?", *Journal of Parametrics* 10(1), 1992, 27-40; D. S. Christensen and
       S. R. Heise, "Cost performance index stability", *National Contract Management
       Journal* 25, 1993, 7-15.
    .. [2] Project Management Institute, *Practice Standard for Earned Value Management*,
       2nd ed., 2011 (TCPI).

    Examples
    --------
    >>> from pmokit.monitoring import earned_value
    >>> r = earned_value([100, 200, 300, 400], [80, 150, 210], [90, 180, 260])
    >>> [(s.kind, s.severity) for s in evm_signals(r, project="Alpha")]
    [('cpi_below', 'red'), ('spi_t_below', 'red'), ('tcpi_above', 'red')]
    """
    p = Problems()
    if not isinstance(ev, EarnedValue):
        raise ValidationError(f"'ev' must be an EarnedValue (got a {type(ev).__name__})")
    cpi_t = _pair(cpi, "cpi", "below", p)
    spi_tt = _pair(spi_t, "spi_t", "below", p)
    tcpi_t = _pair(tcpi, "tcpi", "above", p)
    p.check_number(cpi_stability, "cpi_stability", minimum=0.0, strict_minimum=True)
    p.check_number(stable_after, "stable_after", minimum=0.0, maximum=100.0)
    p.raise_if_any()
    h = ev.history
    out: list[Signal] = []

    def below(values: FloatArray, pair: tuple[float, float], kind: SignalKind,
              measure: str) -> None:
        amber, red = pair
        now = float(values[-1])
        if not now < amber:  # nan never signals
            return
        idx = _trailing(values < amber)
        severity: Severity = "red" if now < red else "amber"
        thr = red if severity == "red" else amber
        out.append(Signal(
            project=project, kind=kind, measure=measure, threshold=thr,
            periods=tuple(int(h.period[k]) for k in idx),
            evidence=tuple(float(values[k]) for k in idx), severity=severity,
            message=f"{measure} is {now:.2f}, below {thr:.2f}, for the last {len(idx)} "
                    f"period(s)",
        ))

    below(h.cpi, cpi_t, "cpi_below", "CPI")
    below(h.spi_t, spi_tt, "spi_t_below", "SPI(t)")

    amber, red = tcpi_t
    now = float(h.tcpi_bac[-1])
    if now > amber:
        idx = _trailing(h.tcpi_bac > amber)
        severity: Severity = "red" if now > red else "amber"
        thr = red if severity == "red" else amber
        text = ("the budget is already spent" if math.isinf(now)
                else f"the remaining work needs a CPI of {now:.2f}")
        more = "; recovery to budget is unlikely" if severity == "red" else ""
        out.append(Signal(
            project=project, kind="tcpi_above", measure="TCPI (to BAC)", threshold=thr,
            periods=tuple(int(h.period[k]) for k in idx),
            evidence=tuple(float(h.tcpi_bac[k]) for k in idx), severity=severity,
            message=f"TCPI is above {thr:.2f}: {text}{more}",
        ))

    reached = np.nonzero(h.percent_complete >= stable_after)[0]
    if reached.size:
        k0 = int(reached[0])
        ref = float(h.cpi[k0])
        if math.isfinite(ref) and ref > 0:
            later = h.cpi[k0 + 1:]
            change = np.abs(later - ref) / ref
            bad = np.nonzero(change > cpi_stability)[0]
            if bad.size:
                ks = [k0 + 1 + int(b) for b in bad]
                worst = float(change[bad].max())
                out.append(Signal(
                    project=project, kind="cpi_unstable", measure="cumulative CPI",
                    threshold=cpi_stability,
                    periods=(int(h.period[k0]), *(int(h.period[k]) for k in ks)),
                    evidence=(ref, *(float(h.cpi[k]) for k in ks)), severity="amber",
                    message=f"cumulative CPI moved {100 * worst:.0f}% from {ref:.2f} after "
                            f"{stable_after:.0f}% complete (expected under "
                            f"{100 * cpi_stability:.0f}%): check the baseline and the data",
                ))
    return _collect(out)


# ---------------------------------------------------------------------------- float
class _HasTotalFloat(Protocol):
    """Anything with ``ids`` and aligned ``total_float`` (a scheduling ``Schedule``)."""

    @property
    def ids(self) -> Sequence[Hashable]: ...  # pragma: no cover

    @property
    def total_float(self) -> npt.ArrayLike: ...  # pragma: no cover


class _HasEarlyFinish(Protocol):
    """Anything with ``ids`` and aligned ``early_finish`` (a scheduling ``Schedule``)."""

    @property
    def ids(self) -> Sequence[Hashable]: ...  # pragma: no cover

    @property
    def early_finish(self) -> npt.ArrayLike: ...  # pragma: no cover


def float_snapshots(schedules: Sequence[_HasTotalFloat]) -> list[dict[str, float]]:
    """Total float per activity from schedule objects (anything with ``ids`` and
    ``total_float``, such as :class:`pmokit.scheduling.Schedule`), one dict per snapshot.

    Raises
    ------
    ValidationError
        If a schedule lacks ``ids`` or ``total_float``, or their lengths differ.
    """
    out: list[dict[str, float]] = []
    p = Problems()
    for k, s in enumerate(_items(schedules, "schedules", "schedules")):
        ids = getattr(s, "ids", None)
        tf = getattr(s, "total_float", None)
        if ids is None or tf is None:
            p.add(f"schedule {k + 1} must have 'ids' and 'total_float' (got a "
                  f"{type(s).__name__})")
            continue
        values = np.asarray(tf, dtype=np.float64)
        if values.shape != (len(ids),):
            p.add(f"schedule {k + 1} has {len(ids)} ids but {values.size} float values")
            continue
        out.append({str(i): float(v) for i, v in zip(ids, values, strict=True)})
    p.raise_if_any()
    return out


def milestone_snapshots(
    schedules: Sequence[_HasEarlyFinish],
    milestones: Sequence[str],
    *,
    calendar: WorkCalendar,
    start: dt.date,
) -> list[dict[str, dt.date]]:
    """Forecast dates of milestones from schedule objects, one dict per snapshot.

    Works on anything with ``ids`` and ``early_finish`` (such as
    :class:`pmokit.scheduling.Schedule`); the finish offset [working days from ``start``]
    becomes a date with :meth:`~pmokit.calendar.WorkCalendar.finish_date`. Milestones not in
    a schedule are left out of that snapshot.

    Raises
    ------
    ValidationError
        If a schedule lacks ``ids`` or ``early_finish``, a milestone id is empty or not
        an id, ``calendar`` is not a WorkCalendar.
    DuplicateError
        If a milestone is named twice.

    Examples
    --------
    >>> import datetime as dt
    >>> from pmokit.calendar import WorkCalendar
    >>> from pmokit.scheduling import Activity, Dependency, Network, schedule
    >>> link = [Dependency("Build", "Live")]
    >>> a = schedule(Network([Activity("Build", 5), Activity("Live", 0)], link))
    >>> b = schedule(Network([Activity("Build", 8), Activity("Live", 0)], link))
    >>> milestone_snapshots([a, b], ["Live"], calendar=WorkCalendar(), start=dt.date(2026, 3, 2))
    [{'Live': datetime.date(2026, 3, 6)}, {'Live': datetime.date(2026, 3, 11)}]
    """
    p = Problems()
    origin = as_date(start, "start")
    check_ids(_items(milestones, "milestones", "milestone ids"), "milestones")
    if not isinstance(calendar, WorkCalendar):
        raise ValidationError(
            f"'calendar' must be a WorkCalendar (got a {type(calendar).__name__})"
        )
    out: list[dict[str, dt.date]] = []
    for k, s in enumerate(_items(schedules, "schedules", "schedules")):
        ids = getattr(s, "ids", None)
        ef = getattr(s, "early_finish", None)
        if ids is None or ef is None:
            p.add(f"schedule {k + 1} must have 'ids' and 'early_finish' (got a "
                  f"{type(s).__name__})")
            continue
        index = {str(i): n for n, i in enumerate(ids)}
        out.append({
            m: calendar.finish_date(origin, float(ef[index[m]]))
            for m in milestones
            if m in index
        })
    p.raise_if_any()
    return out


def _labels(labels: Sequence[object] | None, n: int, problems: Problems) -> list[str]:
    if labels is None:
        return [f"snapshot {k + 1}" for k in range(n)]
    if len(labels) != n:
        problems.add(f"'labels' must name every snapshot (got {len(labels)} for {n})")
    for k, x in enumerate(labels):
        if (label_problem := check_id(x, f"labels[{k}]")) is not None:
            problems.add(label_problem)
    return [str(x) for x in labels]


def float_erosion_signals(
    snapshots: Sequence[Mapping[str, float]],
    *,
    project: str = "",
    erosion: float = 5.0,
    items: Sequence[str] | None = None,
) -> Signals:
    """Total-float erosion and negative float across schedule snapshots.

    Parameters
    ----------
    snapshots
        One mapping per status date, in time order: activity (or path) id -> total float
        [working days]. Ids may come and go; each is compared from its first to its last
        appearance.
    project
        Project name to put on the signals.
    erosion
        Loss of float from the first snapshot that gives an amber ``float_erosion``
        signal [working days].
    items
        Watch only these ids (for example the near-critical activities); default all.

    Returns
    -------
    Signals
        ``negative_float`` (red) where the latest float is below zero, otherwise
        ``float_erosion`` (amber) where float fell by at least ``erosion``. Periods are the
        snapshots where the float fell; the evidence is the float at every snapshot in
        which the item appears. The message projects when float reaches zero at the
        average erosion rate.

    Raises
    ------
    ValidationError
        Naming the snapshot and id for a value that is not a finite number, an empty or
        invalid id, or for a negative ``erosion``.
    UnknownReferenceError
        If ``items`` names an id that no snapshot holds.

    Examples
    --------
    >>> snaps = [{"A": 10, "B": 3}, {"A": 7, "B": 3}, {"A": 4, "B": -1}]
    >>> [(s.item, s.kind, s.severity) for s in float_erosion_signals(snaps, project="X")]
    [('B', 'negative_float', 'red'), ('A', 'float_erosion', 'amber')]
    """
    p = Problems()
    p.check_number(erosion, "erosion", minimum=0.0)
    snapshots = _items(snapshots, "snapshots", "mappings of id -> total float")
    ids: dict[str, None] = {}
    for k, snap in enumerate(snapshots):
        if not isinstance(snap, Mapping):
            p.add(f"snapshot {k + 1} must be a mapping of id -> total float (got a "
                  f"{type(snap).__name__})")
            continue
        for key, v in snap.items():
            bad_id = check_id(key, f"id in snapshot {k + 1}")
            if bad_id is not None:
                p.add(bad_id)
                continue
            p.check_number(v, f"total float of '{key}' in snapshot {k + 1}")
            ids.setdefault(str(key), None)
    if items is not None and (isinstance(items, str) or not isinstance(items, Iterable)):
        p.add(f"'items' must be a sequence of ids (got {items!r:.60}); use [{items!r:.60}]")
    p.raise_if_any()
    if items is not None:
        items = check_ids(items, "items")  # type: ignore[assignment]
        check_known([str(i) for i in items], ids, "items", "id")
    watch = list(ids) if items is None else [str(i) for i in items]
    n = len(snapshots)
    mat = np.full((len(watch), n), np.nan)
    col = {i: r for r, i in enumerate(watch)}
    for k, snap in enumerate(snapshots):
        for key, v in snap.items():
            r = col.get(str(key))
            if r is not None:
                mat[r, k] = float(v)
    out: list[Signal] = []
    for r, item in enumerate(watch):
        present = np.nonzero(~np.isnan(mat[r]))[0]
        if present.size == 0:
            continue
        series = mat[r, present]
        first, last = float(series[0]), float(series[-1])
        drops = [int(present[j]) + 1 for j in range(1, present.size)
                 if series[j] < series[j - 1]]
        lost = first - last
        if last < 0:
            kind: SignalKind = "negative_float"
            severity: Severity = "red"
            thr = 0.0
            msg = f"total float of {item} is {last:g} working days (negative)"
        elif lost >= erosion and lost > 0:
            kind, severity, thr = "float_erosion", "amber", float(erosion)
            span = int(present[-1] - present[0])
            rate = lost / span if span else lost
            msg = (f"total float of {item} fell from {first:g} to {last:g} working days; at "
                   f"{rate:.2g} per snapshot it reaches zero in about {last / rate:.1f} "
                   "snapshot(s)")
        else:
            continue
        out.append(Signal(project=project, kind=kind, measure="total float [working days]",
                          threshold=thr, periods=tuple(drops),
                          evidence=tuple(float(x) for x in series), severity=severity,
                          item=item, message=msg))
    return _collect(out)


# ---------------------------------------------------------------------------- milestones
@display()
@attrs.frozen(eq=False)  # holds numpy arrays: ComparesValues gives ==
class MilestoneTrend(PicklesReadOnly, ComparesValues):
    """Milestone trend analysis (MTA) data: forecast dates of milestones across reports.

    Attributes
    ----------
    milestones
        Milestone ids (rows).
    labels
        Report labels (columns).
    forecast
        Forecast date per milestone and report (``None`` where not reported).
    slip
        Slip against the first forecast of each milestone per report, ``nan`` where not
        reported [days: working days with a calendar, else calendar days].
    unit
        ``"working days"`` or ``"calendar days"``.
    """

    milestones: tuple[str, ...]
    labels: tuple[str, ...]
    forecast: tuple[tuple[dt.date | None, ...], ...]
    slip: FloatArray
    unit: str

    def to_records(self) -> list[Record]:
        """One dict per milestone and report."""
        return [
            {"milestone": m, "report": lab, "forecast": self.forecast[r][c],
             "slip": float(self.slip[r, c])}
            for r, m in enumerate(self.milestones)
            for c, lab in enumerate(self.labels)
        ]

    def to_frame(self) -> Any:
        """The trend as a long pandas DataFrame (needs pandas)."""
        return records_to_frame(self.to_records())


def milestone_trend(
    snapshots: Sequence[Mapping[str, dt.date]],
    *,
    labels: Sequence[object] | None = None,
    calendar: WorkCalendar | None = None,
) -> MilestoneTrend:
    """Milestone trend analysis: each milestone's forecast date in each report and its
    slip against its first forecast.

    Parameters
    ----------
    snapshots
        One mapping per report, in time order: milestone id -> forecast date.
    labels
        Report labels (default ``"snapshot 1"``, ...), for example the status dates.
    calendar
        Count slips in working days on this calendar; default calendar days.

    Returns
    -------
    MilestoneTrend

    Raises
    ------
    ValidationError
        Naming the report and milestone for a value that is not a date, or an empty or
        invalid milestone id; for a ``calendar`` that is not a WorkCalendar.

    Examples
    --------
    >>> import datetime as dt
    >>> t = milestone_trend([{"M1": dt.date(2026, 6, 1)}, {"M1": dt.date(2026, 6, 15)}])
    >>> t.slip.tolist()
    [[0.0, 14.0]]
    """
    p = Problems()
    if calendar is not None and not isinstance(calendar, WorkCalendar):
        p.add(f"'calendar' must be a WorkCalendar (got a {type(calendar).__name__})")
    snapshots = _items(snapshots, "snapshots", "mappings of milestone -> date")
    if labels is not None:
        labels = _items(labels, "labels", "report labels")
    lab = _labels(labels, len(snapshots), p)
    ids: dict[str, None] = {}
    parsed: list[dict[str, dt.date]] = []
    for k, snap in enumerate(snapshots):
        if not isinstance(snap, Mapping):
            p.add(f"snapshot {k + 1} must be a mapping of milestone -> date (got a "
                  f"{type(snap).__name__})")
            parsed.append({})
            continue
        row: dict[str, dt.date] = {}
        for key, v in snap.items():
            bad_id = check_id(key, f"milestone id in snapshot {k + 1}")
            if bad_id is not None:
                p.add(bad_id)
                continue
            try:
                row[str(key)] = as_date(v, f"forecast of milestone '{key}' in snapshot {k + 1}")
            except ValidationError as exc:
                p.extend(exc.problems)
            ids.setdefault(str(key), None)
        parsed.append(row)
    p.raise_if_any()
    names = tuple(ids)
    forecast = tuple(tuple(row.get(m) for row in parsed) for m in names)
    slip = np.full((len(names), len(parsed)), np.nan)
    for r, fc in enumerate(forecast):
        base = next((d for d in fc if d is not None), None)
        if base is None:
            continue
        for c, d in enumerate(fc):
            if d is None:
                continue
            if calendar is not None:
                slip[r, c] = calendar.working_days_between(base, d)
            else:
                slip[r, c] = (d - base).days
    slip.setflags(write=False)
    return MilestoneTrend(milestones=names, labels=tuple(lab), forecast=forecast, slip=slip,
                          unit="working days" if calendar is not None else "calendar days")


def milestone_slippage_signals(
    snapshots: Sequence[Mapping[str, dt.date]] | MilestoneTrend,
    *,
    project: str = "",
    amber_after: float = 0.0,
    red_after: float = 10.0,
    consecutive: int = 3,
    calendar: WorkCalendar | None = None,
) -> Signals:
    """Milestone slippage across reports (milestone trend analysis).

    A milestone whose latest forecast is later than its first forecast by more than
    ``amber_after`` gets an amber ``milestone_slip`` signal; by more than ``red_after``,
    or slipping in each of the last ``consecutive`` reports (a trend that has not been
    brought under control), a red one.

    Parameters
    ----------
    snapshots
        One mapping per report (milestone id -> forecast date), or a
        :class:`MilestoneTrend`.
    project
        Project name for the signals.
    amber_after, red_after
        Slip thresholds [days, as counted by the trend].
    consecutive
        Number of successive slipping reports that makes a slip red (>= 2).
    calendar
        Count slips in working days (ignored when a trend is given).

    Returns
    -------
    Signals
        Periods are the reports in which the forecast moved later; the evidence is the
        slip at every report.

    Raises
    ------
    ValidationError
        For bad snapshots (see :func:`milestone_trend`) or thresholds.

    Examples
    --------
    >>> import datetime as dt
    >>> snaps = [{"Go-live": dt.date(2026, 9, 1)}, {"Go-live": dt.date(2026, 9, 8)}]
    >>> s = milestone_slippage_signals(snaps, project="X")
    >>> s[0].severity, s[0].evidence
    ('amber', (0.0, 7.0))
    """
    p = Problems()
    p.check_number(amber_after, "amber_after", minimum=0.0)
    p.check_number(red_after, "red_after", minimum=0.0)
    if isinstance(consecutive, bool) or not isinstance(consecutive, int) or consecutive < 2:
        p.add(f"'consecutive' must be an integer >= 2 (got {consecutive!r})")
    if not p and red_after < amber_after:
        p.add(f"'red_after' must be >= 'amber_after' (got {red_after} and {amber_after})")
    p.raise_if_any()
    trend = snapshots if isinstance(snapshots, MilestoneTrend) else milestone_trend(
        snapshots, calendar=calendar)
    out: list[Signal] = []
    for r, m in enumerate(trend.milestones):
        row = trend.slip[r]
        cols = np.nonzero(~np.isnan(row))[0]
        if cols.size == 0:
            continue
        series = row[cols]
        now = float(series[-1])
        if not now > amber_after:
            continue
        moved = [j for j in range(1, series.size) if series[j] > series[j - 1]]
        streak = 0
        for j in range(series.size - 1, 0, -1):
            if series[j] > series[j - 1]:
                streak += 1
            else:
                break
        severity: Severity = "red" if now > red_after or streak >= consecutive else "amber"
        thr = float(red_after if now > red_after else amber_after)
        why = f", slipping in each of the last {streak} reports" if streak >= 2 else ""
        out.append(Signal(
            project=project, kind="milestone_slip", measure=f"milestone slip [{trend.unit}]",
            threshold=thr, periods=tuple(int(cols[j]) + 1 for j in moved),
            evidence=tuple(float(x) for x in series), severity=severity, item=m,
            message=f"{m} has slipped {now:g} {trend.unit} since its first forecast{why}",
        ))
    return _collect(out)


# ---------------------------------------------------------------------------- risk exposure
def risk_exposure_signals(
    exposure: Sequence[float] | npt.ArrayLike,
    *,
    project: str = "",
    growth: float = 0.10,
    consecutive: int = 3,
) -> Signals:
    """Growing risk exposure across reports (for example total EMV per month).

    Parameters
    ----------
    exposure
        Risk exposure at each report, in time order [currency].
    project
        Project name for the signal.
    growth
        Relative growth over the first report that gives an amber signal (0.10 = 10 %).
    consecutive
        Growth in each of the last ``consecutive`` reports, together with growth above
        ``growth``, makes the signal red.

    Returns
    -------
    Signals
        At most one ``risk_exposure_growth`` signal; periods are the reports in which the
        exposure rose.

    Raises
    ------
    ValidationError
        Naming the report for a negative or non-finite exposure, or for bad thresholds.

    Examples
    --------
    >>> s = risk_exposure_signals([100, 120, 150, 190], project="X")
    >>> s[0].severity, s[0].periods
    ('red', (2, 3, 4))
    """
    p = Problems()
    p.check_number(growth, "growth", minimum=0.0)
    if isinstance(consecutive, bool) or not isinstance(consecutive, int) or consecutive < 1:
        p.add(f"'consecutive' must be an integer >= 1 (got {consecutive!r})")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # ComplexWarning: refused just below
            values = np.array(exposure, dtype=np.float64)
    except (TypeError, ValueError):
        p.add(f"'exposure' must be a sequence of numbers (got {exposure!r})")
        values = np.zeros(0)
    else:
        kind = number_kind_problem(exposure, "exposure")
        if kind is not None:  # datetime64 day counts, bools, "3" ...
            p.add(kind)
            values = np.zeros(0)
    if values.ndim != 1:
        p.add(f"'exposure' must be 1-dimensional (got shape {values.shape})")
        values = np.zeros(0)
    for k, v in enumerate(values):
        p.check_number(float(v), f"exposure at report {k + 1}", minimum=0.0)
    p.raise_if_any()
    if values.size < 2:
        return Signals(())
    first, now = float(values[0]), float(values[-1])
    rel = (now - first) / first if first > 0 else (math.inf if now > 0 else 0.0)
    if not rel > growth:
        return _collect([])
    rises = np.diff(values) > 0
    streak = len(_trailing(rises))
    severity: Severity = "red" if streak >= consecutive else "amber"
    pct = "from zero" if math.isinf(rel) else f"by {100 * rel:.0f}%"
    return _collect([Signal(
        project=project, kind="risk_exposure_growth", measure="risk exposure [currency]",
        threshold=float(growth), periods=tuple(int(k) + 2 for k in np.nonzero(rises)[0]),
        evidence=tuple(float(v) for v in values), severity=severity,
        message=f"risk exposure grew {pct} since the first report, rising in the last "
                f"{streak} report(s)",
    )])
