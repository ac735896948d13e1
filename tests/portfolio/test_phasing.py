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
from tests._hypothesis import examples
from tests._requires import requires_pulp
from tests.portfolio.test_selection import _sparse_instance
from tests.portfolio.test_selection import instances as plain_instances


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
            (a, b, lag)
            for (a, b), lag in draw(st.lists(st.tuples(pair, st.integers(-1, 1)), max_size=2))
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

        def meas(c: Candidate, b: Balance = b) -> float:
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
    @settings(max_examples=examples(150))
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
    @settings(max_examples=examples(40))
    def test_diagnosis_is_minimal_conflict(self, inst: dict[str, Any]) -> None:
        """An infeasible phased problem names rules that conflict (dropping any frees it)."""
        s = select(**inst, gap=0.0)
        if s.status != "infeasible":
            return
        assert s.diagnosis
        assert s.rejections == () and s.delays == ()


class TestZeroWidth:
    @given(plain_instances())
    @settings(max_examples=examples(80))
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
        prob += pulp.lpSum(
            float(by[i].costs[t - s]) * v
            for (i, s), v in y.items()
            if 0 <= t - s < by[i].costs.size
        ) <= float(inst["budgets"][t])
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
    @settings(max_examples=examples(25))
    def test_small_instances(self, inst: dict[str, Any]) -> None:
        """Same optimum (or both infeasible) on small instances with every rule."""
        s = select(**inst, gap=0.0)
        ref = _pulp_phased(inst)
        if ref is None:
            assert s.status == "infeasible"
        else:
            assert s.total_value == pytest.approx(ref, abs=1e-6)


def _lp_bound(inst: dict[str, Any]) -> float:
    """The LP relaxation's value (an upper bound on the optimum), solved here on its own."""
    from scipy.optimize import Bounds, LinearConstraint
    from scipy.optimize import milp as scipy_milp

    m = build_phased_model(**inst)
    res = scipy_milp(
        -np.asarray(m.col_value),
        bounds=Bounds(m.lower, m.upper),
        constraints=[LinearConstraint(m.A, m.row_lower, m.row_upper)],
    )
    return -float(res.fun)


class TestGapAndTimeLimit:
    @pytest.mark.parametrize(("seed", "gap"), [(0, 0.05), (1, 0.02), (2, 1e-3), (3, 0.1)])
    def test_reported_gap_certifies_the_value(self, seed: int, gap: float) -> None:
        """'optimal' within ``gap``: the value is at most the optimum, and value * (1 + mip_gap)
        reaches it (the reported gap is a proven one), with mip_gap <= gap."""
        inst = _random_phased(seed)
        best = select(**inst, gap=0.0).total_value
        s = select(**inst, gap=gap)
        assert s.status == "optimal"
        assert 0.0 <= s.mip_gap <= gap
        assert s.total_value <= best + 1e-9
        assert s.total_value * (1.0 + s.mip_gap) >= best - 1e-9
        assert rules_hold(inst, _starts(s))

    def test_time_limit_is_one_budget_for_every_stage(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The LP-and-fix stage gets ``time_limit``; the full MILP then gets a fifth of what
        that stage left (the whole of it before the neighbourhood search, so 3.0 s here) and
        each neighbourhood MILP at most 8 % of the limit, within what is left (the whole
        limit again before the one-budget fix: 55 s for select(time_limit=30))."""
        import itertools
        import types

        from pmokit.portfolio import _selection

        # 100 at the start (deadline 110), 107 after the LP stage, then 0.1 s per reading
        clock = itertools.chain([100.0, 107.0], itertools.count(107.1, 0.1))
        monkeypatch.setattr(
            _selection, "time", types.SimpleNamespace(monotonic=lambda: next(clock)), raising=False
        )
        limits: list[tuple[Any, Any]] = []
        real = _selection.milp

        def recording(*args: Any, **kwargs: Any) -> Any:
            opts = kwargs["options"]
            limits.append((opts.get("node_limit"), opts.get("time_limit")))
            return real(*args, **kwargs)

        monkeypatch.setattr(_selection, "milp", recording)
        s = select(**_random_phased(0), gap=1e-9, time_limit=10.0)
        assert s.feasible
        assert limits[0] == (200, 10.0)  # the LP stage's neighbourhood MILP
        assert limits[1][0] is None and limits[1][1] == pytest.approx(0.6)  # the full MILP
        for node_limit, limit in limits[2:]:  # the neighbourhood search, if it ran
            assert node_limit is None and 0.0 < limit <= 0.8 + 1e-12

    @pytest.mark.parametrize("outcome", ["nothing", "worse", "rounding"])
    def test_time_limit_keeps_the_best_selection_with_a_proven_gap(
        self, monkeypatch: pytest.MonkeyPatch, outcome: str
    ) -> None:
        """When the full MILP stops at the time limit with no selection ('nothing') or a worse
        one than the LP-and-fix stage found ('worse'), select returns that stage's selection,
        'feasible', with the gap to the tighter proven bound (LP, or the MILP's dual bound);
        with no neighbourhood selection either ('rounding'), the LP optimum rounded."""
        from scipy.optimize import OptimizeResult

        from pmokit.portfolio import _selection

        inst = _random_phased(0)
        for k in ("must", "groups", "balance"):  # no selection is forced: zero is feasible
            del inst[k]
        best = select(**inst, gap=0.0).total_value
        lp = _lp_bound(inst)
        real = _selection.milp
        dual = 1.02 * best

        def stopped(*args: Any, **kwargs: Any) -> Any:
            if kwargs["options"].get("node_limit") is not None and outcome != "rounding":
                return real(*args, **kwargs)  # the neighbourhood MILP runs as usual
            if outcome in ("nothing", "rounding"):
                return OptimizeResult(status=1, x=None, mip_gap=None, mip_dual_bound=None)
            x = np.zeros(len(args[0]))
            return OptimizeResult(status=1, x=x, mip_gap=1.0, mip_dual_bound=-dual)

        monkeypatch.setattr(_selection, "milp", stopped)
        s = select(**inst, gap=1e-9, time_limit=60.0)
        assert s.status == "feasible"
        assert s.chosen and rules_hold(inst, _starts(s))
        v = s.total_value
        assert 0.0 < v <= best + 1e-9
        bound = min(lp, dual) if outcome == "worse" else lp
        assert bound < lp or outcome != "worse"
        assert s.mip_gap == pytest.approx((bound - v) / v, rel=1e-9)
        assert v * (1.0 + s.mip_gap) >= best - 1e-9


def _stall_full_milp(monkeypatch: pytest.MonkeyPatch, calls: list[int]) -> None:
    """The full MILP (a HiGHS call without a node limit right after the LP stage's
    node-limited one) stops at the time limit with no selection; the LP stage's MILP and the
    neighbourhood MILPs run as usual; ``calls`` counts the neighbourhood MILPs."""
    from scipy.optimize import OptimizeResult

    from pmokit.portfolio import _selection

    real = _selection.milp
    previous: list[Any] = [None]

    def stalled(*args: Any, **kwargs: Any) -> Any:
        node_limit = kwargs["options"].get("node_limit")
        after_lp_stage, previous[0] = previous[0] is not None, node_limit
        if node_limit is None:
            if after_lp_stage:
                return OptimizeResult(status=1, x=None, mip_gap=None, mip_dual_bound=None)
            calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(_selection, "milp", stalled)


class TestNeighbourhoodSearch:
    def test_improves_a_stalled_milp_and_keeps_every_rule(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When the full MILP stalls under a time limit, the search around the LP stage's
        selection finds a better one (before: that selection itself was returned), feasible
        on every rule, at most the optimum, with a proven gap."""
        from pmokit.portfolio import _selection

        inst = _random_phased(3, n=100)
        best = select(**inst, gap=0.0).total_value
        model = build_phased_model(**inst)
        c = -np.asarray(model.col_value)
        _, start, _ = _selection._lp_and_fix(
            c,
            model.A,
            model.row_lower,
            np.array(model.row_upper),
            model.lower,
            model.upper,
            gap=1e-9,
            time_limit=20.0,
        )
        assert start is not None
        calls: list[int] = []
        _stall_full_milp(monkeypatch, calls)
        s = select(**inst, gap=1e-9, time_limit=8.0)
        assert calls  # the search ran
        assert s.feasible
        assert rules_hold(inst, _starts(s))
        assert s.total_value > -float(c @ start) + 1.0
        assert s.total_value <= best + 1e-9
        assert s.mip_gap <= (_lp_bound(inst) - s.total_value) / s.total_value + 1e-12
        assert s.total_value * (1.0 + s.mip_gap) >= best - 1e-9

    def test_same_selection_on_a_rerun(self) -> None:
        """The neighbourhoods are chosen without random numbers: two searches whose
        neighbourhood MILPs all end within their limits (a minute each; 30 of the 80
        candidates at first) give the same selection and bound, no worse than the start,
        meeting every rule."""
        import time

        from pmokit.portfolio import _phasing, _selection

        inst = _random_phased(4, n=80)
        model = build_phased_model(**inst)
        c = -np.asarray(model.col_value)
        ru = np.array(model.row_upper)
        args = (c, model.A, model.row_lower, ru, model.lower, model.upper)
        _, start, bound = _selection._lp_and_fix(*args, gap=1e-9, time_limit=None)
        assert start is not None
        runs = [
            _selection._neighbourhood_search(
                *args,
                start,
                _phasing._neighbourhoods(model),
                deadline=time.monotonic() + 600.0,
                bound=bound,
                gap=1e-9,
                sub_limit=60.0,
                size=30,
            )
            for _ in range(2)
        ]
        (x1, b1), (x2, b2) = runs
        np.testing.assert_array_equal(x1, x2)
        assert b1 == b2 <= bound
        assert float(c @ x1) <= float(c @ start)
        assert _selection._meets_rows(model.A, model.row_lower, ru, x1)
        starts = {
            model.ids[int(model.col_cand[j])]: int(model.col_start[j])
            for j in np.nonzero(x1 > 0.5)[0]
        }
        assert rules_hold(inst, {i: starts.get(i) for i in model.ids})

    def test_stops_at_the_optimum_when_a_step_frees_everything(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """On 40 candidates the first neighbourhood frees them all: HiGHS's bound on it
        proves the optimum, so the search stops there with status 'optimal' and the optimum.
        (The neighbourhood MILP gets all the time it needs, so that a loaded machine, where
        the usual 5 s share may not suffice to prove it, cannot change the outcome.)"""
        from pmokit.portfolio import _selection

        inst = _random_phased(0)
        best = select(**inst, gap=0.0).total_value
        calls: list[int] = []
        _stall_full_milp(monkeypatch, calls)
        monkeypatch.setattr(_selection, "_SUB_SHARE", 1.0)
        monkeypatch.setattr(_selection, "_SUB_MAX", 600.0)
        s = select(**inst, gap=1e-4, time_limit=600.0)
        assert len(calls) == 1
        assert s.status == "optimal" and s.mip_gap <= 1e-4
        assert s.total_value == pytest.approx(best, rel=1e-4)
        assert rules_hold(inst, _starts(s))

    def test_no_time_limit_no_search(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without a time limit the full MILP runs to the gap and no neighbourhood MILP runs:
        the answer is HiGHS's, reproducible."""
        from pmokit.portfolio import _selection

        seen: list[int] = []
        real = _selection._neighbourhood_search

        def spy(*args: Any, **kwargs: Any) -> Any:
            seen.append(1)
            return real(*args, **kwargs)

        monkeypatch.setattr(_selection, "_neighbourhood_search", spy)
        inst = _random_phased(1)
        a = select(**inst, gap=1e-3)
        assert not seen and a.status == "optimal"


class TestExplanations:
    def test_delay_names_the_period_budget(self) -> None:
        """B waits for period 1: the delay names period 0's budget; starts and spend shift."""
        cands = [Candidate("A", 10, [6]), Candidate("B", 9, [5, 1], latest_start=1)]
        s = select(cands, budgets=[10, 10, 10])
        assert s.chosen == ("A", "B")
        assert (s.start_period("A"), s.start_period("B")) == (0, 1)
        np.testing.assert_array_equal(s.spend, [6.0, 5.0, 1.0])
        d = s.delay("B")
        assert d is not None and d.constraints == ("budget period 0",)
        assert d.start == 1 and d.earliest_start == 0 and d.value_lost == 0.0
        assert s.delay("A") is None

    def test_delay_names_the_skill(self) -> None:
        """A skill full in period 0 holds B back; skill use per period follows the starts."""
        cands = [
            Candidate("A", 10, [1], demands={"dev": [2]}),
            Candidate("B", 9, [1], demands={"dev": [1]}, latest_start=2),
        ]
        s = select(cands, budgets=[9, 9, 9], capacity={"dev": 2})
        assert s.start_period("B") == 1
        assert s.delay("B").constraints == ("capacity dev period 0",)  # type: ignore[union-attr]
        np.testing.assert_array_equal(s.resource_use, [[2.0, 1.0, 0.0]])
        assert "capacity dev period 0" in s.binding

    def test_rejection_names_every_period(self) -> None:
        """A candidate that fits no start is rejected naming each period's budget."""
        cands = [
            Candidate("A", 10, [8, 8, 8]),
            Candidate("B", 5, [4], latest_start=2),
        ]
        s = select(cands, budgets=[10, 10, 10])
        r = s.rejection("B")
        assert r.reason == "budget"
        assert r.constraints == ("budget period 0", "budget period 1", "budget period 2")

    def test_discount_rate_prefers_early(self) -> None:
        """With value lost to delay the earliest feasible start is chosen; value as discounted."""
        cands = [Candidate("A", 10, [5], latest_start=3, discount_rate=0.1)]
        s = select(cands, budgets=[0, 0, 9, 9])
        assert s.start_period("A") == 2
        assert s.total_value == pytest.approx(10 / 1.1**2)
        assert s.delay("A").value_lost == pytest.approx(10 - 10 / 1.1**2)  # type: ignore[union-attr]

    def test_start_values_choose_the_start(self) -> None:
        """A value per start period picks the most valuable start."""
        cands = [Candidate("A", 1, [5], latest_start=2, start_values=[3, 7, 4])]
        s = select(cands, budgets=[9, 9, 9])
        assert s.start_period("A") == 1 and s.total_value == 7.0

    def test_finish_to_start_and_together(self) -> None:
        """B starts lag periods after A finishes; C starts with A."""
        cands = [
            Candidate("A", 10, [1, 1], latest_start=2),
            Candidate("B", 10, [1], latest_start=5),
            Candidate("C", 10, [1], latest_start=5),
        ]
        s = select(
            cands,
            budgets=[9] * 6,
            finish_to_start=[("A", "B", 2)],
            start_together=[("A", "C")],
            must=["B", "C"],
        )
        a, b, c = (s.start_period(x) for x in "ABC")
        assert b >= a + 2 + 2 and c == a

    def test_unphased_selection_has_start_zero(self) -> None:
        """Plain select: start 0 for every selected candidate; start_period of a rejected one
        and of an unknown id are errors."""
        s = select([Candidate("A", 10, 6), Candidate("B", 9, 5)], budgets=10)
        assert not s.phased and s.start_period("A") == 0 and s.delays == ()
        with pytest.raises(ValidationError, match="'B' was not selected"):
            s.start_period("B")
        with pytest.raises(UnknownReferenceError):
            s.start_period("Z")

    def test_records_carry_start(self) -> None:
        """to_records gives each candidate's start (None when not selected)."""
        cands = [Candidate("A", 10, [6]), Candidate("B", 9, [5], latest_start=1)]
        recs = select(cands, budgets=[10, 10]).to_records()
        assert [r["start"] for r in recs] == [0, 1]
        assert recs[1]["constraints"] == "budget period 0"

    def test_model_pickles_read_only(self) -> None:
        """The phased model pickles equal, with read-only arrays."""
        m = build_phased_model([Candidate("A", 1, [1], latest_start=1)], budgets=[1, 1])
        m2 = pickle.loads(pickle.dumps(m))
        assert isinstance(m2, PhasedModel) and m2 == m
        assert not m2.col_start.flags.writeable


class TestBadInput:
    def test_latest_before_earliest(self) -> None:
        """A latest start before the earliest names the candidate."""
        with pytest.raises(ValidationError, match=r"latest_start of candidate 'A' must be >= its"):
            Candidate("A", 1, [1], earliest_start=3, latest_start=1)

    def test_start_not_an_int(self) -> None:
        """Start periods must be ints >= 0."""
        with pytest.raises(ValidationError, match="earliest_start of candidate 'A'"):
            Candidate("A", 1, [1], earliest_start=-1)
        with pytest.raises(ValidationError, match="latest_start of candidate 'A'"):
            Candidate("A", 1, [1], latest_start=1.5)  # type: ignore[arg-type]

    def test_profile_longer_than_horizon(self) -> None:
        """A profile that started at its latest start would end after the horizon."""
        cands = [Candidate("A", 1, [1, 1, 1], latest_start=2)]
        with pytest.raises(ValidationError, match=r"cost profile of candidate 'A' \(3 periods\)"):
            select(cands, budgets=[9, 9, 9])

    def test_impossible_lag_is_infeasible_with_rule(self) -> None:
        """A lag no start can meet: B forced in is infeasible, the rule in the diagnosis."""
        cands = [Candidate("A", 1, [1, 1], latest_start=1), Candidate("B", 1, [1], latest_start=2)]
        s = select(cands, budgets=[9] * 4, must=["B"], finish_to_start=[("A", "B", 2)])
        assert s.status == "infeasible"
        assert any(d.startswith("finish_to_start A -> B lag 2") for d in s.diagnosis)
        assert "must B" in s.diagnosis

    def test_impossible_lag_rejects_with_rule(self) -> None:
        """Not forced, B is rejected naming the dependency."""
        cands = [Candidate("A", 1, [1, 1], latest_start=1), Candidate("B", 1, [1], latest_start=2)]
        s = select(cands, budgets=[9] * 4, finish_to_start=[("A", "B", 2)])
        assert s.rejection("B").reason == "finish_to_start"

    def test_bad_rules(self) -> None:
        """Unknown ids, a self pair and a non-int lag are all named."""
        cands = [Candidate("A", 1, [1], latest_start=1), Candidate("B", 1, [1])]
        with pytest.raises(UnknownReferenceError, match="'Z'"):
            select(cands, budgets=[1, 1], finish_to_start=[("A", "Z")])
        with pytest.raises(ValidationError, match="two different"):
            select(cands, budgets=[1, 1], start_together=[("A", "A")])
        with pytest.raises(ValidationError, match="lag of finish_to_start rule"):
            select(cands, budgets=[1, 1], finish_to_start=[("A", "B", 0.5)])
        with pytest.raises(ValidationError, match="must be a pair"):
            select(cands, budgets=[1, 1], finish_to_start=["AB"])

    def test_start_values_and_rate(self) -> None:
        """start_values one per start; discount rate >= 0; start_value outside the window."""
        with pytest.raises(ValidationError, match="'start_values' of candidate 'A'"):
            Candidate("A", 1, [1], latest_start=2, start_values=[1, 2])
        with pytest.raises(ValidationError, match="discount_rate of candidate 'A'"):
            Candidate("A", 1, [1], discount_rate=-0.1)
        with pytest.raises(ValidationError, match=r"start of candidate 'A' must be in 0\.\.2"):
            Candidate("A", 1, [1], latest_start=2).start_value(3)


class TestCapacityBridge:
    def test_demands_at_chosen_starts_feed_allocate(self) -> None:
        """The selection's demands sit at the chosen starts and capacity.allocate takes them."""
        from pmokit.capacity import Person, allocate
        from pmokit.portfolio import capacity_demands

        cands = [
            Candidate("A", 10, [6, 1], demands={"dev": [2, 1]}),
            Candidate("B", 9, [5], demands={"dev": [1]}, latest_start=2),
        ]
        s = select(cands, budgets=[10, 10, 10], capacity={"dev": 2})
        dem = capacity_demands(s, cands, hours_per_unit=40.0)
        got = {(d.project, d.skill): d.hours.tolist() for d in dem}
        b = s.start_period("B")
        expected_b = [0.0, 0.0, 0.0]
        expected_b[b] = 40.0
        assert got == {("A", "dev"): [80.0, 40.0, 0.0], ("B", "dev"): expected_b}
        people = [Person("ann", {"dev": 1.0}), Person("bob", {"dev": 1.0})]
        alloc = allocate(people, dem, periods=3)
        assert alloc.status == "optimal"

    def test_infeasible_selection_refused(self) -> None:
        """An infeasible selection has no demands; a missing candidate is named."""
        from pmokit.portfolio import capacity_demands

        cands = [Candidate("A", 10, [6], latest_start=1)]
        bad = select(cands, budgets=[1, 1], must=["A"])
        with pytest.raises(ValidationError, match="must be feasible"):
            capacity_demands(bad, cands)
        ok = select(cands, budgets=[9, 9])
        with pytest.raises(UnknownReferenceError):
            capacity_demands(ok, [])


class TestPhasedFrontier:
    @given(phased_instances(max_n=4))
    @settings(max_examples=examples(30))
    def test_each_level_is_the_phased_optimum(self, inst: dict[str, Any]) -> None:
        """At every total budget the frontier's value is brute force's phased optimum under
        that total budget, and its starts keep every rule."""
        from pmokit.portfolio import efficient_frontier

        inst = {k: v for k, v in inst.items() if k not in ("finish_to_start", "start_together")}
        inst.pop("total_budget", None)
        levels = [0.0, 10.0, 25.0, 60.0]
        fr = efficient_frontier(
            inst["candidates"],
            levels,
            gap=0.0,
            **{k: v for k, v in inst.items() if k != "candidates"},
        )
        assert fr.ids == tuple(c.id for c in inst["candidates"])
        for i, level in enumerate(levels):
            best = brute_force({**inst, "total_budget": level})
            if fr.status[i] in ("optimal", "feasible"):
                assert best is not None
                assert fr.values[i] == pytest.approx(best, abs=1e-6)
                starts = {
                    c: (int(fr.starts[i, j]) if fr.starts[i, j] >= 0 else None)
                    for j, c in enumerate(fr.ids)
                }
                assert rules_hold({**inst, "total_budget": level}, starts)
            else:
                assert best is None

    def test_phased_frontier_needs_budgets(self) -> None:
        """Without budgets the horizon is unknown: refused with the fix."""
        from pmokit.portfolio import efficient_frontier

        with pytest.raises(ValidationError, match="'budgets' must be given for a phased"):
            efficient_frontier([Candidate("A", 1, [1], latest_start=1)], [1.0])


class TestScenarios:
    def test_budget_cut_moves_and_drops(self) -> None:
        """A budget cut moves B a period later and drops C; records list both."""
        from pmokit.portfolio import compare_scenarios

        cands = [
            Candidate("A", 10, [6]),
            Candidate("B", 9, [5], latest_start=1, start_values=[9, 8]),
            Candidate("C", 3, [4], latest_start=1, start_values=[3, 2]),
        ]
        base = select(cands, budgets=[15, 15])
        cut = select(cands, budgets=[9, 5])
        d = compare_scenarios(base, cut)
        assert d.moved == (("B", 0, 1),) and d.dropped == ("C",) and d.added == ()
        assert d.kept == ("A",)
        assert d.value_change == cut.total_value - base.total_value == -4.0
        assert [r["change"] for r in d.to_records()] == ["moved", "dropped"]
        back = compare_scenarios(cut, base)
        assert back.added == ("C",) and back.moved == (("B", 1, 0),)

    def test_more_people_of_a_skill(self) -> None:
        """More capacity of a skill lets a delayed candidate start earlier."""
        from pmokit.portfolio import compare_scenarios

        cands = [
            Candidate("A", 10, [1], demands={"dev": [2]}),
            Candidate("B", 9, [1], demands={"dev": [1]}, latest_start=2, discount_rate=0.1),
        ]
        few = select(cands, budgets=[9, 9, 9], capacity={"dev": 2})
        more = select(cands, budgets=[9, 9, 9], capacity={"dev": 3})
        d = compare_scenarios(few, more)
        assert d.moved == (("B", 1, 0),) and d.value_change > 0

    def test_bad_scenarios(self) -> None:
        """Infeasible selections and different candidates are refused."""
        from pmokit.portfolio import compare_scenarios

        a = select([Candidate("A", 1, [1], latest_start=1)], budgets=[1, 1])
        b = select([Candidate("B", 1, [1], latest_start=1)], budgets=[1, 1])
        bad = select([Candidate("A", 1, [5], latest_start=1)], budgets=[1, 1], must=["A"])
        with pytest.raises(ValidationError, match="same candidates"):
            compare_scenarios(a, b)
        with pytest.raises(ValidationError, match="'other' must be a feasible"):
            compare_scenarios(a, bad)


def test_capacity_demands_refuses_bad_input_fuzz2() -> None:
    """Found by the fuzz test: a None rate was accepted, a None selection raised AttributeError."""
    from pmokit.portfolio import capacity_demands, select

    cands = [Candidate("A", 10, [6], demands={"dev": [2]})]
    s = select(cands, budgets=[10])
    with pytest.raises(ValidationError, match="hours_per_unit"):
        capacity_demands(s, cands, hours_per_unit=None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="value"):
        capacity_demands(s, cands, value=-1.0)
    with pytest.raises(ValidationError, match="'selection' must be a Selection"):
        capacity_demands(None, cands)  # type: ignore[arg-type]


def test_last_periods_reads_demand_rows_per_skill_and_period() -> None:
    """The neighbourhoods' last period of each candidate: demand rows are (skill, period),
    so with one period every candidate ends in period 0 whichever skills it demands (before:
    a one-period model took the skill's row number for the period)."""
    from pmokit.portfolio._phasing import _last_periods

    cands = [
        Candidate("A", 10.0, [5.0], demands={"dev": [1.0], "ops": [1.0], "qa": [1.0]}),
        Candidate("B", 8.0, [4.0], demands={"qa": [1.0]}),
    ]
    model = build_phased_model(
        cands, budgets=[20.0], capacity={"dev": 3.0, "ops": 3.0, "qa": 3.0}
    )
    assert _last_periods(model).tolist() == [0, 0]
    inst = _random_phased(5, n=24, n_p=6)
    model = build_phased_model(**inst)
    late = {c.id: (c.latest_start, len(c.costs)) for c in inst["candidates"]}
    want = [late[i][0] + late[i][1] - 1 for i in model.ids]
    assert _last_periods(model).tolist() == want
