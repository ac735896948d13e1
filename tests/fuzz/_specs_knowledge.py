"""Fuzz specs: pmokit.knowledge and pmokit.datasets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from pmokit.knowledge import Lesson, ProjectRecord
from tests.fuzz._framework import (
    Custom,
    Date,
    Exempt,
    Flag,
    Id,
    Ids,
    Keyed,
    Number,
    Spec,
)
from tests.strategies import dates

KN = "pmokit.knowledge."
D = "pmokit.datasets."


@st.composite
def _record(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(dates)
    return {
        "id": draw(st.sampled_from(["R1", "R2"])),
        "project_type": "it",
        "size": {"fp": float(draw(st.integers(1, 500)))},
        "attributes": {"team": "a"},
        "team_size": float(draw(st.integers(1, 20))),
        "start": start,
        "finish": start + dt.timedelta(days=draw(st.integers(0, 400))),
        "planned_cost": float(draw(st.integers(1, 1000))),
    }


@st.composite
def _kb(draw: st.DrawFn) -> dict[str, Any]:
    recs = [ProjectRecord(**{**draw(_record()), "id": f"R{i}"})
            for i in range(draw(st.integers(0, 4)))]
    lessons = [Lesson(f"L{i}", "risk", records=(recs[0].id,) if recs else ())
               for i in range(draw(st.integers(0, 2)))]
    return {"records": recs, "lessons": lessons}


def _bad_records(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    cur = list(current)
    options = [("None record", [*cur, None])]
    if cur:
        options.append(("duplicate record", [*cur, cur[0]]))
    return draw(st.sampled_from(options))


def _samples(fn_name: str) -> Spec:
    return Spec(st.builds(lambda: {"pmo": __import__("pmokit.datasets").datasets.sample_pmo()}),
                {}, examples=3)


SPECS: dict[str, Spec | Exempt] = {
    KN + "ProjectRecord": Spec(
        _record(),
        {"id": Id(), "size": Keyed(known=False, value=Number(minimum=0.0)),
         "attributes": Keyed(known=False, example="a"),
         "team_size": Number(minimum=0.0, strict=True, none_ok=True),
         "start": Date(none_ok=True), "finish": Date(none_ok=True),
         "planned_cost": Number(minimum=0.0, none_ok=True)},
        examples=150,
    ),
    KN + "Lesson": Spec(
        st.fixed_dictionaries({"id": st.just("L1"), "category": st.just("risk"),
                               "impact": st.integers(0, 5).map(float),
                               "tags": st.sampled_from([(), ("a", "b")]),
                               "positive": st.booleans()}),
        {"id": Id(), "category": Id(), "impact": Number(minimum=0.0), "tags": Ids(unique=False),
         "positive": Flag()},
        examples=80,
    ),
    KN + "PostProjectReview": Spec(
        st.fixed_dictionaries({"record_id": st.just("R1"), "date": dates,
                               "objectives_met": st.sampled_from([None, True, False])}),
        {"record_id": Id(), "date": Date(none_ok=True), "objectives_met": Flag(none_ok=True)},
        examples=60,
    ),
    KN + "Baseline": Spec(
        st.fixed_dictionaries({"label": st.just("B1"), "cost": st.integers(0, 100).map(float),
                               "duration": st.integers(0, 100).map(float)}),
        {"label": Id(), "cost": Number(minimum=0.0, none_ok=True),
         "duration": Number(minimum=0.0, none_ok=True), "date": Date(none_ok=True)},
        examples=60,
    ),
    KN + "KnowledgeBase": Spec(_kb(), {"records": Custom(_bad_records)}, examples=80),
    KN + "FeatureMatrix": Exempt("result class: built by KnowledgeBase.feature_matrix"),
    KN + "LessonThemes": Exempt("result class: built by KnowledgeBase.lesson_themes"),
    KN + "OverrunStatistics": Exempt("result class: built by KnowledgeBase.overruns"),
    KN + "SimilarProject": Exempt("result class: built by KnowledgeBase.similar"),
    KN + "SimilarProjects": Exempt("result class: built by KnowledgeBase.similar"),
    # datasets: built-in data, called with the sample PMO only
    D + "sample_pmo": Spec(st.just({}), {}, examples=2),
    D + "capacity_sample": _samples("capacity_sample"),
    D + "governance_sample": _samples("governance_sample"),
    D + "monitoring_sample": _samples("monitoring_sample"),
    D + "portfolio_sample": _samples("portfolio_sample"),
    D + "sample_dated_network": _samples("sample_dated_network"),
    D + "schedule_risk_sample": _samples("schedule_risk_sample"),
    D + "sample_history": _samples("sample_history"),
    D + "sample_resources": _samples("sample_resources"),
    D + "CapacitySample": Exempt("sample data container built by capacity_sample"),
    D + "GovernanceSample": Exempt("sample data container built by governance_sample"),
    D + "MonitoringSample": Exempt("sample data container built by monitoring_sample"),
    D + "PortfolioSample": Exempt("sample data container built by portfolio_sample"),
    D + "Programme": Exempt("sample data row built by sample_pmo"),
    D + "SamplePMO": Exempt("sample data container built by sample_pmo"),
    D + "SamplePerson": Exempt("sample data row built by sample_pmo"),
    D + "SampleProject": Exempt("sample data row built by sample_pmo"),
    D + "SampleAgileProject": Exempt("sample data row built by sample_pmo"),
    D + "ScheduleRiskSample": Exempt("sample data container built by schedule_risk_sample"),
}

_MPXJ = "pmokit.interop.mpxj."
for _name in ("Plan", "PlanActivity", "PlanCalendar", "PlanLink", "Progress", "SavedDates",
              "from_mpxj", "start_jvm"):
    SPECS[_MPXJ + _name] = Exempt(
        "pmokit.interop.mpxj converts objects that MPXJ (a Java library, the mpxj extra) "
        "has read; it needs a JVM, so tests/interop covers it"
    )

for _name in ("ahp_priorities", "burn_up", "capacity_heatmap", "efficient_frontier",
              "finish_distribution", "gantt", "resource_load", "s_curve", "tornado"):
    SPECS["pmokit.plot." + _name] = Exempt(
        "draws a result on a matplotlib Axes (the plot extra, optional); its inputs are "
        "results the fuzzed functions build, and tests/plot checks the artists"
    )
SPECS["pmokit.progress.ProgressInfo"] = Exempt(
    "what a progress callback receives (built by the long runs, not by users)"
)
