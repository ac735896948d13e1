"""Sample project history and lessons learned for the estimation and knowledge domains.

:func:`sample_history` builds a deterministic :class:`~pmokit.knowledge.KnowledgeBase` of
48 completed projects of the sample PMO's programmes (2019-2025), with function-point
sizes, planned and actual cost, duration and effort, plus lessons learned and
post-project reviews. The numbers are synthetic but shaped like published evidence:
effort grows slightly faster than size (``b`` about 1.1), and overruns are right-skewed
and larger for waterfall and data-migration-heavy projects.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from pmokit.knowledge import KnowledgeBase, Lesson, PostProjectReview, ProjectRecord

if TYPE_CHECKING:
    from pmokit.datasets._sample import SamplePMO

__all__ = ["sample_history"]

# project type -> (programme, methodologies, mean log overrun of cost, spread, FP range)
_TYPES = {
    "digital channel": ("DIG", ("agile", "agile", "hybrid", "agile"), 0.08, 0.15, (150, 900)),
    "crm": ("DIG", ("hybrid", "waterfall"), 0.22, 0.22, (400, 1600)),
    "erp": ("OPS", ("waterfall", "hybrid"), 0.30, 0.25, (800, 2500)),
    "analytics": ("OPS", ("agile", "agile", "hybrid"), 0.10, 0.18, (100, 600)),
    "data platform": ("OPS", ("hybrid", "waterfall"), 0.25, 0.22, (300, 1400)),
    "compliance": ("REG", ("waterfall", "hybrid", "agile"), 0.12, 0.12, (120, 700)),
}
_METHOD_BIAS = {"agile": -0.04, "hybrid": 0.0, "waterfall": 0.06}

_LESSONS = (
    (
        "requirements",
        "Scope grew after sign-off; change requests were not costed",
        4,
        "Freeze scope at the design gate; cost every change request",
        ("scope",),
    ),
    (
        "requirements",
        "Business owners unavailable for acceptance criteria",
        3,
        "Name a product owner with time allocated before initiation",
        ("scope", "roles"),
    ),
    (
        "data migration",
        "Legacy data quality far worse than assumed",
        5,
        "Profile source data during discovery; budget cleansing explicitly",
        ("data",),
    ),
    (
        "data migration",
        "Migration rehearsals started too late",
        4,
        "Plan three rehearsals, the first before system test",
        ("data", "testing"),
    ),
    (
        "supplier",
        "Vendor resources changed mid-project",
        4,
        "Contract for named key staff with replacement terms",
        ("vendor",),
    ),
    (
        "supplier",
        "Fixed-price contract hid a large change budget",
        3,
        "Compare supplier estimates with the reference class before award",
        ("vendor", "cost"),
    ),
    (
        "estimation",
        "Estimate anchored on the sponsor's target date",
        4,
        "Produce a reference-class forecast before committing a date",
        ("cost", "schedule"),
    ),
    (
        "estimation",
        "Three-point estimates gave no contingency for integration",
        3,
        "Estimate integration as its own work package",
        ("schedule",),
    ),
    (
        "testing",
        "Performance testing skipped to hold the date",
        5,
        "Make performance testing an entry criterion of go-live",
        ("testing", "quality"),
    ),
    (
        "change management",
        "Users trained too early and forgot",
        2,
        "Train within two weeks of go-live",
        ("adoption",),
    ),
    (
        "change management",
        "Early adopters network drove adoption",
        2,
        "Recruit champions in every team",
        ("adoption",),
    ),
    (
        "governance",
        "Stage gate passed with open red risks",
        4,
        "Gate criteria must include risk closure or explicit acceptance",
        ("risk",),
    ),
)


def sample_history(pmo: SamplePMO | None = None) -> KnowledgeBase:
    """The sample PMO's project history: 48 past projects, lessons and reviews.

    Parameters
    ----------
    pmo
        The PMO whose programmes and status date the history ends at (default: those
        of :func:`~pmokit.datasets.sample_pmo`, status date 2026-06-30).

    Returns
    -------
    KnowledgeBase
        Records ``H01`` .. ``H48`` (attributes ``programme``, sizes in
        ``function_points``, cost [currency], duration [working days], effort
        [hours]), 24 lessons and 12 post-project reviews.

    Examples
    --------
    >>> kb = sample_history()
    >>> len(kb), len(kb.lessons) > 0
    (48, True)
    """
    rng = np.random.default_rng(20260401)
    end = pmo.status_date if pmo is not None else dt.date(2026, 6, 30)
    programmes = {p.id for p in pmo.programmes} if pmo is not None else {"DIG", "OPS", "REG"}
    types = list(_TYPES)
    records: list[ProjectRecord] = []
    for i in range(48):
        ptype = types[i % len(types)]
        prog, methods, mu, sd, (fp_lo, fp_hi) = _TYPES[ptype]
        if prog not in programmes:
            prog = sorted(programmes)[0]
        method = methods[(i // len(types)) % len(methods)]
        fp = float(round(np.exp(rng.uniform(np.log(fp_lo), np.log(fp_hi)))))
        team = float(max(3, round(fp / 120 + rng.normal(0, 1))))
        # planned effort from an optimistic power law; actual from the true one
        planned_effort = round(6.5 * fp**1.08, -1)
        true_effort = 7.0 * fp**1.1 * float(np.exp(rng.normal(0.0, 0.25)))
        overrun = float(np.exp(rng.normal(mu + _METHOD_BIAS[method], sd)))
        actual_effort = round(max(true_effort, planned_effort * 0.7) * overrun**0.5, -1)
        rate = 82.0 + float(rng.normal(0, 6))
        planned_cost = round(planned_effort * rate * 1.15, -3)
        actual_cost = round(planned_cost * overrun, -3)
        planned_days = float(round(40 + 9 * fp**0.5))
        slip = float(np.exp(rng.normal(0.6 * (mu + _METHOD_BIAS[method]), 0.6 * sd + 0.05)))
        actual_days = float(round(planned_days * slip))
        finish = end - dt.timedelta(days=int(60 + 45 * (47 - i)))
        start = finish - dt.timedelta(days=int(actual_days * 7 / 5))
        benefits = round(planned_cost * float(rng.uniform(1.2, 2.5)), -3)
        realised = round(benefits * float(np.exp(rng.normal(-0.12, 0.2))), -3)
        tags = [ptype.split()[0], method]
        if ptype in ("crm", "erp", "data platform"):
            tags.append("data-migration")
        if overrun > 1.3:
            tags.append("troubled")
        records.append(
            ProjectRecord(
                f"H{i + 1:02d}",
                project_type=ptype,
                domain={"DIG": "customer", "OPS": "operations", "REG": "risk"}.get(prog, prog),
                methodology=method,
                size={"function_points": fp},
                attributes={"programme": prog, "vendor_led": bool(rng.random() < 0.4)},
                team_size=team,
                start=start,
                finish=finish,
                planned_cost=planned_cost,
                actual_cost=actual_cost,
                planned_duration=planned_days,
                actual_duration=actual_days,
                planned_effort=planned_effort,
                actual_effort=actual_effort,
                planned_benefits=benefits,
                realised_benefits=realised,
                tags=tags,
            )
        )
    lessons: list[Lesson] = []
    troubled = [r.id for r in records if "troubled" in r.tags] or [records[0].id]
    for j in range(24):
        category, what, impact, rec, ltags = _LESSONS[j % len(_LESSONS)]
        linked = (troubled[j % len(troubled)], records[(7 * j + 3) % len(records)].id)
        lessons.append(
            Lesson(
                f"L{j + 1:02d}",
                category,
                what,
                impact=float(impact),
                recommendation=rec,
                tags=ltags,
                records=linked,
                positive="Early adopters" in what,
            )
        )
    reviews = [
        PostProjectReview(
            r.id,
            date=r.finish,
            objectives_met=(r.ratio("benefits") or 0.0) >= 0.9,
            summary=f"{r.project_type} project closed at {r.ratio('cost'):.0%} of budget",
        )
        for r in records[-12:]
    ]
    return KnowledgeBase(records, lessons, reviews)
