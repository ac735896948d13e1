"""Flow signals: agile flow metrics as early-warning signals that RAG status rolls up.

Three sources, each from :mod:`pmokit.agile`: work items older than the cycle-time
percentiles (aging work in progress), a cycle-time percentile above the service level
expectation, and a falling throughput trend. They are :class:`Signal` objects like the
earned-value and schedule signals, so :func:`rag_status` counts them with the others.
"""

from __future__ import annotations

from typing import Any, Literal, cast

from pmokit._validation import Problems, as_percentiles, number_kind_problem
from pmokit.errors import ValidationError
from pmokit.monitoring._signals import Severity, Signal, SignalKind, Signals

__all__ = [
    "FlowSignalKind",
    "aging_wip_signals",
    "cycle_time_signals",
    "throughput_trend_signals",
]

FlowSignalKind = Literal["aging_wip", "cycle_time_above", "throughput_decline"]
"""The kinds of flow signal (besides :data:`SignalKind`)."""


def _signals(items: list[Signal]) -> Signals:
    # adding to an empty collection orders the signals as every Signals is ordered
    return Signals(()) + Signals(tuple(items))


def _kind(kind: FlowSignalKind) -> SignalKind:
    return cast(SignalKind, kind)


def aging_wip_signals(
    ages: Any,
    *,
    project: str = "",
    amber: float = 85,
    red: float = 95,
) -> Signals:
    """Items in progress older than the cycle-time percentiles (aging WIP).

    Parameters
    ----------
    ages
        :class:`pmokit.agile.WorkItemAges`.
    project
        Project name for the signals.
    amber, red
        Percentiles [%]: an item older than the P``amber`` cycle time is amber, older than
        the P``red`` one red (``amber <= red``).

    Returns
    -------
    Signals
        One ``aging_wip`` signal per item (item = its id); the evidence is its age and the
        threshold it passed.

    Raises
    ------
    ValidationError
        Not a WorkItemAges, or percentiles out of order.

    Examples
    --------
    >>> import datetime as dt
    >>> import numpy as np
    >>> from pmokit.agile import CycleTimes, aging_wip
    >>> ct = CycleTimes(ids=tuple(range(10)), days=np.array([2.0, 3, 3, 4, 5, 5, 6, 8, 10, 15]))
    >>> w = aging_wip([dt.date(2026, 6, 1), dt.date(2026, 6, 20)], dt.date(2026, 6, 30), ct,
    ...               ids=["X-1", "X-2"])
    >>> [(s.item, s.severity) for s in aging_wip_signals(w, project="P13")]
    [('X-1', 'red'), ('X-2', 'amber')]
    """
    from pmokit.agile import WorkItemAges

    if not isinstance(ages, WorkItemAges):
        raise ValidationError(f"'ages' must be WorkItemAges (got a {type(ages).__name__})")
    a = float(as_percentiles(amber, "amber"))
    r = float(as_percentiles(red, "red"))
    if r < a:
        raise ValidationError(f"'red' must be >= 'amber' (got red {red}, amber {amber})")
    amber_days = float(ages.cycle_times.percentile(a, check_units=False))
    red_days = float(ages.cycle_times.percentile(r, check_units=False))
    unit = ages.cycle_times.unit
    out: list[Signal] = []
    for i, age in zip(ages.ids, ages.age.tolist(), strict=True):
        if age > red_days:
            sev: Severity = "red"
            thr, pc = red_days, r
        elif age > amber_days:
            sev, thr, pc = "amber", amber_days, a
        else:
            continue
        out.append(Signal(
            project=project, kind=_kind("aging_wip"), measure=f"work item age [{unit}]",
            threshold=thr, periods=(), evidence=(age,), severity=sev, item=str(i),
            message=f"{i} is {age:g} {unit} old, older than {pc:g}% of finished items "
                    f"(P{pc:g} cycle time {thr:g})",
        ))
    return _signals(out)


def cycle_time_signals(
    cycle_times: Any,
    *,
    target: tuple[float, float],
    percentile: float = 85,
    project: str = "",
) -> Signals:
    """The P``percentile`` cycle time against a service level expectation.

    Parameters
    ----------
    cycle_times
        :class:`pmokit.agile.CycleTimes` (for example of the last few weeks' items).
    target
        ``(amber, red)`` [days, in the cycle times' unit]: a P``percentile`` above
        ``amber`` is amber, above ``red`` red.
    percentile
        The percentile of the expectation [%] ("85% of items within 10 days").
    project
        Project name for the signal.

    Returns
    -------
    Signals
        At most one ``cycle_time_above`` signal.

    Raises
    ------
    ValidationError
        Not CycleTimes, or a target that is not an (amber, red) pair with red >= amber.

    Examples
    --------
    >>> import numpy as np
    >>> from pmokit.agile import CycleTimes
    >>> ct = CycleTimes(ids=tuple(range(10)), days=np.array([2.0, 3, 3, 4, 5, 5, 6, 8, 12, 15]))
    >>> s = cycle_time_signals(ct, target=(10, 14), project="P13")
    >>> s[0].severity, s[0].evidence
    ('amber', (12.0,))
    """
    from pmokit.agile import CycleTimes

    if not isinstance(cycle_times, CycleTimes):
        raise ValidationError(
            f"'cycle_times' must be CycleTimes (got a {type(cycle_times).__name__})"
        )
    p = Problems()
    if (kind := number_kind_problem(target, "target")) is not None:
        raise ValidationError(kind)
    try:
        amber, red = (float(v) for v in target)
    except (TypeError, ValueError):
        raise ValidationError(
            f"'target' must be a pair (amber, red) of days (got {target!r})"
        ) from None
    p.check_number(amber, "target amber", minimum=0.0)
    p.check_number(red, "target red", minimum=0.0)
    if not p and red < amber:
        p.add(f"'target' red must be >= amber (got {target!r})")
    p.raise_if_any()
    pc = float(as_percentiles(percentile, "percentile"))
    value = float(cycle_times.percentile(pc, check_units=False))
    if not value > amber:
        return _signals([])
    sev: Severity = "red" if value > red else "amber"
    thr = red if sev == "red" else amber
    unit = cycle_times.unit
    return _signals([Signal(
        project=project, kind=_kind("cycle_time_above"),
        measure=f"P{pc:g} cycle time [{unit}]", threshold=thr, periods=(),
        evidence=(value,), severity=sev,
        message=f"P{pc:g} cycle time is {value:g} {unit}, above the expectation of {thr:g}",
    )])


def throughput_trend_signals(
    trend: Any,
    *,
    decline: tuple[float, float] = (0.10, 0.25),
    project: str = "",
) -> Signals:
    """A falling throughput trend.

    Parameters
    ----------
    trend
        :class:`pmokit.agile.ThroughputTrend`.
    decline
        ``(amber, red)`` fitted declines across the window relative to the mean
        throughput (0.10 = 10%).
    project
        Project name for the signal.

    Returns
    -------
    Signals
        At most one ``throughput_decline`` signal; periods are the window's (1-based
        within the window), the evidence its throughput.

    Raises
    ------
    ValidationError
        Not a ThroughputTrend, or declines out of order or negative.

    Examples
    --------
    >>> from pmokit.agile import throughput_trend
    >>> s = throughput_trend_signals(throughput_trend([6, 5, 6, 4, 4, 3]), project="P13")
    >>> s[0].severity, round(s[0].evidence[-1], 1)
    ('red', 3.0)
    """
    from pmokit.agile import ThroughputTrend

    if not isinstance(trend, ThroughputTrend):
        raise ValidationError(f"'trend' must be a ThroughputTrend (got a {type(trend).__name__})")
    p = Problems()
    if (kind := number_kind_problem(decline, "decline")) is not None:
        raise ValidationError(kind)
    try:
        amber, red = (float(v) for v in decline)
    except (TypeError, ValueError):
        raise ValidationError(
            f"'decline' must be a pair (amber, red) of fractions (got {decline!r})"
        ) from None
    p.check_number(amber, "decline amber", minimum=0.0)
    p.check_number(red, "decline red", minimum=0.0)
    if not p and red < amber:
        p.add(f"'decline' red must be >= amber (got {decline!r})")
    p.raise_if_any()
    fall = -trend.change
    if not fall > amber:
        return _signals([])
    sev: Severity = "red" if fall > red else "amber"
    thr = red if sev == "red" else amber
    return _signals([Signal(
        project=project, kind=_kind("throughput_decline"),
        measure="throughput change over the window [fraction of the mean]", threshold=thr,
        periods=tuple(range(1, trend.window + 1)),
        evidence=tuple(float(v) for v in trend.values), severity=sev,
        message=f"throughput fell by {100 * fall:.0f}% of its mean over the last "
                f"{trend.window} periods (mean {trend.mean:.1f} per period)",
    )])
