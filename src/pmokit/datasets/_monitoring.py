"""Monitoring sample data built from the sample PMO (deterministic).

Monthly planned, earned and actual values of the active projects from January 2026 to the
status date (30 June 2026), a risk register with a 5 x 5 probability-impact matrix, the
monthly risk exposure, total float per activity at three monthly schedule snapshots (the
sample network rescheduled with the delays reported each month) and go-live forecasts at
each monthly report (for milestone trend analysis).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs
import numpy as np
import numpy.typing as npt

from pmokit.calendar import period_starts
from pmokit.datasets._sample import SamplePMO
from pmokit.monitoring import ProbabilityImpactMatrix, Risk, RiskStatus, float_snapshots
from pmokit.scheduling import Network, schedule

__all__ = ["MonitoringSample", "monitoring_sample"]


@attrs.frozen(eq=False)
class MonitoringSample:
    """Monitoring data of the sample PMO.

    Attributes
    ----------
    start
        First day of the common monthly period grid (1 January 2026).
    months
        First day of every month of the grid, up to the last planned finish.
    projects
        Ids of the active projects, in sample order.
    planned
        Cumulative planned value per project and month over its plan [currency, GBP]
        (leading zeros before its start; the plan ends in the month of its finish).
    earned, actual
        Cumulative earned value and actual cost per project for the reported months
        (January to June 2026) [currency, GBP].
    risks
        The risk register of the active projects.
    matrix
        The 5 x 5 probability-impact matrix used for the sample.
    exposure
        Total EMV of each project's open risks at the April, May and June reports
        [currency, GBP].
    report_dates
        The three monthly report dates (30 April, 31 May, 30 June 2026).
    float_snapshots
        Total float per activity [working days] at each report, from the sample network
        rescheduled with the delays known at that report.
    milestone_forecasts
        Forecast date of each project's go-live milestone (``"P01-GO"`` ...) at each report.
    """

    start: dt.date
    months: tuple[dt.date, ...]
    projects: tuple[str, ...]
    planned: Mapping[str, tuple[float, ...]]
    earned: Mapping[str, tuple[float, ...]]
    actual: Mapping[str, tuple[float, ...]]
    risks: tuple[Risk, ...]
    matrix: ProbabilityImpactMatrix
    exposure: Mapping[str, tuple[float, ...]]
    report_dates: tuple[dt.date, ...]
    float_snapshots: tuple[Mapping[str, float], ...]
    milestone_forecasts: tuple[Mapping[str, dt.date], ...]


# schedule factor (earned time / elapsed time) and monthly cost efficiency (EV / AC per
# month) of each active project: a mix of healthy, drifting and failing projects
_PERFORMANCE: dict[str, tuple[float, tuple[float, ...]]] = {
    "P01": (1.02, (1.02, 1.01, 1.00, 1.01, 1.02, 1.00)),
    "P02": (0.97, (0.98, 0.97, 0.98, 0.96, 0.97, 0.97)),
    "P03": (0.84, (0.95, 0.93, 0.90, 0.88, 0.87, 0.86)),
    "P05": (0.93, (1.00, 1.00, 0.92, 0.80, 0.74, 0.70)),  # CPI collapses after 20 %
    "P06": (0.80, (1.00, 1.00, 0.96, 0.95, 0.94, 0.95)),
    "P07": (1.00, (1.00, 1.00, 1.00, 1.06, 1.04, 1.05)),
    "P08": (0.95, (0.94, 0.93, 0.93, 0.92, 0.92, 0.93)),
    "P09": (0.90, (1.00, 1.00, 0.99, 1.01, 1.00, 0.99)),
    "P10": (1.00, (1.00, 1.00, 0.97, 0.97, 0.96, 0.97)),
    "P11": (1.04, (1.01, 1.00, 1.00, 1.02, 1.01, 1.00)),
}

# project, risk id, probability, cost impact, schedule impact [working days], owner,
# response, (low, high) or None, status
_RISKS: tuple[
    tuple[str, str, float, float, float, str, str, tuple[float, float] | None, RiskStatus], ...
] = (
    ("P01", "R01", 0.30, 40_000, 10, "Ben Walker", "mitigate", None, "open"),
    ("P01", "R02", 0.10, 15_000, 0, "Leo Santos", "accept", None, "open"),
    ("P02", "R03", 0.50, 60_000, 15, "Leo Santos", "mitigate", (30_000, 120_000), "open"),
    ("P03", "R04", 0.70, 180_000, 30, "Hugo Martin", "mitigate", (100_000, 350_000), "open"),
    ("P03", "R05", 0.40, 90_000, 20, "Olivia Price", "transfer", None, "open"),
    ("P05", "R06", 0.60, 250_000, 25, "Amira Khan", "mitigate", (150_000, 500_000), "open"),
    ("P05", "R07", 0.20, 45_000, 5, "Rosa Diaz", "accept", None, "open"),
    ("P06", "R08", 0.80, 300_000, 45, "Tara Singh", "avoid", (200_000, 600_000), "open"),
    ("P06", "R09", 0.25, 70_000, 10, "Isla Reid", "mitigate", None, "open"),
    ("P07", "R10", 0.15, 20_000, 5, "Quinn Baker", "accept", None, "open"),
    ("P08", "R11", 0.45, 110_000, 15, "Pavel Ivanov", "mitigate", None, "open"),
    ("P09", "R12", 0.35, 80_000, 20, "Vera Kowalski", "mitigate", None, "open"),
    ("P09", "R13", 0.90, 25_000, 0, "Dev Patel", "accept", None, "occurred"),
    ("P10", "R14", 0.30, 150_000, 30, "Grace Liu", "mitigate", (80_000, 260_000), "open"),
    ("P11", "R15", 0.20, 35_000, 10, "Will Carter", "accept", None, "open"),
    ("P11", "R16", 0.50, 20_000, 5, "Chloe Evans", "mitigate", None, "closed"),
)

# growth of each project's exposure over the three reports (oldest first)
_EXPOSURE_TREND = {
    "P03": (0.70, 0.85, 1.0), "P05": (0.80, 0.90, 1.0), "P06": (0.60, 0.80, 1.0),
    "P08": (1.05, 1.0, 1.0),
}

# extra working days reported on activities at the May and June reports
_DELAYS = (
    {"P06-DATA": 10, "P03-DATA": 5, "P05-BLD": 5},
    {"P06-DATA": 25, "P03-DATA": 15, "P05-BLD": 20, "P09-TST": 10},
)


def _smoothstep(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    y: npt.NDArray[np.float64] = np.clip(x, 0.0, 1.0)
    return y * y * (3.0 - 2.0 * y)


def monitoring_sample(pmo: SamplePMO) -> MonitoringSample:
    """Build the monitoring sample data of the sample PMO.

    Returns
    -------
    MonitoringSample
        Deterministic: the same every call.

    Examples
    --------
    >>> from pmokit.datasets import sample_pmo
    >>> m = monitoring_sample(sample_pmo())
    >>> m.projects[:3], len(m.earned["P01"])
    (('P01', 'P02', 'P03'), 6)
    """
    start = dt.date(2026, 1, 1)
    active = [p for p in pmo.projects if p.status == "active" and p.id in _PERFORMANCE]
    last = max(p.planned_finish for p in active)
    months = period_starts(start, last + dt.timedelta(days=1), "M")
    # month ends as day ordinals (exclusive), for time fractions
    month_end = np.array(
        [np.datetime64(m, "M") + 1 for m in months.astype("datetime64[M]")],
        dtype="datetime64[M]",
    ).astype("datetime64[D]").astype(np.int64)
    status_months = 6  # January to June 2026
    planned: dict[str, tuple[float, ...]] = {}
    earned: dict[str, tuple[float, ...]] = {}
    actual: dict[str, tuple[float, ...]] = {}
    for p in active:
        s = np.datetime64(p.start, "D").astype(np.int64)
        f = np.datetime64(p.planned_finish + dt.timedelta(days=1), "D").astype(np.int64)
        frac = (month_end - s) / float(f - s)
        n_plan = int(np.searchsorted(month_end, f, side="left")) + 1
        pv = np.round(p.budget * _smoothstep(frac[:n_plan]), 2)
        pv[-1] = p.budget
        planned[p.id] = tuple(float(v) for v in pv)
        speed, cost_eff = _PERFORMANCE[p.id]
        ev = np.round(p.budget * _smoothstep(frac[:status_months] * speed), 2)
        ev = np.minimum(ev, p.budget)
        ev_month = np.diff(ev, prepend=0.0)
        ac = np.round(np.cumsum(ev_month / np.array(cost_eff)), 2)
        earned[p.id] = tuple(float(v) for v in ev)
        actual[p.id] = tuple(float(v) for v in ac)

    risks = tuple(
        Risk(rid, prob, cost, sched, owner=owner, response=resp, status=status, project=proj,
             cost_low=None if rng is None else rng[0],
             cost_high=None if rng is None else rng[1])
        for proj, rid, prob, cost, sched, owner, resp, rng, status in _RISKS
    )
    matrix = ProbabilityImpactMatrix.five_by_five(
        cost_edges=(10_000, 50_000, 150_000, 400_000), schedule_edges=(5, 10, 20, 40)
    )
    exposure: dict[str, tuple[float, ...]] = {}
    for p in active:
        now = sum(r.emv for r in risks if r.project == p.id and r.status == "open")
        trend = _EXPOSURE_TREND.get(p.id, (1.0, 1.0, 1.0))
        exposure[p.id] = tuple(round(now * t, 2) for t in trend)

    report_dates = (dt.date(2026, 4, 30), dt.date(2026, 5, 31), dt.date(2026, 6, 30))
    schedules = [schedule(pmo.network)]
    for delays in _DELAYS:
        acts = [
            attrs.evolve(a, duration=a.duration + delays[a.id]) if a.id in delays else a
            for a in pmo.network.activities
        ]
        schedules.append(schedule(Network(acts, pmo.network.dependencies)))
    floats = tuple(float_snapshots(schedules))
    # the sample network starts every project at t = 0: offsets count from its start date
    forecasts = tuple(
        {
            f"{p.id}-GO": pmo.calendar.finish_date(
                p.start, float(s.early_finish[s.ids.index(f"{p.id}-GO")])
            )
            for p in active
            if f"{p.id}-GO" in s.ids
        }
        for s in schedules
    )
    return MonitoringSample(
        start=start,
        months=tuple(m.astype(dt.date) for m in months),
        projects=tuple(p.id for p in active),
        planned=planned,
        earned=earned,
        actual=actual,
        risks=risks,
        matrix=matrix,
        exposure=exposure,
        report_dates=report_dates,
        float_snapshots=floats,
        milestone_forecasts=forecasts,
    )
