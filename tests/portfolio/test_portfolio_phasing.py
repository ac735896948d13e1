"""Tests of phased selection: select choosing start periods (time-indexed MILP), explanations."""

from __future__ import annotations

import itertools
import pickle
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmokit.errors import UnknownReferenceError, ValidationError
from pmokit.portfolio import (
    Balance,
    Candidate,
    Group,
    PhasedModel,
    build_phased_model,
    select,
)
from tests._requires import requires_pulp
from tests.portfolio.test_portfolio_selection import _sparse_instance
from tests.portfolio.test_portfolio_selection import instances as plain_instances


@st.composite
def phased_instances(draw: st.DrawFn, max_n: int = 4) -> dict[str, Any]:
    """A small random phased problem with every kind of rule."""
    n = draw(st.integers(2, max_n))
    n_p = draw(st.integers(2, 4))
    cands = []
    for i in range(n):
        # the first candidate's start can move, so select takes the phased path
        length = draw(st.integers(1, n_p - 1 if i == 0 else n_p))
        early = draw(st.integers(0, n_p - length - (i == 0)))
        late = draw(st.integers(early + (i == 0), min(n_p - length, early + 2)))
        costs = draw(st.lists(st.integers(0, 10), min_size=length, max_size=length))
        dem = draw(st.lists(st.integers(0, 3), min_size=length, max_size=length))
        kw: dict[str, Any] = {}
        how = draw(st.sampled_from(["flat", "rate", "values"]))
        if how == "rate":
            kw["discount_rate"] = draw(st.sampled_from([0.1, 0.5]))
        elif how == "values":
            kw["start_values"] = draw(
                st.lists(st.integers(-2, 20), min_size=late - early + 1, max_size=late - early + 1)
            )
        cands.append(
            Candidate(
                f"P{i}",
                float(draw(st.integers(-3, 20))),
                costs,
                category="a" if i == 0 else draw(st.sampled_from(["a", "b"])),
                demands={"dev": dem},
                earliest_start=early,
                latest_start=late,
                **kw,
            )
        )
    ids = [c.id for c in cands]
    pair = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1])
    rules: dict[str, Any] = {
        "budgets": draw(st.lists(st.integers(0, 25), min_size=n_p, max_size=n_p)),
        "capacity": {"dev": draw(st.integers(0, 6))},
        "must": draw(st.lists(st.sampled_from(ids), max_size=1, unique=True)),
        "must_not": draw(st.lists(st.sampled_from(ids), max_size=1, unique=True)),
        "requires": draw(st.lists(pair, max_size=1)),
        "excludes": draw(st.lists(pair, max_size=1)),
        "finish_to_start": [
            (a, b, lag) for (a, b), lag in draw(st.lists(st.tuples(pair, st.integers(-1, 1)), max_size=2))
        ],
        "start_together": draw(st.lists(pair, max_size=1)),
    }
    if draw(st.booleans()):
        rules["total_budget"] = draw(st.integers(0, 40))
    if draw(st.booleans()):
        members = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
        lo = draw(st.integers(0, 1))
        rules["groups"] = [Group("g", members, min=lo, max=draw(st.integers(lo, 2)))]
    if draw(st.booleans()):
        share = draw(st.sampled_from([0.2, 0.5]))
        measure = draw(st.sampled_from(["count", "cost", "value"]))
        if draw(st.booleans()):
            rules["balance"] = [Balance("a", min_share=share, measure=measure)]
        else:
            rules["balance"] = [Balance("a", max_share=share, measure=measure)]
    return {"candidates": cands, **rules}


def _profile(c: Candidate, start: int, n_p: int, arr: np.ndarray) -> np.ndarray:
    out = np.zeros(n_p)
    out[start : start + arr.size] = arr
    return out


def rules_hold(inst: dict[str, Any], starts: dict[Any, int | None]) -> bool:
    """Every rule checked directly on the candidates (no model matrix)."""
    cands = inst["candidates"]
    by = {c.id: c for c in cands}
    n_p = len(inst["budgets"])
    on = {k for k, s in starts.items() if s is not None}
    spend = sum(
        (_profile(c, starts[c.id], n_p, c.costs) for c in cands if c.id in on),  # type: ignore[arg-type]
        np.zeros(n_p),
    )
    if np.any(spend > np.asarray(inst["budgets"], dtype=float) + 1e-9):
        return False
    if inst.get("total_budget") is not None and spend.sum() > inst["total_budget"] + 1e-9:
        return False
    for skill, cap in inst.get("capacity", {}).items():
        use = sum(
            (
                _profile(c, starts[c.id], n_p, dict(c.demands)[skill])  # type: ignore[arg-type]
                for c in cands
                if c.id in on and skill in dict(c.demands)
            ),
            np.zeros(n_p),
        )
        if np.any(use > np.broadcast_to(np.asarray(cap, dtype=float), (n_p,)) + 1e-9):
            return False
    if any(m not in on for m in inst.get("must", ())):
        return False
    if any(m in on for m in inst.get("must_not", ())):
        return False
    if any(a in on and b not in on for a, b in inst.get("requires", ())):
        return False
    if any(a in on and b in on for a, b in inst.get("excludes", ())):
        return False
    for a, b, lag in inst.get("finish_to_start", ()):
        if b in on:
            if a not in on:
                return False
            if starts[b] < starts[a] + by[a].costs.size + lag:  # type: ignore[operator]
                return False
    for a, b in inst.get("start_together", ()):
        if starts[a] != starts[b]:
            return False
    for g in inst.get("groups", ()):
        k = sum(x in on for x in set(g.ids))
        if k < g.min or (g.max is not None and k > g.max):
            return False
    for b in inst.get("balance", ()):

        def meas(c: Candidate) -> float:
            if b.measure == "count":
                return 1.0
            if b.measure == "cost":
                return c.total_cost
            return c.start_value(starts[c.id])  # type: ignore[arg-type]

        total = sum(meas(by[x]) for x in on)
        part = sum(meas(by[x]) for x in on if by[x].category == b.category)
        if b.min_share is not None and part < b.min_share * total - 1e-9:
            return False
        if b.max_share is not None and part > b.max_share * total + 1e-9:
            return False
    return True


def brute_force(inst: dict[str, Any]) -> float | None:
    """Best value over every (selected?, start) combination, or None when none is feasible."""
    cands = inst["candidates"]
    options = [[None, *range(c.earliest_start, c.last_start + 1)] for c in cands]
    best: float | None = None
    for combo in itertools.product(*options):
        starts = {c.id: s for c, s in zip(cands, combo, strict=True)}
        if rules_hold(inst, starts):
            v = sum(c.start_value(s) for c, s in zip(cands, combo, strict=True) if s is not None)
            if best is None or v > best + 1e-12:
                best = v
    return best


def _starts(s: Any) -> dict[Any, int | None]:
    return {i: (int(s.starts[k]) if s.selected[k] else None) for k, i in enumerate(s.ids)}


class TestOptimality:
    @given(phased_instances())
    @settings(max_examples=150)
    def test_matches_brute_force(self, inst: dict[str, Any]) -> None:
        """The phased optimum equals brute force over every selection and start; the chosen
        starts satisfy every rule checked directly."""
        s = select(**inst, gap=0.0)
        best = brute_force(inst)
        if best is None:
            assert s.status == "infeasible"
            assert s.diagnosis
        else:
            assert s.status == "optimal"
            assert s.total_value == pytest.approx(best, abs=1e-6)
            assert rules_hold(inst, _starts(s))

    @given(phased_instances(max_n=3))
    @settings(max_examples=40)
    def test_diagnosis_is_minimal_conflict(self, inst: dict[str, Any]) -> None:
        """An infeasible phased problem names rules that conflict (dropping any frees it)."""
        s = select(**inst, gap=0.0)
        if s.status != "infeasible":
            return
        assert s.diagnosis
        assert s.rejections == () and s.delays == ()


class TestZeroWidth:
    @given(plain_instances())
    @settings(max_examples=80)
    def test_same_answer_as_select(self, inst: dict[str, Any]) -> None:
        """With every window of width zero, the phased model gives exactly select's answer."""
        plain = select(**inst)
        model = build_phased_model(**inst)
        phased = select(model)
        assert phased.phased and not plain.phased
        for field in (
            "status",
            "chosen",
            "total_value",
            "total_cost",
            "diagnosis",
            "binding",
            "constraints",
        ):
            assert getattr(phased, field) == getattr(plain, field), field
        assert repr(phased.rejections) == repr(plain.rejections)  # nan marginals compare equal
        for field in ("selected", "spend", "resource_use", "activity", "slack", "starts"):
            np.testing.assert_array_equal(getattr(phased, field), getattr(plain, field))

    @pytest.mark.parametrize("seed", [3])
    def test_same_answer_on_larger_instance(self, seed: int) -> None:
        """On the 400-candidate instance of the selection tests (LP-and-fix path) too."""
        inst = _sparse_instance(seed, n=100)
        plain = select(**inst, gap=1e-2)
        phased = select(build_phased_model(**inst), gap=1e-2)
        assert phased.chosen == plain.chosen
        assert phased.total_value == plain.total_value
        assert repr(phased.rejections) == repr(plain.rejections)
        # the sparse product sums in another order than the dense one: equal to rounding
        np.testing.assert_allclose(phased.spend, plain.spend, rtol=1e-12)


def _pulp_phased(inst: dict[str, Any]) -> float | None:
    """An independent time-indexed model in PuLP/CBC: one binary per (candidate, start),
    disaggregated precedence (each forbidden pair of starts excluded on its own)."""
    import pulp

    cands = inst["candidates"]
    by = {c.id: c for c in cands}
    n_p = len(inst["budgets"])
    prob = pulp.LpProblem("phased", pulp.LpMaximize)
    y = {
        (c.id, s): pulp.LpVariable(f"y_{c.id}_{s}", cat="Binary")
        for c in cands
        for s in range(c.earliest_start, c.last_start + 1)
    }

    def sel(i: Any) -> Any:
        return pulp.lpSum(v for (j, _), v in y.items() if j == i)

    prob += pulp.lpSum(by[i].start_value(s) * v for (i, s), v in y.items())
    for c in cands:
        prob += sel(c.id) <= 1
    for t in range(n_p):
        prob += (
            pulp.lpSum(
                float(by[i].costs[t - s]) * v
                for (i, s), v in y.items()
                if 0 <= t - s < by[i].costs.size
            )
            <= float(inst["budgets"][t])
        )
        for skill, cap in inst["capacity"].items():
            capt = float(np.broadcast_to(np.asarray(cap, dtype=float), (n_p,))[t])
            prob += (
                pulp.lpSum(
                    float(dict(by[i].demands)[skill][t - s]) * v
                    for (i, s), v in y.items()
                    if skill in dict(by[i].demands) and 0 <= t - s < by[i].costs.size
                )
                <= capt
            )
    if inst.get("total_budget") is not None:
        prob += pulp.lpSum(by[i].total_cost * v for (i, s), v in y.items()) <= inst["total_budget"]
    for m in inst.get("must", ()):
        prob += sel(m) == 1
    for m in inst.get("must_not", ()):
        prob += sel(m) == 0
    for a, b in inst.get("requires", ()):
        prob += sel(a) <= sel(b)
    for a, b in inst.get("excludes", ()):
        prob += sel(a) + sel(b) <= 1
    for a, b, lag in inst.get("finish_to_start", ()):
        prob += sel(b) <= sel(a)
        d = by[a].costs.size + lag
        for (i, sb), vb in y.items():
            if i != b:
                continue
            for (j, sa), va in y.items():
                if j == a and sb < sa + d:
                    prob += vb + va <= 1
    for a, b in inst.get("start_together", ()):
        prob += sel(a) == sel(b)
        for (i, s), v in y.items():
            if i == a:
                prob += v <= y.get((b, s), 0)
    for g in inst.get("groups", ()):
        k = pulp.lpSum(sel(i) for i in set(g.ids))
        prob += k >= g.min
        if g.max is not None:
            prob += k <= g.max
    for bal in inst.get("balance", ()):
        for share, is_min in ((bal.min_share, True), (bal.max_share, False)):
            if share is None:
                continue
            expr = pulp.lpSum(
                ((by[i].category == bal.category) - share)
                * (
                    1.0
                    if bal.measure == "count"
                    else by[i].total_cost
                    if bal.measure == "cost"
                    else by[i].start_value(s)
                )
                * v
                for (i, s), v in y.items()
            )
            prob += (expr >= 0) if is_min else (expr <= 0)
    prob.solve(pulp.PULP_CBC_CMD(msg=False))
    if pulp.LpStatus[prob.status] != "Optimal":
        return None
    return float(pulp.value(prob.objective) or 0.0)


def _random_phased(seed: int, n: int = 40, n_p: int = 10) -> dict[str, Any]:
    """A seeded phased instance with every rule type."""
    rng = np.random.default_rng(seed)
    cands = []
    for i in range(n):
        length = int(rng.integers(1, 5))
        early = int(rng.integers(0, n_p - length + 1))
        late = min(n_p - length, early + int(rng.integers(0, 4)))
        costs = rng.uniform(5, 30, length).round(0)
        kw: dict[str, Any] = {}
        if i % 3 == 0:
            kw["discount_rate"] = 0.05
        elif i % 3 == 1:
            kw["start_values"] = np.round(rng.uniform(10, 60) - np.arange(late - early + 1) * 2, 1)
        cands.append(
            Candidate(
                f"P{i}",
                round(float(rng.uniform(10, 60)), 1),
                costs,
                category=("a", "b")[i % 2],
                demands={
                    "dev": rng.uniform(0, 2, length).round(1),
                    "ops": rng.uniform(0, 1, length).round(1),
                },
                earliest_start=early,
                latest_start=late,
                **kw,
            )
        )
    return {
        "candidates": cands,
        "budgets": np.full(n_p, 60.0),
        "capacity": {"dev": 4.0, "ops": np.full(n_p, 2.5)},
        "total_budget": 700.0,
        "must": ["P1"],
        "must_not": ["P2"],
        "requires": [("P3", "P4")],
        "excludes": [("P5", "P6"), ("P7", "P8")],
        "finish_to_start": [("P9", "P10", 0), ("P11", "P12", 1), ("P13", "P14", -1)],
        "start_together": [("P15", "P16")],
        "groups": [Group("g", ["P17", "P18", "P19"], min=1, max=2)],
        "balance": [Balance("a", min_share=0.3, measure="count")],
    }


@requires_pulp
@pytest.mark.filterwarnings("ignore::DeprecationWarning:pulp")
class TestAgainstPulp:
    @pytest.mark.parametrize("seed", [0, 1, 2])
    def test_random_instances_every_rule(self, seed: int) -> None:
        """The phased optimum equals an independent time-indexed PuLP/CBC model."""
        inst = _random_phased(seed)
        s = select(**inst, gap=0.0)
        ref = _pulp_phased(inst)
        assert ref is not None
        assert s.status == "optimal"
        assert s.total_value == pytest.approx(ref, rel=1e-6)
        assert rules_hold(inst, _starts(s))

    @given(phased_instances(max_n=5))
    @settings(max_examples=25)
    def test_small_instances(self, inst: dict[str, Any]) -> None:
        """Same optimum (or both infeasible) on small instances with every rule."""
        s = select(**inst, gap=0.0)
        ref = _pulp_phased(inst)
        if ref is None:
            assert s.status == "infeasible"
        else:
            assert s.total_value == pytest.approx(ref, abs=1e-6)
