"""Fuzz specs: the cost, baseline and control-account names of pmokit.monitoring (issue 15)."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from pmokit.calendar import WorkCalendar
from pmokit.monitoring import (
    Baseline,
    ControlAccount,
    CostLine,
    WorkPackage,
    performance,
    time_phase,
)
from pmokit.portfolio import Candidate, select
from pmokit.scheduling import Activity, Network, schedule
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


@st.composite
def _sample_costs(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 20))
    return {"ids": ["A", "B"],
            "durations": np.array([[float(draw(st.integers(0, 10))), 3.0] for _ in range(n)]),
            "fixed": {"A": float(draw(st.integers(0, 100)))},
            "rates": {"B": float(draw(st.integers(0, 20)))}, "rng": 1}


@st.composite
def _joint(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 30))
    return {"finish_samples": [float(draw(st.integers(0, 50))) for _ in range(n)],
            "cost_samples": [float(draw(st.integers(0, 500))) for _ in range(n)],
            "finish": float(draw(st.integers(0, 50))), "cost": float(draw(st.integers(0, 500)))}


@st.composite
def _bei(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    return {"baseline_finish": [float(draw(st.integers(0, 30))) for _ in range(n)],
            "completed": [draw(st.booleans()) for _ in range(n)],
            "status": float(draw(st.integers(0, 30)))}


_COSTLINE_NAN = frozenset({"CostLine.rate", "CostLine.work"})  # nan unless labour (documented)


def _not_a(what: str) -> Any:
    def bad(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
        return draw(st.sampled_from([("None", None), (f"a string for a {what}", "X"),
                                     (f"a dict for a {what}", {})]))
    return bad


@st.composite
def _baseline(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(st.sampled_from("ABCDE"), min_size=0, max_size=5, unique=True))
    start = [float(draw(st.integers(0, 20))) for _ in ids]
    finish = [s + float(draw(st.integers(0, 10))) for s in start]
    return {"name": draw(st.sampled_from(["BL0", "now"])), "ids": tuple(ids),
            "start": np.array(start), "finish": np.array(finish),
            "cost": np.array([float(draw(st.integers(0, 500))) for _ in ids])}


@st.composite
def _work_package(draw: st.DrawFn) -> dict[str, Any]:
    technique = draw(st.sampled_from(["0/100", "50/50", "25/75", "percent_complete", "units",
                                      "loe", "milestones"]))
    kw: dict[str, Any] = {"id": "WP1", "activities": ["A", "B"][: draw(st.integers(1, 2))],
                          "technique": technique}
    if technique == "units":
        kw["units"] = float(draw(st.integers(1, 100)))
    if technique == "milestones":
        kw["milestones"] = {"M1": 1.0, "M2": float(draw(st.integers(1, 3)))}
    if draw(st.booleans()):
        kw["control_account"] = "CA1"
    return kw


def _line(draw: st.DrawFn) -> CostLine:
    k = draw(st.integers(0, 2))
    if k == 0:
        return CostLine.labour(float(draw(st.integers(0, 100))), float(draw(st.integers(0, 80))))
    if k == 1:
        return CostLine.non_labour(float(draw(st.integers(0, 1000))),
                                   curve=draw(st.sampled_from(["linear", (1.0, 2.0)])))
    return CostLine.fixed(float(draw(st.integers(0, 1000))),
                          at=draw(st.sampled_from(["start", "finish"])))


@st.composite
def _time_phase(draw: st.DrawFn) -> dict[str, Any]:
    net = draw(networks(min_size=1))
    sched = schedule(net)
    costs = {i: _line(draw) for i in net.ids if draw(st.booleans())} or {net.ids[0]: _line(draw)}
    kw: dict[str, Any] = {"schedule": sched, "costs": costs}
    if draw(st.booleans()):
        kw["calendar"], kw["start"] = WorkCalendar(), draw(dates)
        kw["freq"] = draw(st.sampled_from(["D", "W", "M", 3]))
    else:
        kw["freq"] = draw(st.integers(1, 6))
    return kw


def _bad_freq(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    return draw(st.sampled_from([("unknown choice", "nosuch"), ("None", None), ("zero", 0),
                                 ("negative", -2), ("float", 2.5), ("bool", True)]))


@st.composite
def _performance(draw: st.DrawFn) -> dict[str, Any]:
    sched = schedule(Network([Activity("A", float(draw(st.integers(1, 6)))),
                              Activity("B", float(draw(st.integers(1, 6))))]))
    pv = time_phase(sched, {"A": CostLine.non_labour(float(draw(st.integers(1, 1000)))),
                            "B": CostLine.labour(50.0, float(draw(st.integers(1, 40))))},
                    freq=draw(st.integers(1, 3)))
    n = draw(st.integers(1, 4))
    pct = sorted(float(draw(st.integers(0, 100))) for _ in range(n))
    technique = draw(st.sampled_from(["0/100", "50/50", "25/75", "percent_complete"]))
    packages = [WorkPackage("WP1", ["A"], technique, control_account="CA1"),
                WorkPackage("WP2", ["B"], "loe", control_account="CA2")]
    return {"planned": pv, "packages": packages, "progress": {"WP1": pct},
            "actual": {"WP1": [float(draw(st.integers(0, 300))) for _ in range(n)],
                       "WP2": [float(draw(st.integers(0, 300))) for _ in range(n)]},
            "check_units": False}


@st.composite
def _rollup(draw: st.DrawFn) -> dict[str, Any]:
    kw = draw(_performance())
    perf = built(performance, **kw)
    accounts = [ControlAccount("CA1", "1.1", "Eng"), ControlAccount("CA2", "1.2", "Eng")]
    return {"perf": perf, "accounts": accounts, "project": "P",
            "cv_percent": draw(st.sampled_from([(5.0, 10.0), (0.0, 0.0), (20.0, 50.0)]))}


def _bad_accounts(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    cur = list(current)
    return draw(st.sampled_from([("duplicate account", [*cur, cur[0]]),
                                 ("None account", [*cur, None]), ("not an account", [*cur, "CA9"]),
                                 ("missing account", cur[:1])]))


def _candidates(draw: st.DrawFn, horizon: int) -> list[Candidate]:
    out = []
    for i in range(draw(st.integers(1, 4))):
        length = draw(st.integers(1, horizon))
        latest = draw(st.integers(0, horizon - length))
        kw: dict[str, Any] = {"latest_start": latest}
        if draw(st.booleans()):
            kw["demands"] = {"dev": [float(draw(st.integers(0, 3))) for _ in range(length)]}
        out.append(Candidate(f"C{i}", float(draw(st.integers(1, 20))),
                             [float(draw(st.integers(0, 8))) for _ in range(length)], **kw))
    return out


@st.composite
def _phased(draw: st.DrawFn) -> dict[str, Any]:
    horizon = draw(st.integers(1, 4))
    cands = _candidates(draw, horizon)
    kw: dict[str, Any] = {"candidates": cands,
                          "budgets": [float(draw(st.integers(0, 20))) for _ in range(horizon)]}
    if draw(st.booleans()):
        kw["capacity"] = {"dev": float(draw(st.integers(0, 5)))}
    if len(cands) > 1 and draw(st.booleans()):
        kw["finish_to_start"] = [(cands[0].id, cands[1].id)]
    return kw


def _bad_fts(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    return draw(st.sampled_from([("unknown id in pair", [("C0", "ZZZ_unknown")]),
                                 ("self pair", [("C0", "C0")]),
                                 ("negative lag", [("C0", "C0", -1)]),
                                 ("None pair", [None])]))


@st.composite
def _demands(draw: st.DrawFn) -> dict[str, Any]:
    kw = draw(_phased())
    cands = kw["candidates"]
    sel = built(select, cands, budgets=kw["budgets"], capacity=kw.get("capacity"))
    return {"selection": sel, "candidates": cands,
            "hours_per_unit": float(draw(st.integers(1, 8))),
            "value": float(draw(st.integers(0, 3)))}


@st.composite
def _scenarios(draw: st.DrawFn) -> dict[str, Any]:
    horizon = draw(st.integers(1, 4))
    cands = _candidates(draw, horizon)
    base = built(select, cands, budgets=[float(draw(st.integers(0, 20))) for _ in range(horizon)])
    other = built(select, cands, budgets=[float(draw(st.integers(0, 20))) for _ in range(horizon)])
    return {"base": base, "other": other}


SPECS: dict[str, Spec | Exempt] = {
    M + "critical_path_length_index": Spec(
        st.fixed_dictionaries({"critical_path_length": st.integers(1, 100).map(float),
                               "total_float": st.integers(-10, 30).map(float)}),
        {"critical_path_length": Number(minimum=0.0, strict=True), "total_float": Number()},
        examples=60,
    ),
    M + "joint_confidence": Spec(
        _joint(), {"finish_samples": Array(), "cost_samples": Array(), "finish": Number(),
                   "cost": Number()}, examples=60,
    ),
    M + "baseline_execution_index": Spec(
        _bei(), {"baseline_finish": Array(allow_nan=True), "status": Number()}, examples=60,
        nonfinite=frozenset({"result[0]"}),  # BEI is NaN when no task was due (documented)
    ),
    M + "sample_costs": Spec(
        _sample_costs(), {"ids": Ids(), "durations": Array(minimum=0.0),
                          "fixed": Keyed(value=Number(minimum=0.0)),
                          "rates": Keyed(value=Number(minimum=0.0))},
        examples=60,
    ),
    M + "ControlAccount": Spec(
        st.just({"id": "CA1", "wbs": "1.1", "obs": "eng"}), {"id": Id()}, examples=30,
    ),
    M + "RiskCost": Spec(
        st.fixed_dictionaries({"id": st.just("R1"),
                               "probability": st.sampled_from([0.0, 0.3, 1.0]),
                               "impact": st.integers(0, 1000).map(float)}),
        {"id": Id(), "probability": Number(minimum=0.0, maximum=1.0, fraction=True)},
        examples=50,
    ),
    M + "SpreadCurve": Spec(
        st.fixed_dictionaries({"name": st.just("custom"),
                               "weights": st.lists(st.integers(0, 5).map(float), min_size=1,
                                                   max_size=5).filter(lambda w: sum(w) > 0)}),
        {"weights": Array(minimum=0.0)}, examples=50,
    ),
    M + "AccountLevel": Exempt("a Literal type alias"),
    M + "CostKind": Exempt("a Literal type alias"),
    M + "EvTechnique": Exempt("a Literal type alias"),
    M + "BaselineVariance": Exempt("result class: built by baseline_variance"),
    M + "ControlAccountReport": Exempt("result class: built by control_account_rollup"),
    M + "PlannedValue": Exempt("result class: built by time_phase"),
    M + "EarnedValueTables": Exempt(
        "result class: built by EarnedValueTables.from_frame (pandas tables; the core fuzz "
        "run needs no extra), read again by portfolio_earned_value"
    ),
    M + "PerformanceData": Exempt("result class: built by performance"),
    M + "CostScheduleSamples": Exempt("result class: built by simulate(costs=...)"),
    M + "Baseline": Spec(
        _baseline(), {"name": Id(), "ids": Ids(), "start": Array(), "finish": Array(),
                      "cost": Array(minimum=0.0)},
        examples=80,
    ),
    M + "baseline_variance": Spec(
        st.fixed_dictionaries({"current": _baseline().map(lambda k: Baseline(**k)),
                               "baseline": _baseline().map(lambda k: Baseline(**k))}),
        {"current": Custom(_not_a("baseline")), "baseline": Custom(_not_a("baseline"))},
        examples=80,
    ),
    M + "CostLine": Spec(
        st.fixed_dictionaries({"kind": st.sampled_from(["non_labour", "fixed"]),
                               "budget": st.integers(0, 1000).map(float),
                               "accrual": st.sampled_from(["spread", "start", "finish"])}),
        {"kind": Choice(), "budget": Number(minimum=0.0), "accrual": Choice()},
        examples=60, nonfinite=_COSTLINE_NAN,
    ),
    M + "CostLine.labour": Spec(
        st.fixed_dictionaries({"rate": st.integers(0, 200).map(float),
                               "work": st.integers(0, 500).map(float),
                               "curve": st.sampled_from(["linear", (1.0, 3.0, 1.0)])}),
        {"rate": Number(minimum=0.0), "work": Number(minimum=0.0)},
        examples=60, nonfinite=_COSTLINE_NAN,
    ),
    M + "CostLine.fixed": Spec(
        st.fixed_dictionaries({"amount": st.integers(0, 1000).map(float),
                               "at": st.sampled_from(["start", "finish"])}),
        {"amount": Number(minimum=0.0), "at": Choice()}, examples=40, nonfinite=_COSTLINE_NAN,
    ),
    M + "CostUncertainty": Spec(
        st.fixed_dictionaries({"fixed": st.dictionaries(st.sampled_from("ABC"),
                                                        st.integers(0, 100).map(float)),
                               "rates": st.dictionaries(st.sampled_from("ABC"),
                                                        st.integers(0, 20).map(float))}),
        {"fixed": Keyed(value=Number(minimum=0.0), known=False),
         "rates": Keyed(value=Number(minimum=0.0), known=False)},
        examples=60,
    ),
    M + "WorkPackage": Spec(
        _work_package(),
        {"id": Id(), "activities": Ids(), "technique": Choice(),
         "control_account": Id(none_ok=True), "units": Number(minimum=0.0, strict=True,
                                                              none_ok=True)},
        examples=80,
    ),
    M + "time_phase": Spec(
        _time_phase(),
        {"costs": Keyed(example=None), "start": Date(none_ok=True), "freq": Custom(_bad_freq),
         "starts": Keyed(value=Number(minimum=0.0)),
         "finishes": Keyed(value=Number(minimum=0.0))},
        examples=100,
    ),
    M + "performance": Spec(
        _performance(),
        {"progress": Keyed(value=Array(minimum=0.0)), "actual": Keyed(value=Array(minimum=0.0)),
         "periods": Number(minimum=1, integer=True, size=True, none_ok=True),
         "check_units": Flag()},
        examples=100,
    ),
    M + "control_account_rollup": Spec(
        _rollup(),
        {"perf": Custom(_not_a("performance data")), "accounts": Custom(_bad_accounts),
         "cv_percent": Array(minimum=0.0), "sv_percent": Array(minimum=0.0),
         "vac_percent": Array(minimum=0.0)},
        examples=80,
    ),
}


SPECS["pmokit.portfolio.Delay"] = Exempt("result class: built by select on a phased model "
                                         "(Selection.delays)")
SPECS["pmokit.portfolio.build_phased_model"] = Spec(
    _phased(), {"budgets": Array(minimum=0.0, inf_ok=True),
                "total_budget": Number(minimum=0.0, none_ok=True, inf_ok=True),
                "must": Ids(known=True), "must_not": Ids(known=True),
                "finish_to_start": Custom(_bad_fts)},
    examples=80,
    # open rows are -inf / inf, as documented on PortfolioModel (PhasedModel refers to it)
    nonfinite=frozenset({"PhasedModel.row_lower", "PhasedModel.row_upper"}),
)
SPECS["pmokit.portfolio.capacity_demands"] = Spec(
    _demands(), {"selection": Custom(_not_a("selection")),
                 "hours_per_unit": Number(minimum=0.0, strict=True),
                 "value": Number(minimum=0.0)},
    examples=60,
)
SPECS["pmokit.portfolio.compare_scenarios"] = Spec(
    _scenarios(), {"base": Custom(_not_a("selection")), "other": Custom(_not_a("selection"))},
    examples=60,
)
SPECS["pmokit.portfolio.PhasedModel"] = Exempt("result class: built by build_phased_model")
SPECS["pmokit.portfolio.ScenarioComparison"] = Exempt("result class: built by compare_scenarios")
