"""Fuzz specs: pmokit.monitoring."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from pmokit.calendar import WorkCalendar
from pmokit.monitoring import (
    ProbabilityImpactMatrix,
    RagStatus,
    Risk,
    earned_value,
)
from pmokit.scheduling import schedule
from tests.fuzz._framework import (
    Array,
    Choice,
    Custom,
    Date,
    Exempt,
    Flag,
    Id,
    Ids,
    Keyed,
    Number,
    Spec,
    built,
)
from tests.strategies import dates, networks

M = "pmokit.monitoring."


def _result(made_by: str) -> Exempt:
    return Exempt(f"result class: built by {made_by}, fuzzed through it")


@st.composite
def _series(draw: st.DrawFn) -> dict[str, Any]:
    pd_ = draw(st.integers(1, 6))
    at = draw(st.integers(1, 8))
    planned = [float(draw(st.integers(0, 30))) for _ in range(pd_)]
    earned = [float(draw(st.integers(0, 30))) for _ in range(at)]
    actual = [float(draw(st.integers(0, 40))) for _ in range(at)]
    return {"planned": planned, "earned": earned, "actual": actual, "cumulative": False}


@st.composite
def _ev(draw: st.DrawFn) -> dict[str, Any]:
    kw = draw(_series())
    if draw(st.booleans()):
        kw["calendar"] = WorkCalendar()
        kw["start"] = draw(dates)
        kw["freq"] = draw(st.sampled_from(["D", "W", "M"]))
    return kw


@st.composite
def _pev(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 3))
    at = draw(st.integers(1, 4))

    def grid(hi: int, m: int) -> list[list[float]]:
        return [[float(draw(st.integers(0, hi))) for _ in range(m)] for _ in range(n)]

    kw: dict[str, Any] = {"planned": grid(30, 4), "earned": grid(30, at), "actual": grid(40, at),
                          "cumulative": False}
    if draw(st.booleans()):
        kw["names"] = [f"P{i}" for i in range(n)]
    return kw


@st.composite
def _risk(draw: st.DrawFn) -> dict[str, Any]:
    cost = float(draw(st.integers(0, 1000)))
    kw: dict[str, Any] = {"id": "R1", "probability": draw(st.sampled_from([0.0, 0.1, 0.5, 1.0])),
                          "cost_impact": cost,
                          "schedule_impact": float(draw(st.integers(0, 20))),
                          "status": draw(st.sampled_from(["open", "closed", "occurred"])),
                          "project": draw(st.sampled_from(["", "P1"]))}
    if draw(st.booleans()):
        kw["cost_low"], kw["cost_high"] = cost / 2, cost * 2
    if draw(st.booleans()):
        kw["proximity"] = draw(dates)
    return kw


def _risks(draw: st.DrawFn) -> list[Risk]:
    return [Risk(f"R{i}", **{k: v for k, v in draw(_risk()).items() if k != "id"})
            for i in range(draw(st.integers(1, 4)))]


def _matrix() -> ProbabilityImpactMatrix:
    return ProbabilityImpactMatrix((0.1, 0.3, 0.5, 0.7), (100.0, 300.0, 600.0, 900.0),
                                   (2.0, 5.0, 10.0, 15.0))


@st.composite
def _assess(draw: st.DrawFn) -> dict[str, Any]:
    return {"risks": _risks(draw), "matrix": _matrix(), "include_closed": draw(st.booleans())}


@st.composite
def _contingency(draw: st.DrawFn) -> dict[str, Any]:
    return {"risks": _risks(draw), "iterations": draw(st.integers(10, 500)), "rng": 1,
            "percentiles": draw(st.sampled_from([(50.0, 80.0, 90.0), (10.0,), (95.0, 99.0)])),
            "include_closed": draw(st.booleans())}


def _bad_risks(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    cur = list(current)
    return draw(st.sampled_from([("duplicate risk", [*cur, cur[0]]), ("None risk", [*cur, None]),
                                 ("not a risk", [*cur, "R9"])]))


@st.composite
def _pim(draw: st.DrawFn) -> dict[str, Any]:
    return {"probability_edges": (0.1, 0.3, 0.5, 0.7),
            "cost_edges": (100.0, 300.0, 600.0, 900.0),
            "schedule_edges": (2.0, 5.0, 10.0, 15.0),
            "amber_from": float(draw(st.integers(1, 8))),
            "red_from": float(draw(st.integers(9, 20)))}


@st.composite
def _rag_rule(draw: st.DrawFn) -> dict[str, Any]:
    below = draw(st.booleans())
    return {"measure": "cpi", "amber": 0.95 if below else 1.05, "red": 0.9 if below else 1.1,
            "direction": "below" if below else "above"}


@st.composite
def _rag_status_fn(draw: st.DrawFn) -> dict[str, Any]:
    ev = built(earned_value, **draw(_series()))
    kw: dict[str, Any] = {"metrics": draw(st.sampled_from([ev, {"cpi": 0.93, "spi_t": 1.0}]))}
    kw["missing"] = draw(st.sampled_from(["ignore", "error"]))
    if kw["missing"] == "error" and not isinstance(kw["metrics"], dict):
        kw["missing"] = "ignore"
    return kw


@st.composite
def _portfolio_rag(draw: st.DrawFn) -> dict[str, Any]:
    statuses = [RagStatus(f"P{i}", draw(st.sampled_from(["green", "amber", "red"])), ())
                for i in range(draw(st.integers(1, 4)))]
    kw: dict[str, Any] = {"statuses": statuses, "method": draw(st.sampled_from(["worst",
                                                                               "weighted"]))}
    if kw["method"] == "weighted" and draw(st.booleans()):
        kw["weights"] = {s.project: float(draw(st.integers(1, 5))) for s in statuses}
    return kw


@st.composite
def _evm_signals(draw: st.DrawFn) -> dict[str, Any]:
    return {"ev": built(earned_value, **draw(_series())), "project": "P1"}


@st.composite
def _exposure(draw: st.DrawFn) -> dict[str, Any]:
    return {"exposure": [float(draw(st.integers(0, 100))) for _ in range(draw(st.integers(1,
                                                                                           8)))],
            "growth": draw(st.sampled_from([0.05, 0.1, 0.5])),
            "consecutive": draw(st.integers(1, 4))}


@st.composite
def _float_snaps(draw: st.DrawFn) -> dict[str, Any]:
    ids = ("A", "B", "C")
    snaps = [{i: float(draw(st.integers(-5, 20))) for i in ids}
             for _ in range(draw(st.integers(1, 5)))]
    return {"snapshots": snaps, "erosion": float(draw(st.integers(1, 10)))}


@st.composite
def _milestone_snaps(draw: st.DrawFn) -> list[dict[str, dt.date]]:
    base = draw(dates)
    return [{m: base + dt.timedelta(days=draw(st.integers(0, 30))) for m in ("M1", "M2")}
            for _ in range(draw(st.integers(1, 5)))]


@st.composite
def _schedules_list(draw: st.DrawFn) -> dict[str, Any]:
    net = draw(networks(min_size=2))
    return {"schedules": [schedule(net) for _ in range(draw(st.integers(1, 3)))]}


@st.composite
def _milestone_snapshots(draw: st.DrawFn) -> dict[str, Any]:
    net = draw(networks(min_size=2))
    return {"schedules": [schedule(net)], "milestones": [net.ids[-1]],
            "calendar": WorkCalendar(), "start": draw(dates)}


@st.composite
def _rollup(draw: st.DrawFn) -> dict[str, Any]:
    evs = {f"P{i}": built(earned_value, **draw(_series())) for i in range(draw(st.integers(1,
                                                                                           3)))}
    return {"projects": evs}


_series_kinds = {"planned": Array(minimum=0.0), "earned": Array(minimum=0.0),
                 "actual": Array(minimum=0.0), "cumulative": Flag()}

SPECS: dict[str, Spec | Exempt] = {
    M + "earned_value": Spec(
        _ev(), {**_series_kinds, "budget": Number(minimum=0.0, strict=True, none_ok=True),
                "start": Date(none_ok=True), "freq": Choice(), "eac_method": Choice()},
        examples=150,
    ),
    M + "portfolio_earned_value": Spec(
        _pev(),
        {**_series_kinds, "names": Ids(),
         "bac": Array(minimum=0.0, strict=True, none_ok=True)},
        examples=100,
    ),
    M + "rollup_earned_value": Spec(_rollup(), {"projects": Keyed(known=False, example=None)},
                                    examples=60),
    M + "Risk": Spec(
        _risk(),
        {"id": Id(), "probability": Number(minimum=0.0, maximum=1.0, fraction=True),
         "cost_impact": Number(minimum=0.0), "schedule_impact": Number(minimum=0.0),
         "status": Choice(), "proximity": Date(none_ok=True),
         "project": Id(empty_ok=True)},  # "" (the default): no project, as documented
        examples=150,
    ),
    M + "ProbabilityImpactMatrix": Spec(
        _pim(), {"probability_edges": Array(minimum=0.0, fraction=True),
                 "cost_edges": Array(minimum=0.0), "schedule_edges": Array(minimum=0.0),
                 "amber_from": Number(), "red_from": Number()},
        examples=80,
    ),
    M + "ProbabilityImpactMatrix.level": Spec(
        st.fixed_dictionaries({"self": st.just(_matrix()),
                               "probability": st.sampled_from([0.0, 0.2, 0.9]),
                               "cost": st.sampled_from([0.0, 50.0, 1000.0])}),
        {"probability": Number(minimum=0.0, maximum=1.0, fraction=True),
         "cost": Number(minimum=0.0), "schedule": Number(minimum=0.0)},
        examples=60,
    ),
    M + "assess_risks": Spec(_assess(), {"risks": Custom(_bad_risks), "include_closed": Flag()},
                             examples=100),
    M + "risk_contingency": Spec(
        _contingency(),
        {"risks": Custom(_bad_risks), "iterations": Number(minimum=1, integer=True, size=True),
         "percentiles": Array(minimum=0.0), "include_closed": Flag()},
        examples=100,
    ),
    M + "RagRule": Spec(
        _rag_rule(), {"amber": Number(), "red": Number(), "direction": Choice()}, examples=60
    ),
    M + "rag_status": Spec(_rag_status_fn(), {"missing": Choice(), "metrics": Custom(
        lambda draw, cur: Keyed(known=False).bad(draw, cur if isinstance(cur, dict) else {}))},
                           examples=80),
    M + "portfolio_rag": Spec(
        _portfolio_rag(), {"method": Choice(), "weights": Keyed(value=Number(minimum=0.0)),
                           "amber_from": Number(), "red_from": Number()},
        examples=80,
    ),
    M + "evm_signals": Spec(_evm_signals(), {"cpi_stability": Number(minimum=0.0),
                                             "stable_after": Number(minimum=0.0)},
                            examples=60),
    M + "risk_exposure_signals": Spec(
        _exposure(), {"exposure": Array(minimum=0.0), "growth": Number(minimum=0.0),
                      "consecutive": Number(minimum=1, integer=True)}, examples=80,
    ),
    M + "float_erosion_signals": Spec(
        _float_snaps(), {"erosion": Number(minimum=0.0), "items": Ids(known=True)},
        examples=80,
    ),
    M + "float_snapshots": Spec(_schedules_list(), {}, examples=40),
    M + "milestone_snapshots": Spec(
        _milestone_snapshots(), {"milestones": Ids(), "start": Date()}, examples=40
    ),
    M + "milestone_trend": Spec(
        st.builds(lambda s: {"snapshots": s}, _milestone_snaps()),
        {"labels": Ids()}, examples=60,
    ),
    M + "milestone_slippage_signals": Spec(
        st.builds(lambda s, c: {"snapshots": s, "consecutive": c}, _milestone_snaps(),
                  st.integers(1, 3)),
        {"amber_after": Number(minimum=0.0), "red_after": Number(minimum=0.0),
         "consecutive": Number(minimum=1, integer=True)},
        examples=60,
    ),
    M + "EacMethod": Exempt("a Literal type alias"),
    M + "Rag": Exempt("a Literal type alias"),
    M + "RiskStatus": Exempt("a Literal type alias"),
    M + "Severity": Exempt("a Literal type alias"),
    M + "SignalKind": Exempt("a Literal type alias"),
    M + "EarnedValue": _result("earned_value"),
    M + "EarnedValueHistory": _result("EarnedValue.history"),
    M + "RiskHeatMap": _result("assess_risks"),
    M + "MilestoneTrend": _result("milestone_trend"),
    M + "PortfolioEarnedValue": _result("portfolio_earned_value"),
    M + "PortfolioRag": _result("portfolio_rag"),
    M + "RagStatus": _result("rag_status"),
    M + "RiskAssessment": _result("assess_risks"),
    M + "RiskContingency": _result("risk_contingency"),
    M + "SCurve": _result("EarnedValue.s_curve"),
    M + "Signal": _result("the *_signals functions"),
    M + "Signals": _result("the *_signals functions"),
}
