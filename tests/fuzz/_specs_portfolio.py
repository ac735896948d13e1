"""Fuzz specs: pmokit.portfolio."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from pmokit.portfolio import (
    Candidate,
    Criterion,
    PairwiseMatrix,
    ahp_priorities,
    score,
)
from tests.fuzz._framework import (
    Array,
    Choice,
    Custom,
    Exempt,
    Flag,
    Id,
    Ids,
    Keyed,
    Number,
    OneOf,
    Ref,
    Spec,
    Text,
    built,
)

P = "pmokit.portfolio."


def _result(made_by: str) -> Exempt:
    return Exempt(f"result class: built by {made_by}, fuzzed through it")


money = st.integers(0, 100).map(float)
flows = st.lists(st.integers(-100, 100).map(float), min_size=2, max_size=8).map(
    lambda x: [-abs(x[0]) - 1.0, *x[1:]]
)
rates = st.sampled_from([0.0, 0.05, 0.1, -0.02, 0.3])


@st.composite
def _candidates(draw: st.DrawFn, periods: int = 2, skills: bool = False) -> list[Candidate]:
    n = draw(st.integers(1, 5))
    out = []
    for i in range(n):
        costs = [float(draw(st.integers(0, 10))) for _ in range(periods)]
        use = [float(draw(st.integers(0, 3))) for _ in range(periods)]
        demands = {"dev": use} if skills else ()
        out.append(
            Candidate(f"C{i}", float(draw(st.integers(0, 20))), costs,
                      category=draw(st.sampled_from(["x", "y"])), demands=demands)
        )
    return out


@st.composite
def _candidate(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "id": draw(st.sampled_from(["C1", 3])),
        "value": float(draw(st.integers(-5, 20))),
        "costs": draw(st.lists(money, min_size=1, max_size=3)),
        "category": draw(st.sampled_from([None, "x"])),
        "demands": draw(st.sampled_from([(), {"dev": [1.0]}])),
    }


@st.composite
def _select(draw: st.DrawFn, frontier: bool = False) -> dict[str, Any]:
    cands = draw(_candidates(skills=draw(st.booleans())))
    ids = [c.id for c in cands]
    kw: dict[str, Any] = {"candidates": cands}
    if frontier:
        kw["total_budgets"] = draw(st.one_of(st.integers(1, 5),
                                       st.lists(st.integers(0, 30).map(float), min_size=1,
                                                max_size=4)))
        if draw(st.booleans()):
            kw["budgets"] = [float(draw(st.integers(5, 30)))] * 2
    else:
        kw["budgets"] = [float(draw(st.integers(0, 30))) for _ in range(2)]
        kw["diagnose"] = draw(st.booleans())
        kw["objective"] = draw(st.sampled_from(["value", "count"]))
    if draw(st.booleans()):
        kw["capacity"] = {"dev": float(draw(st.integers(0, 6)))}
    if draw(st.booleans()):
        kw["must"] = [draw(st.sampled_from(ids))]
    if draw(st.booleans()):
        kw["must_not"] = [draw(st.sampled_from(ids))]
    if len(ids) > 1 and draw(st.booleans()):
        kw["requires"] = [(ids[0], ids[1])]
    if len(ids) > 1 and draw(st.booleans()):
        kw["excludes"] = [(ids[0], ids[-1])]
    return kw


def _bad_pairs(draw: st.DrawFn, current: Any) -> tuple[str, Any]:
    cur = list(current or [])
    return draw(st.sampled_from([("pair with unknown id", [*cur, ("C0", "ZZZ_unknown")]),
                                 ("self pair", [*cur, ("C0", "C0")]),
                                 ("pair of three", [*cur, ("C0", "C1", "C2")]),
                                 ("None pair", [*cur, None])]))


_select_kinds = {
    # inf: no limit in that period (documented on build_model)
    "budgets": OneOf((Array(minimum=0.0, inf_ok=True), Number(minimum=0.0, inf_ok=True))),
    "capacity": Keyed(value=Number(minimum=0.0, inf_ok=True)),  # inf: no limit, as budgets
    "must": Ids(known=True),
    "must_not": Ids(known=True),
    "requires": Custom(_bad_pairs),
    "excludes": Custom(_bad_pairs),
    "time_limit": Number(minimum=0.0, strict=True, none_ok=True),
    "gap": Number(minimum=0.0),
    "total_budget": Number(minimum=0.0, none_ok=True, inf_ok=True),  # inf: no limit
}


@st.composite
def _pairwise(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 4))
    vals = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            v = float(draw(st.sampled_from([1, 2, 3, 5, 9, 0.5, 0.25])))
            vals[i][j], vals[j][i] = v, 1.0 / v
    return {"labels": [f"L{i}" for i in range(n)], "values": vals}


def _matrix(draw: st.DrawFn, labels: tuple[str, ...] = ("A", "B", "C")) -> PairwiseMatrix:
    d = draw(_pairwise())
    return PairwiseMatrix(list(labels[: len(d["labels"])]) + [f"X{k}" for k in range(
        max(0, len(d["labels"]) - len(labels)))], d["values"])


@st.composite
def _ahp(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "matrix": PairwiseMatrix(**draw(_pairwise())),
        "method": draw(st.sampled_from(["eigenvector", "geometric"])),
        "n_revisions": draw(st.integers(0, 3)),
    }


@st.composite
def _aggregate_judgements(draw: st.DrawFn) -> dict[str, Any]:
    k = draw(st.integers(1, 3))
    base = draw(_pairwise())
    n = len(base["labels"])
    same_size = _pairwise().filter(lambda d: len(d["labels"]) == n)
    mats = [PairwiseMatrix(base["labels"], draw(same_size)["values"]) for _ in range(k)]
    kw: dict[str, Any] = {"matrices": mats}
    if draw(st.booleans()):
        kw["weights"] = [float(draw(st.integers(1, 5))) for _ in range(k)]
    return kw


@st.composite
def _aggregate_priorities(draw: st.DrawFn) -> dict[str, Any]:
    d = draw(_aggregate_judgements())
    kw: dict[str, Any] = {"results": [ahp_priorities(m) for m in d["matrices"]]}
    if "weights" in d:
        kw["weights"] = d["weights"]
    kw["method"] = draw(st.sampled_from(["geometric", "arithmetic"]))
    return kw


@st.composite
def _hierarchy(draw: st.DrawFn) -> dict[str, Any]:
    crit = PairwiseMatrix(["cost", "benefit"], [[1, 1 / 3], [3, 1]])
    a = draw(st.sampled_from([2.0, 0.25, 1.0]))
    return {
        "goal": "goal",
        "matrices": {"goal": crit,
                     "cost": PairwiseMatrix(["A", "B"], [[1, a], [1 / a, 1]]),
                     "benefit": PairwiseMatrix(["A", "B"], [[1, 1 / a], [a, 1]])},
    }


@st.composite
def _score(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 5))
    m = draw(st.integers(1, 3))
    crits = [Criterion(f"k{j}", float(draw(st.integers(1, 5))),
                       direction=draw(st.sampled_from(["benefit", "cost"])))
             for j in range(m)]
    values = [[float(draw(st.integers(0, 10))) for _ in range(m)] for _ in range(n)]
    return {"alternatives": [f"P{i}" for i in range(n)], "values": values, "criteria": crits}


@st.composite
def _sensitivity(draw: st.DrawFn) -> dict[str, Any]:
    ranking = built(score, **draw(_score()))
    return {"ranking": ranking, "k": draw(st.integers(1, 3)),
            "iterations": draw(st.integers(1, 200)),
            "spread": draw(st.sampled_from([0.0, 0.1, 0.5])), "rng": 1}


@st.composite
def _wsjf(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(1, 5))

    def col(lo: int) -> list[float]:
        return [float(draw(st.integers(lo, 10))) for _ in range(n)]

    return {"ids": [f"F{i}" for i in range(n)], "business_value": col(0),
            "time_criticality": col(0), "risk_reduction": col(0), "job_size": col(1)}


@st.composite
def _benefit_line(draw: st.DrawFn) -> dict[str, Any]:
    planned = draw(st.lists(money, min_size=1, max_size=5))
    realised = draw(st.lists(money, max_size=len(planned)))
    return {"id": "B1", "planned": planned, "realised": realised}


@st.composite
def _track(draw: st.DrawFn) -> dict[str, Any]:
    from pmokit.portfolio import BenefitLine

    lines = []
    as_of = draw(st.integers(0, 3))
    for i in range(draw(st.integers(1, 3))):
        planned = [float(draw(st.integers(0, 20))) for _ in range(4)]
        realised = [float(draw(st.integers(0, 20))) for _ in range(as_of)]
        lines.append(BenefitLine(f"B{i}", planned, realised))
    return {"lines": lines, "as_of": as_of, "method": draw(st.sampled_from(["ratio", "plan"])),
            "threshold": draw(st.sampled_from([0.5, 0.9]))}


def _finance(**extra: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"cash_flows": flows, **extra})


_flows_kind = Array()

SPECS: dict[str, Spec | Exempt] = {
    P + "Candidate": Spec(
        _candidate(),
        {"id": Id(), "value": Number(), "costs": Array(minimum=0.0),
         "category": Id(none_ok=True), "demands": Keyed(value=Array(minimum=0.0), known=False)},
        examples=120,
    ),
    P + "Criterion": Spec(
        st.fixed_dictionaries({"name": st.just("cost"), "weight": st.integers(0, 5).map(float),
                               "direction": st.sampled_from(["benefit", "cost"]),
                               "normalisation": st.sampled_from(["minmax", "max", "sum",
                                                                 "vector"])}),
        {"name": Id(), "weight": Number(minimum=0.0), "direction": Choice(),
         "normalisation": Choice()},
        examples=60,
    ),
    P + "Group": Spec(
        st.fixed_dictionaries({"name": st.just("g"), "ids": st.just(["C0", "C1"]),
                               "min": st.integers(0, 1), "max": st.sampled_from([None, 1, 2])}),
        {"ids": Ids(), "min": Number(minimum=0, integer=True),
         "max": Number(minimum=0, integer=True, none_ok=True)},
        examples=60,
    ),
    P + "Balance": Spec(
        st.fixed_dictionaries({"category": st.just("x"), "min_share": st.sampled_from([None, 0.1]),
                               "max_share": st.sampled_from([None, 0.6]),
                               "measure": st.sampled_from(["cost", "value", "count"])}),
        {"category": Id(), "min_share": Number(minimum=0.0, maximum=1.0, fraction=True,
                                               none_ok=True),
         "max_share": Number(minimum=0.0, maximum=1.0, fraction=True, none_ok=True),
         "measure": Choice()},
        examples=60,
    ),
    P + "BenefitLine": Spec(
        _benefit_line(),
        {"id": Id(), "planned": Array(minimum=0.0), "realised": Array(minimum=0.0)},
        examples=60,
    ),
    P + "PairwiseMatrix": Spec(
        _pairwise(), {"labels": Ids(), "values": Array(minimum=0.0, strict=True,
                                                        allow_nan=True)},
        examples=80,
    ),
    P + "ahp_priorities": Spec(
        _ahp(), {"method": Choice(), "random_index_table": Choice(),
                 "n_revisions": Number(minimum=0, integer=True)}, examples=80,
    ),
    P + "aggregate_judgements": Spec(
        _aggregate_judgements(), {"weights": Array(minimum=0.0, none_ok=True)}, examples=60
    ),
    P + "aggregate_priorities": Spec(
        _aggregate_priorities(), {"weights": Array(minimum=0.0, none_ok=True), "method": Choice()},
        examples=60,
    ),
    P + "ahp_hierarchy": Spec(
        _hierarchy(), {"goal": Ref(), "method": Choice(), "matrices": Keyed(known=False,
                                                                             example=None)},
        examples=60,
    ),
    P + "random_index": Spec(
        st.fixed_dictionaries({"n": st.integers(1, 15),
                               "table": st.sampled_from(["saaty2005", "saaty1980"])}),
        {"n": Number(minimum=1, integer=True), "table": Choice()}, examples=40,
    ),
    P + "score": Spec(
        _score(), {"alternatives": Ids(), "values": Array()}, examples=100
    ),
    P + "topsis": Spec(
        _score(), {"alternatives": Ids(), "values": Array()}, examples=80
    ),
    P + "ranking_sensitivity": Spec(
        _sensitivity(),
        {"k": Number(minimum=1, integer=True), "iterations": Number(minimum=1, integer=True,
                                                                    size=True),
         "spread": Number(minimum=0.0, maximum=1.0, fraction=True)},
        examples=60,
    ),
    P + "wsjf": Spec(
        _wsjf(),
        {"ids": Ids(), "business_value": Array(minimum=0.0), "time_criticality":
         Array(minimum=0.0), "risk_reduction": Array(minimum=0.0),
         "job_size": Array(minimum=0.0, strict=True)},
        examples=80,
    ),
    P + "select": Spec(_select(), {**_select_kinds, "diagnose": Flag(), "objective": Choice()},
                       examples=100),
    P + "build_model": Spec(_select().map(lambda d: {k: v for k, v in d.items() if k not in
                                                     ("diagnose", "objective")}),
                            # (time_limit and gap are select's: build_model solves nothing)
                            {k: v for k, v in _select_kinds.items()
                             if k not in ("time_limit", "gap")}, examples=100),
    P + "efficient_frontier": Spec(
        _select(frontier=True),
        # total_budgets (a sweep) instead of select's total_budget
        {**{k: v for k, v in _select_kinds.items() if k != "total_budget"},
         "total_budgets": OneOf((Array(minimum=0.0),
                                 Number(minimum=1, integer=True, size=True))),
         # None: no budget per period, the documented default
         "budgets": Array(minimum=0.0, inf_ok=True, none_ok=True)},
        examples=50,
    ),
    P + "track_benefits": Spec(
        _track(), {"as_of": Number(minimum=0, integer=True), "method": Choice(),
                   "threshold": Number(minimum=0.0)},
        examples=80,
    ),
    P + "npv": Spec(_finance(rate=rates, when=st.sampled_from(["start", "end"])),
                    {"rate": Number(minimum=-1.0, strict=True), "cash_flows": _flows_kind,
                     "when": Choice()}, examples=100),
    P + "irr": Spec(_finance(), {"cash_flows": _flows_kind, "low": Number(),
                                 "high": Number()}, examples=120),
    P + "mirr": Spec(_finance(finance_rate=rates, reinvest_rate=rates),
                     {"cash_flows": _flows_kind, "finance_rate": Number(minimum=-1.0,
                                                                        strict=True),
                      "reinvest_rate": Number(minimum=-1.0, strict=True)},
                     examples=80, nonfinite=frozenset({"result"})),
    P + "payback": Spec(_finance(), {"cash_flows": _flows_kind}, examples=80),
    P + "discounted_payback": Spec(_finance(rate=rates), {"cash_flows": _flows_kind,
                                                          "rate": Number(minimum=-1.0,
                                                                         strict=True)},
                                   examples=80),
    P + "benefit_cost_ratio": Spec(
        st.fixed_dictionaries({"benefits": st.lists(money, min_size=1, max_size=5),
                               "costs": st.lists(st.integers(1, 50).map(float), min_size=1,
                                                 max_size=5),
                               "rate": rates, "when": st.sampled_from(["start", "end"])}),
        {"benefits": Array(minimum=0.0), "costs": Array(minimum=0.0), "rate":
         Number(minimum=-1.0, strict=True), "when": Choice()},
        examples=80,
    ),
    P + "AHPResult": _result("ahp_priorities"),
    P + "BenefitsReport": _result("track_benefits"),
    P + "Frontier": _result("efficient_frontier"),
    P + "GroupPriorities": _result("aggregate_priorities"),
    P + "HierarchyResult": _result("ahp_hierarchy"),
    P + "IRRResult": _result("irr"),
    P + "PortfolioModel": _result("build_model"),
    P + "Ranking": _result("score, topsis and wsjf"),
    P + "RankingSensitivity": _result("ranking_sensitivity"),
    P + "Rejection": _result("select"),
    P + "Revision": _result("ahp_priorities"),
    P + "Selection": _result("select"),
}

__all__ = ["SPECS", "Text", "_matrix"]
