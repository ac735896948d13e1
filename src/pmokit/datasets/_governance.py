"""Governance sample data built from the sample PMO (deterministic).

Tailoring profiles, two monthly compliance audits, gate evidence, health indicators, a
maturity questionnaire's answers and the progress data (baseline, actuals, status date)
that the DCMA assessment of the sample network needs.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import attrs
import numpy as np

from pmokit._deprecation import warn_renamed
from pmokit._random import as_generator
from pmokit._results import FrozenDict, frozen_dict
from pmokit.datasets._sample import SamplePMO, _str_floats, _str_strs
from pmokit.governance import (
    AuditRecord,
    DeliverableStatus,
    GateEvidence,
    Methodology,
    ProjectProfile,
    Questionnaire,
    assign_tiers,
    dcma_assessment,
)
from pmokit.scheduling import schedule

__all__ = ["GovernanceSample", "governance_sample"]


def _methodologies(value: Mapping[str, Methodology]) -> FrozenDict:
    return frozen_dict(value)


def _gates(value: Mapping[str, tuple[str, GateEvidence]]) -> FrozenDict:
    return frozen_dict(value)


def _frozen_health(value: Mapping[str, Mapping[str, float]]) -> FrozenDict:
    return FrozenDict({k: frozen_dict(v) for k, v in value.items()})


@attrs.frozen(eq=False)
class GovernanceSample:
    """Governance data of the sample PMO.

    Attributes
    ----------
    methodologies
        Methodology name used by the sample projects (``"waterfall"``, ``"agile"``,
        ``"hybrid"``) -> the built-in :class:`~pmokit.governance.Methodology`.
    profiles
        A :class:`~pmokit.governance.ProjectProfile` per project (strategic importance is
        the best strategic-fit score halved and rounded up).
    tiers
        Project id -> tier under :meth:`TailoringPolicy.standard`.
    audit_dates
        Dates of the two compliance audits (month end before the status date, status date).
    audits
        For each audit date, one :class:`~pmokit.governance.AuditRecord` per active project;
        at the status date ``dcma_checks_failed`` is the number of DCMA checks the project's
        part of the network fails.
    gates
        Project id -> (gate name, evidence) for the active projects' next gate.
    health
        Project id -> health indicator values (:meth:`HealthModel.standard` names).
    maturity_answers
        Answers (0..4) to :meth:`Questionnaire.p3m3_style`.
    start
        Start date of the integrated network (t = 0). (Formerly ``origin``, which still
        works for one release with a DeprecationWarning: ``start`` names every project
        start in pmokit.)
    status_offset
        The status date as a working-day offset from ``start`` (end of the status day).
    baseline_finish
        Activity id -> baseline finish [working days] (the CPM early finish).
    actual_start, actual_finish
        Activity id -> actual dates [working days] as of the status date.
    """

    methodologies: Mapping[str, Methodology] = attrs.field(converter=_methodologies)
    profiles: tuple[ProjectProfile, ...]
    tiers: Mapping[str, str] = attrs.field(converter=_str_strs)
    audit_dates: tuple[dt.date, ...]
    audits: tuple[tuple[AuditRecord, ...], ...]
    gates: Mapping[str, tuple[str, GateEvidence]] = attrs.field(converter=_gates)
    health: Mapping[str, Mapping[str, float]] = attrs.field(converter=_frozen_health)
    maturity_answers: Mapping[str, float] = attrs.field(converter=_str_floats)
    start: dt.date
    status_offset: float
    baseline_finish: Mapping[str, float] = attrs.field(converter=_str_floats)
    actual_start: Mapping[str, float] = attrs.field(converter=_str_floats)
    actual_finish: Mapping[str, float] = attrs.field(converter=_str_floats)

    @property
    def origin(self) -> dt.date:
        """Deprecated name of :attr:`start` (kept for one release)."""
        warn_renamed("GovernanceSample.origin", "GovernanceSample.start")
        return self.start


def _months(a: dt.date, b: dt.date) -> float:
    return (b - a).days / (365.25 / 12)


def governance_sample(pmo: SamplePMO) -> GovernanceSample:
    """Build the governance sample data from the sample PMO.

    Parameters
    ----------
    pmo
        The sample PMO (:func:`pmokit.datasets.sample_pmo`).

    Returns
    -------
    GovernanceSample

    Examples
    --------
    >>> from pmokit.datasets import sample_pmo
    >>> g = governance_sample(sample_pmo())
    >>> len(g.profiles), len(g.audits), g.audit_dates[-1]
    (12, 2, datetime.date(2026, 6, 30))
    """
    rng = as_generator(2026)
    meths = {
        "waterfall": Methodology.waterfall(),
        "agile": Methodology.agile(),
        "hybrid": Methodology.hybrid(),
    }
    profiles = tuple(
        ProjectProfile(
            p.id,
            budget=p.budget,
            duration_months=round(_months(p.start, p.planned_finish), 1),
            risk=float(p.risk),
            strategic_importance=float(math.ceil(max(p.strategic_fit.values()) / 2)),
        )
        for p in pmo.projects
    )
    tiers = {k: v[0] for k, v in assign_tiers(profiles).items()}
    active = [p for p in pmo.projects if p.status == "active"]

    # -- two audits: a month before the status date and at it -------------------------
    dates = (dt.date(2026, 5, 29), pmo.status_date)
    audits: list[tuple[AuditRecord, ...]] = []
    quality = {p.id: float(rng.uniform(0.3, 1.0)) for p in active}  # governance discipline
    for k, day in enumerate(dates):
        records = []
        for p in active:
            q = min(1.0, quality[p.id] + 0.15 * k)  # the PMO's push improves discipline
            cpi = round(float(0.78 + 0.3 * q + rng.normal(0, 0.03)), 3)
            spi = round(float(0.75 + 0.3 * q + rng.normal(0, 0.03)), 3)
            records.append(
                AuditRecord(
                    p.id,
                    facts={
                        "baseline_set": q > 0.4,
                        "sponsor_assigned": True,
                        "risk_register_reviewed_on": day - dt.timedelta(days=int(60 * (1 - q))),
                        "status_report_on": day - dt.timedelta(days=int(25 * (1 - q))),
                        "benefits_reviewed_on": day - dt.timedelta(days=int(150 * (1 - q))),
                        "cpi": cpi,
                        "spi": spi,
                        "dcma_checks_failed": round(5 * (1 - q)),
                        "overdue_actions": round(4 * (1 - q)),
                    },
                    deliverables={
                        "Business case": DeliverableStatus(True, q > 0.35),
                        "Project plan": DeliverableStatus(q > 0.45, q > 0.55),
                    },
                    tier=tiers[p.id],
                )
            )
        audits.append(tuple(records))

    # -- next gate of each active project ------------------------------------------------
    gates: dict[str, tuple[str, GateEvidence]] = {}
    for i, p in enumerate(active):
        m = meths[p.methodology]
        gate = m.gates[1]
        answers: dict[str, bool | float | None] = {}
        for c in gate.criteria:
            if c.kind == "must":
                answers[c.name] = not (i == 4 and c is gate.must_meet[-1])
            else:
                answers[c.name] = float(
                    np.clip(round(4 + 6 * quality[p.id] + rng.normal(0, 1)), 0, 10)
                )
        gates[p.id] = (gate.name, GateEvidence(answers, resources_available=i != 2))

    # -- health indicators at the status date -----------------------------------------
    last = {r.project: r for r in audits[-1]}
    health: dict[str, dict[str, float]] = {}
    for p in active:
        q = quality[p.id]
        f = last[p.id].facts
        health[p.id] = {
            "spi": float(f["spi"]),
            "milestone_slip_days": round(float(25 * (1 - q) + rng.uniform(0, 5)), 1),
            "cpi": float(f["cpi"]),
            "budget_variance_pct": round(float(18 * (1 - q) + rng.uniform(0, 3)), 1),
            "scope_change_pct": round(float(5 + 25 * (1 - q) * rng.uniform(0.5, 1.2)), 1),
            "high_risks_open": float(p.risk - 1 + int(3 * (1 - q))),
            "risk_review_age_days": float((dates[-1] - f["risk_register_reviewed_on"]).days),
            "acceptance_pass_pct": round(float(70 + 28 * q), 1),
            "staffing_fill_pct": round(float(70 + 30 * q), 1),
            "stakeholder_sat": round(float(2.5 + 2.2 * q), 2),
        }

    # -- maturity: an organisation at "repeatable" with pockets of "defined" ------------
    levels = {"OG": 3, "MC": 3, "BM": 1, "RM": 3, "SE": 2, "FM": 3, "RS": 2}
    answers_m: dict[str, float] = {}
    for q_ in Questionnaire.p3m3_style().questions:
        reached = levels[q_.id[:2]]
        answers_m[q_.id] = 4.0 if q_.level <= reached else (2.0 if q_.level == reached + 1 else 1.0)
    answers_m["BM2"] = 2.0

    # -- progress of the integrated network at the status date --------------------------
    net = pmo.network
    s = schedule(net)
    origin = min(p.start for p in active)
    now = float(pmo.calendar.offset_of(origin, pmo.status_date) + 1)
    base_f = {str(a): float(s.early_finish[i]) for i, a in enumerate(s.ids)}
    a_start: dict[str, float] = {}
    a_finish: dict[str, float] = {}
    d = net.compiled.duration
    for i, a in enumerate(map(str, s.ids)):  # the sample ids are strings
        es = float(s.early_start[i])
        slip = 0.0 if rng.random() < 0.8 else float(rng.integers(1, 4))
        factor = 1.0 if rng.random() < 0.8 else float(rng.uniform(1.05, 1.3))
        if es + slip <= now - 1:
            a_start[a] = es + slip
            fin = float(round(es + slip + float(d[i]) * factor))
            if fin <= now:
                a_finish[a] = fin
    # the status-date audit records the real DCMA result of each project's schedule
    failed = {
        p.id: len(
            dcma_assessment(
                net,
                project=p.id,
                status_date=now,
                actual_start=a_start,
                actual_finish=a_finish,
                baseline_finish=base_f,
            ).failed
        )
        for p in active
    }
    audits[-1] = tuple(
        attrs.evolve(r, facts={**r.facts, "dcma_checks_failed": failed[r.project]})
        for r in audits[-1]
    )
    return GovernanceSample(
        methodologies=meths,
        profiles=profiles,
        tiers=tiers,
        audit_dates=dates,
        audits=tuple(audits),
        gates=gates,
        health=health,
        maturity_answers=answers_m,
        start=origin,
        status_offset=now,
        baseline_finish=base_f,
        actual_start=a_start,
        actual_finish=a_finish,
    )
